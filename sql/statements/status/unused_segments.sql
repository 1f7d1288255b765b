-- Segments each listed X12 file sent that the implementation guide knows but
-- the parser does not read (counted, not dropped), for `rcm status`:
-- one row per file, e.g. 'PWK 3, K3 1' (most frequent first).
SELECT
    file_id,
    string_agg(segment_id || ' ' || segments, ', ' ORDER BY segments DESC, segment_id) AS not_used
FROM (
    SELECT file_id, segment_id, sum("count") AS segments
    FROM raw.x12_unused_segments
    WHERE file_id IN (SELECT unnest($1::INTEGER[]))
    GROUP BY file_id, segment_id
)
GROUP BY file_id
ORDER BY file_id DESC
