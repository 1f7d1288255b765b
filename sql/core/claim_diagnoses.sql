-- core.claim_diagnoses
-- Grain: one row per diagnosis of a claim's current submission, in the order
-- sent (ordinal 1 = principal / first listed).
CREATE OR REPLACE TABLE core.claim_diagnoses AS
SELECT
    c.billing_npi,
    c.claim_id,
    d.ordinal,
    d.qualifier,
    d.code,
    d.present_on_admission
FROM staging.stg_claim_diagnoses AS d
JOIN core.claims AS c
    ON d.file_id = c.current_file_id AND d.claim_index = c.current_claim_index;

COMMENT ON TABLE core.claim_diagnoses IS
    'Diagnoses of each claim''s current submission, in the order sent.';
