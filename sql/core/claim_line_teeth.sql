-- core.claim_line_teeth
-- Grain: one row per tooth named by a service line of a claim's current
-- submission (837D TOO). Key: (billing_npi, claim_id, line_number, tooth_ordinal).
CREATE OR REPLACE TABLE core.claim_line_teeth AS
SELECT
    c.billing_npi,
    c.claim_id,
    t.line_number,
    row_number() OVER (
        PARTITION BY c.billing_npi, c.claim_id, t.line_segment ORDER BY t.segment
    ) AS tooth_ordinal,
    t.code_qualifier,
    t.tooth_number,
    t.surfaces
FROM staging.stg_x12_line_teeth AS t
JOIN core.claims AS c
    ON t.file_id = c.current_file_id AND t.claim_index = c.current_claim_index;

COMMENT ON TABLE core.claim_line_teeth IS
    'Teeth (837D TOO) each dental line of a claim''s current submission names, in the order sent.';
