-- One row per remittance (CLP): its key, the file and CLP segment it came
-- from, how it matched its claim (core.remittances.match_status and
-- unmatched_reason), its posting date beside the claim's first submission date,
-- and the 835 claim balance: CLP03 against CLP04 + the sum of its claim and
-- line CAS amounts, in whole cents (zero when it balances). The key is null for a remittance whose billing
-- provider is unknown; the file and segment locate it.
WITH cas AS (
    SELECT file_id, claim_index, sum(amount) AS adjusted
    FROM core.adjustments
    GROUP BY file_id, claim_index
)
SELECT
    r.billing_npi || '|' || r.claim_id || '|' || r.remit_seq AS remittance_key,
    f.file_name,
    r.segment,
    r.claim_id,
    r.match_status,
    r.unmatched_reason,
    r.posting_date,
    c.first_submitted_date,
    CAST(r.billed_amount * 100 AS BIGINT) AS expected_clp03_cents,
    CAST((r.paid_amount + coalesce(a.adjusted, 0)) * 100 AS BIGINT) AS found_clp04_plus_cas_cents,
    CAST((r.billed_amount - r.paid_amount - coalesce(a.adjusted, 0)) * 100 AS BIGINT)
        AS balance_difference_cents
FROM core.remittances AS r
JOIN meta.files AS f USING (file_id)
LEFT JOIN cas AS a USING (file_id, claim_index)
LEFT JOIN core.claims AS c USING (billing_npi, claim_id)
