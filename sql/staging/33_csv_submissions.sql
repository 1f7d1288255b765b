-- staging.stg_csv_submissions, staging.stg_csv_claim_lines, staging.stg_csv_claim_diagnoses
-- Grain: one row per submission / service line / diagnosis of the claims
-- extract, shaped like their X12 counterparts. A submission is one distinct
-- (file, billing NPI, claim id, submission date, frequency code); its
-- claim_index is the first row of the submission in its file.
CREATE OR REPLACE VIEW staging.stg_csv_claim_rows AS
SELECT
    r.* EXCLUDE (pm_claim_id),
    r.pm_claim_id AS claim_id,
    min(r.row_number) OVER (
        PARTITION BY r.file_id, r.billing_npi, r.pm_claim_id, r.submission_date, r.frequency_code
    ) AS claim_index
FROM raw.csv_claims AS r;

CREATE OR REPLACE VIEW staging.stg_csv_submissions AS
SELECT
    file_id,
    claim_index,
    'csv' AS source,
    'CSV' AS transaction_kind,
    CAST(NULL AS VARCHAR) AS interchange_control_number,
    CAST(NULL AS VARCHAR) AS group_control_number,
    CAST(NULL AS VARCHAR) AS transaction_control_number,
    CAST(NULL AS VARCHAR) AS sender_id,
    submission_date,
    billing_npi,
    claim_id,
    frequency_code,
    any_value(claim_total_charge) AS total_charge,
    any_value(place_of_service) AS facility_code,
    'B' AS facility_code_qualifier,
    any_value(claim_filing_indicator) AS claim_filing_indicator,
    'P' AS payer_responsibility,
    payer_id,
    CAST(NULL AS VARCHAR) AS payer_name,
    CAST(NULL AS VARCHAR) AS billing_name,
    CAST(NULL AS VARCHAR) AS billing_taxonomy,
    any_value(member_id) AS subscriber_member_id,
    any_value(patient_last_name) AS patient_last_name,
    any_value(patient_first_name) AS patient_first_name,
    any_value(patient_birth_date) AS patient_birth_date,
    any_value(patient_sex) AS patient_sex,
    any_value(original_payer_claim_number) AS payer_claim_control_number,
    CAST(NULL AS VARCHAR) AS prior_authorization,
    CAST(NULL AS DATE) AS statement_from,
    CAST(NULL AS DATE) AS statement_to,
    CAST(NULL AS DATE) AS admission_date,
    CAST(NULL AS VARCHAR) AS drg_code,
    any_value(rendering_npi) AS rendering_npi,
    any_value(rendering_taxonomy) AS rendering_taxonomy,
    CAST(NULL AS VARCHAR) AS attending_npi,
    CAST(NULL AS VARCHAR) AS referring_npi,
    any_value(location_npi) AS service_facility_npi,
    CAST(NULL AS VARCHAR) AS service_facility_name,
    CAST(NULL AS VARCHAR) AS service_facility_zip
FROM staging.stg_csv_claim_rows
GROUP BY file_id, claim_index, submission_date, billing_npi, claim_id, frequency_code, payer_id;

CREATE OR REPLACE VIEW staging.stg_csv_claim_lines AS
SELECT
    file_id,
    claim_index,
    billing_npi,
    claim_id,
    line_number,
    'HC' AS procedure_qualifier,
    procedure_code,
    nullif(split_part(modifiers, '|', 1), '') AS modifier_1,
    nullif(split_part(modifiers, '|', 2), '') AS modifier_2,
    nullif(split_part(modifiers, '|', 3), '') AS modifier_3,
    nullif(split_part(modifiers, '|', 4), '') AS modifier_4,
    CAST(NULL AS VARCHAR) AS revenue_code,
    line_charge AS charge,
    'UN' AS unit_type,
    units,
    place_of_service,
    nullif(string_split(diagnosis_codes, '|')[
        TRY_CAST(nullif(split_part(diagnosis_pointers, '|', 1), '') AS INTEGER)], '') AS dx_code_1,
    nullif(string_split(diagnosis_codes, '|')[
        TRY_CAST(nullif(split_part(diagnosis_pointers, '|', 2), '') AS INTEGER)], '') AS dx_code_2,
    nullif(string_split(diagnosis_codes, '|')[
        TRY_CAST(nullif(split_part(diagnosis_pointers, '|', 3), '') AS INTEGER)], '') AS dx_code_3,
    nullif(string_split(diagnosis_codes, '|')[
        TRY_CAST(nullif(split_part(diagnosis_pointers, '|', 4), '') AS INTEGER)], '') AS dx_code_4,
    service_date,
    service_date AS service_date_end,
    coalesce(rendering_npi, billing_npi) AS rendering_npi,
    CAST(NULL AS VARCHAR) AS line_control_number,
    CAST(NULL AS VARCHAR) AS ndc
FROM staging.stg_csv_claim_rows;

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

COMMENT ON VIEW staging.stg_csv_claim_rows IS 'Claims extract rows with the submission they belong to.';
COMMENT ON VIEW staging.stg_csv_submissions IS 'Claims extract submissions, shaped like 837 submissions.';
COMMENT ON VIEW staging.stg_csv_claim_lines IS 'Claims extract service lines, shaped like 837 lines.';
COMMENT ON VIEW staging.stg_csv_claim_diagnoses IS 'Claims extract diagnoses, principal first.';
