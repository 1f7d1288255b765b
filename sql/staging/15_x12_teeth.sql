-- staging.stg_x12_line_teeth, staging.stg_x12_tooth_status
-- Grain: one row per tooth a dental (837D) service line names (TOO), and one
-- row per tooth status a dental claim reports (DN2).
-- Purpose: the teeth with their claim's key; a line's teeth join its line by
-- (file_id, claim_index, line_segment), the SV3 they follow.
CREATE OR REPLACE VIEW staging.stg_x12_line_teeth AS
SELECT
    t.file_id,
    t.claim_index,
    c.billing_npi,
    c.claim_id,
    t.line_number,
    t.line_segment,
    t.segment,
    t.code_qualifier,
    t.tooth_number,
    t.surfaces
FROM raw.x12_line_teeth AS t
JOIN raw.x12_claims AS c
    ON c.file_id = t.file_id AND c.claim_index = t.claim_index;

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

COMMENT ON VIEW staging.stg_x12_line_teeth IS
    'One row per tooth (837D TOO) a dental service line names, with the claim key and tooth surfaces.';
COMMENT ON VIEW staging.stg_x12_tooth_status IS
    'One row per tooth status (837D DN2: missing, to be extracted, extracted) a dental claim reports.';
