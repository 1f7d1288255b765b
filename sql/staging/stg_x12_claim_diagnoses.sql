-- staging.stg_x12_claim_diagnoses
-- Grain: one row per diagnosis code of one 837 submission, in the order sent.
CREATE OR REPLACE VIEW staging.stg_x12_claim_diagnoses AS
SELECT
    d.file_id,
    d.claim_index,
    c.billing_npi,
    c.claim_id,
    d.ordinal,
    d.qualifier,
    d.code,
    d.present_on_admission
FROM raw.x12_claim_diagnoses AS d
JOIN raw.x12_claims AS c
    ON c.file_id = d.file_id AND c.claim_index = d.claim_index;

COMMENT ON VIEW staging.stg_x12_claim_diagnoses IS
    'One row per HI diagnosis of one 837 submission, with the claim key.';
