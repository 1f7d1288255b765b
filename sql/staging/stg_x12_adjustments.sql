-- staging.stg_x12_adjustments
-- Grain: one row per CAS group/reason/amount triple, claim level (line_index
-- null) or service-line level.
CREATE OR REPLACE VIEW staging.stg_x12_adjustments AS
SELECT
    a.file_id,
    a.claim_index,
    a.line_index,
    a.segment,
    a.group_code,
    a.reason_code,
    a.amount,
    a.quantity
FROM raw.x12_adjustments AS a;

COMMENT ON VIEW staging.stg_x12_adjustments IS
    'One row per 835 CAS amount (claim or line level), as sent.';
