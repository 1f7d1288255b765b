-- core.submissions
-- Grain: one row per submission of a claim (an 837 CLM loop, or a claim of the
-- claims CSV extract). Claim key: (billing_npi, claim_id).
-- Purpose: the history every claim-level fact is read from. Within a claim,
-- submissions are ordered by submission date, then file load order, then
-- position in the file (submission_seq 1 = first).

CREATE OR REPLACE TABLE core.submissions AS
SELECT
    s.billing_npi,
    s.claim_id,
    row_number() OVER (
        PARTITION BY s.billing_npi, s.claim_id
        ORDER BY s.submission_date, s.file_id, s.claim_index
    ) AS submission_seq,
    s.file_id,
    s.claim_index,
    s.source,
    s.transaction_kind,
    s.submission_date,
    f.frequency_code,
    CASE WHEN s.source = 'x12' THEN s.frequency_code_sent ELSE s.frequency_code END
        AS frequency_code_sent,
    f.frequency_code = '8' AS is_void,
    f.frequency_code = '7' AS is_replacement,
    s.total_charge,
    -- The one place a missing payer id becomes 'UNKNOWN': every reader groups by it.
    coalesce(s.payer_id, 'UNKNOWN') AS payer_id,
    s.payer_name,
    s.claim_filing_indicator,
    s.payer_claim_control_number,
    md5(concat_ws('|', s.payer_id, s.subscriber_member_id, upper(s.patient_last_name),
        upper(s.patient_first_name), CAST(s.patient_birth_date AS VARCHAR))) AS patient_key,
    s.subscriber_member_id,
    s.patient_last_name,
    s.patient_first_name,
    s.patient_birth_date,
    s.patient_sex,
    s.facility_code,
    s.rendering_npi,
    s.rendering_taxonomy,
    s.attending_npi,
    s.referring_npi,
    s.billing_taxonomy,
    s.service_facility_npi,
    s.service_facility_name,
    s.service_facility_zip,
    s.statement_from,
    s.statement_to,
    s.submission_reason,
    s.ortho_months_total,
    s.ortho_months_remaining,
    s.interchange_control_number,
    s.transaction_control_number
FROM staging.stg_submissions AS s,
    -- Any frequency but 7 or 8, or none, is an original (metric definitions, section 1):
    -- the claim is kept and the code as sent stays in frequency_code_sent.
    LATERAL (
        SELECT CASE WHEN s.frequency_code IN ('7', '8') THEN s.frequency_code ELSE '1' END
            AS frequency_code
    ) AS f
WHERE s.billing_npi IS NOT NULL AND s.claim_id IS NOT NULL;

COMMENT ON TABLE core.submissions IS
    'Every submission of every claim (837 CLM or claims CSV), ordered within the claim by submission_seq.';
