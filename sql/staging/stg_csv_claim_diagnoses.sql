-- staging.stg_csv_claim_diagnoses
-- Grain: one row per diagnosis of a submission of the claims extract, shaped
-- like its X12 counterpart.
CREATE OR REPLACE VIEW staging.stg_csv_claim_diagnoses AS
SELECT
    d.file_id,
    d.claim_index,
    d.billing_npi,
    d.claim_id,
    CAST(d.ordinal AS INTEGER) AS ordinal,
    CASE WHEN d.ordinal = 1 THEN 'ABK' ELSE 'ABF' END AS qualifier,
    d.code,
    CAST(NULL AS VARCHAR) AS present_on_admission
FROM (
    SELECT
        file_id,
        claim_index,
        billing_npi,
        claim_id,
        unnest(string_split(diagnosis_codes, '|')) AS code,
        generate_subscripts(string_split(diagnosis_codes, '|'), 1) AS ordinal
    FROM staging.stg_csv_claim_rows
    WHERE row_number = claim_index AND diagnosis_codes IS NOT NULL
) AS d;

COMMENT ON VIEW staging.stg_csv_claim_diagnoses IS 'Claims extract diagnoses, principal first.';
