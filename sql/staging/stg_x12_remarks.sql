-- staging.stg_x12_remarks
-- Grain: one row per remark code (LQ at line level, MOA / MIA at claim level).
CREATE OR REPLACE VIEW staging.stg_x12_remarks AS
SELECT file_id, claim_index, line_index, source, qualifier, code
FROM raw.x12_remarks;

COMMENT ON VIEW staging.stg_x12_remarks IS 'One row per 835 remark code (LQ, MOA, MIA).';
