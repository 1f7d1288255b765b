-- Distinct provider NPIs as sent on claims and remittances (billing, rendering,
-- payee). Grain: one row per distinct NPI. The check-digit test is the
-- NPI_INVALID rule; this checks the shape (ten digits).
SELECT npi, count(*) AS rows_with_npi
FROM (
    SELECT billing_npi AS npi FROM staging.stg_submissions
    UNION ALL
    SELECT rendering_npi FROM staging.stg_submissions WHERE rendering_npi IS NOT NULL
    UNION ALL
    SELECT billing_npi FROM staging.stg_x12_remittances
) AS all_npis
WHERE npi IS NOT NULL
GROUP BY npi
