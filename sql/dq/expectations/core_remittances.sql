-- One row per remittance (CLP): its key, whether it matches a submitted claim,
-- its posting date beside the claim's first submission date, and the 835
-- balance: CLP03 - (CLP04 + sum of claim and line CAS), in whole cents; zero
-- when the remittance balances.
WITH cas AS (
    SELECT file_id, claim_index, sum(amount) AS adjusted
    FROM core.adjustments
    GROUP BY file_id, claim_index
)
SELECT
    r.billing_npi || '|' || r.claim_id || '|' || r.remit_seq AS remittance_key,
    r.matched,
    r.posting_date,
    c.first_submitted_date,
    CAST((r.billed_amount - r.paid_amount - coalesce(a.adjusted, 0)) * 100 AS BIGINT)
        AS balance_difference_cents
FROM core.remittances AS r
LEFT JOIN cas AS a USING (file_id, claim_index)
LEFT JOIN core.claims AS c USING (billing_npi, claim_id)
