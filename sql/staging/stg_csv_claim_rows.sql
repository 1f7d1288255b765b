-- staging.stg_csv_claim_rows
-- Grain: one row per row of the claims extract, with the submission it belongs
-- to: a submission is one distinct (file, billing NPI, claim id, submission
-- date, frequency code); its claim_index is the first row of the submission in
-- its file.
CREATE OR REPLACE VIEW staging.stg_csv_claim_rows AS
SELECT
    r.* EXCLUDE (pm_claim_id),
    r.pm_claim_id AS claim_id,
    min(r.row_number) OVER (
        PARTITION BY r.file_id, r.billing_npi, r.pm_claim_id, r.submission_date, r.frequency_code
    ) AS claim_index
FROM raw.csv_claims AS r;

COMMENT ON VIEW staging.stg_csv_claim_rows IS 'Claims extract rows with the submission they belong to.';
