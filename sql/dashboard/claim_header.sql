-- One claim's facts at D (mart.claim_summary) with its patient, payer,
-- provider and location names.
SELECT
    s.*,
    c.payer_name,
    c.patient_last_name,
    c.patient_first_name,
    c.patient_birth_date,
    c.patient_sex,
    c.submission_count,
    c.replacement_count,
    p.name AS rendering_name,
    p.specialty AS rendering_specialty
FROM mart.claim_summary AS s
JOIN core.claims AS c USING (billing_npi, claim_id)
LEFT JOIN core.providers AS p ON p.npi = s.rendering_npi
WHERE s.billing_npi = $billing_npi AND s.claim_id = $claim_id
