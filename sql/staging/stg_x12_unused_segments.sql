-- staging.stg_x12_unused_segments
-- Grain: one row per (file, transaction set, segment id) the implementation
-- guide allows but the product does not load.
-- Purpose: what a file carried that no table holds, so a user can see it was
-- read and set aside (e.g. "not used: PWK 3, K3 1"), never silently dropped.
CREATE OR REPLACE VIEW staging.stg_x12_unused_segments AS
SELECT
    u.file_id,
    u.transaction_index,
    t.transaction_kind,
    t.transaction_control_number,
    u.segment_id,
    u.count
FROM raw.x12_unused_segments AS u
JOIN raw.x12_transactions AS t
    ON t.file_id = u.file_id AND t.transaction_index = u.transaction_index;

COMMENT ON VIEW staging.stg_x12_unused_segments IS
    'Segments each X12 transaction set carried that its guide allows but the product does not load, with their count.';
