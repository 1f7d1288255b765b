-- staging.stg_x12_submissions
-- Grain: one row per 837 CLM loop, i.e. one submission of a claim as sent.
-- Purpose: the parser's claims rows with their envelope and file, typed and
-- renamed for the core layer. Nothing is derived here but the claim key parts.

CREATE OR REPLACE VIEW staging.stg_x12_submissions AS
SELECT
    c.file_id,
    c.claim_index,
    'x12' AS source,
    t.transaction_kind,
    t.interchange_control_number,
    t.group_control_number,
    t.transaction_control_number,
    t.sender_id,
    c.submission_date,
    c.billing_npi,
    c.claim_id,
    -- CLM05-3 as sent; any value but 7 (replacement) or 8 (void), or none, is an original.
    c.frequency_code AS frequency_code_sent,
    CASE WHEN c.frequency_code IN ('7', '8') THEN c.frequency_code ELSE '1' END AS frequency_code,
    c.total_charge,
    c.facility_code,
    c.facility_code_qualifier,
    c.claim_filing_indicator,
    c.payer_responsibility,
    c.payer_id,
    c.payer_name,
    c.billing_name,
    c.billing_taxonomy,
    c.subscriber_member_id,
    coalesce(c.patient_last_name, c.subscriber_last_name) AS patient_last_name,
    coalesce(c.patient_first_name, c.subscriber_first_name) AS patient_first_name,
    coalesce(c.patient_birth_date, c.subscriber_birth_date) AS patient_birth_date,
    coalesce(c.patient_sex, c.subscriber_sex) AS patient_sex,
    c.payer_claim_control_number,
    c.prior_authorization,
    c.statement_from,
    c.statement_to,
    c.admission_date,
    c.drg_code,
    c.rendering_npi,
    c.rendering_taxonomy,
    c.attending_npi,
    c.referring_npi,
    c.service_facility_npi,
    c.service_facility_name,
    c.service_facility_zip,
    c.claim_service_date,
    c.appliance_placement_date,
    c.ortho_months_total,
    c.ortho_months_remaining,
    c.submission_reason
FROM raw.x12_claims AS c
JOIN raw.x12_transactions AS t
    ON t.file_id = c.file_id AND t.transaction_index = c.transaction_index;

COMMENT ON VIEW staging.stg_x12_submissions IS
    'One row per 837 CLM loop (one submission of a claim) with its envelope; typed parser output.';
