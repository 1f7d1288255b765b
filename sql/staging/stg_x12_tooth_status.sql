-- staging.stg_x12_tooth_status
-- Grain: one row per tooth status a dental claim reports (DN2), with its
-- claim's key.
CREATE OR REPLACE VIEW staging.stg_x12_tooth_status AS
SELECT
    s.file_id,
    s.claim_index,
    c.billing_npi,
    c.claim_id,
    s.segment,
    s.tooth_number,
    s.status_code,
    s.code_qualifier
FROM raw.x12_tooth_status AS s
JOIN raw.x12_claims AS c
    ON c.file_id = s.file_id AND c.claim_index = s.claim_index;

COMMENT ON VIEW staging.stg_x12_tooth_status IS
    'One row per tooth status (837D DN2: missing, to be extracted, extracted) a dental claim reports.';
