-- Every 835 transaction set (one payment) with BPR02 beside what its CLPs and
-- PLBs add up to: BPR02 = sum of CLP04 - sum of PLB amounts (a positive PLB
-- amount reduces the payment). A debit (BPR03 = D) counts as a negative
-- payment. Grain: one row per 835 transaction set, keyed by file name and the
-- ordinal of its ST segment; money in whole cents.
WITH clp AS (
    SELECT file_id, transaction_index, sum(paid_amount) AS paid
    FROM raw.x12_remit_claims
    GROUP BY file_id, transaction_index
),
plb AS (
    SELECT file_id, transaction_index, sum(amount) AS provider_adjusted
    FROM raw.x12_provider_adjustments
    GROUP BY file_id, transaction_index
),
balanced AS (
    SELECT
        p.file_id,
        p.transaction_index,
        CASE WHEN p.credit_debit = 'D' THEN -p.payment_amount ELSE p.payment_amount END
            AS expected,
        coalesce(c.paid, 0) - coalesce(a.provider_adjusted, 0) AS found,
        p.trace_number
    FROM raw.x12_payments AS p
    LEFT JOIN clp AS c USING (file_id, transaction_index)
    LEFT JOIN plb AS a USING (file_id, transaction_index)
)
SELECT
    f.file_name,
    t.first_segment AS segment,
    t.transaction_control_number,
    b.trace_number,
    CAST(b.expected * 100 AS BIGINT) AS expected_bpr02_cents,
    CAST(b.found * 100 AS BIGINT) AS found_clp04_less_plb_cents,
    CAST((b.expected - b.found) * 100 AS BIGINT) AS difference_cents
FROM balanced AS b
JOIN raw.x12_transactions AS t USING (file_id, transaction_index)
JOIN meta.files AS f USING (file_id)
ORDER BY f.file_name, t.first_segment
