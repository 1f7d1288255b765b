-- core.write_offs
-- Grain: one row per adjustment of the adjustments extract that names a known claim.
-- Purpose: write-offs posted in the practice-management system take a claim
-- out of insurance A/R (metric definitions, section 2: a denied claim stays in
-- A/R until it is paid, voided, or written off by an adjustments extract).
CREATE OR REPLACE TABLE core.write_offs AS
SELECT
    a.billing_npi,
    a.claim_id,
    a.adjustment_date,
    a.amount,
    a.adjustment_reason,
    a.adjustment_type,
    a.adjustment_id,
    a.file_id,
    a.row_number
FROM staging.stg_csv_adjustments AS a
JOIN core.claims AS c ON c.billing_npi = a.billing_npi AND c.claim_id = a.claim_id;

COMMENT ON TABLE core.write_offs IS 'Write-offs from the adjustments extract, for known claims.';
