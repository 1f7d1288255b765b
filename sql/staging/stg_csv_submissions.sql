-- staging.stg_csv_submissions
-- Grain: one row per submission of the claims extract (see
-- staging.stg_csv_claim_rows), shaped like its X12 counterpart.
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

COMMENT ON VIEW staging.stg_csv_submissions IS 'Claims extract submissions, shaped like 837 submissions.';
