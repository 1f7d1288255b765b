-- staging.stg_x12_line_teeth
-- Grain: one row per tooth a dental (837D) service line names (TOO).
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

COMMENT ON VIEW staging.stg_x12_line_teeth IS
    'One row per tooth (837D TOO) a dental service line names, with the claim key and tooth surfaces.';
