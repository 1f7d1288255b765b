-- core.claims
-- Grain: one row per claim, keyed by (billing_npi, claim_id) = (billing provider
-- NPI, patient control number CLM01).
-- Purpose: the claim as it stands now. Descriptive columns (payer, patient,
-- providers, location) and billed_amount come from the latest non-void
-- submission; first_submitted_date is the earliest submission's date; a claim
-- whose latest submission is a void (frequency 8) is voided from that date.
-- As-of readings (a void dated after D changes nothing at D) are made in the
-- marts from core.submissions.
CREATE OR REPLACE TABLE core.claims AS
WITH ranked AS (
    SELECT
        s.*,
        row_number() OVER (
            PARTITION BY billing_npi, claim_id ORDER BY submission_seq DESC
        ) AS from_latest,
        row_number() OVER (
            PARTITION BY billing_npi, claim_id, is_void ORDER BY submission_seq DESC
        ) AS from_latest_of_kind
    FROM core.submissions AS s
),
summary AS (
    SELECT
        billing_npi,
        claim_id,
        min(submission_date) AS first_submitted_date,
        max(submission_date) AS last_submitted_date,
        count(*) AS submission_count,
        count(*) FILTER (WHERE is_replacement) AS replacement_count
    FROM core.submissions
    GROUP BY billing_npi, claim_id
),
latest AS (
    SELECT billing_npi, claim_id, is_void AS latest_is_void, submission_date AS latest_date
    FROM ranked
    WHERE from_latest = 1
),
current_submission AS (
    SELECT *
    FROM ranked
    WHERE NOT is_void AND from_latest_of_kind = 1
),
first_submission AS (
    SELECT billing_npi, claim_id, file_id, claim_index
    FROM ranked
    WHERE submission_seq = 1
)
SELECT
    su.billing_npi,
    su.claim_id,
    su.first_submitted_date,
    su.last_submitted_date,
    su.submission_count,
    su.replacement_count,
    cur.total_charge AS billed_amount,
    la.latest_is_void AS is_voided,
    CASE WHEN la.latest_is_void THEN la.latest_date END AS voided_date,
    cur.payer_id,
    cur.payer_name,
    cur.claim_filing_indicator,
    cur.patient_key,
    cur.subscriber_member_id,
    cur.patient_last_name,
    cur.patient_first_name,
    cur.patient_birth_date,
    cur.patient_sex,
    cur.transaction_kind AS claim_type,
    cur.facility_code,
    coalesce(cur.rendering_npi, cur.attending_npi, su.billing_npi) AS rendering_npi,
    cur.referring_npi,
    cur.billing_taxonomy,
    coalesce(cur.service_facility_npi, su.billing_npi) AS location_id,
    coalesce(loc.location_name, cur.service_facility_name, cur.service_facility_npi, su.billing_npi)
        AS location_name,
    cur.file_id AS current_file_id,
    cur.claim_index AS current_claim_index,
    fs.file_id AS first_file_id
FROM summary AS su
JOIN latest AS la USING (billing_npi, claim_id)
LEFT JOIN current_submission AS cur USING (billing_npi, claim_id)
JOIN first_submission AS fs USING (billing_npi, claim_id)
LEFT JOIN core.locations AS loc ON loc.location_npi = cur.service_facility_npi;

COMMENT ON TABLE core.claims IS
    'One row per claim (billing NPI + patient control number) as it stands now: latest non-void submission, first submission date, void state.';
