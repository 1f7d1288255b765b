-- The ledger for `rcm status`: every file, newest first.
SELECT
    file_id,
    file_name,
    kind,
    status,
    size_bytes,
    list_sum(map_values(row_counts)) AS rows_loaded,
    strftime(loaded_at, '%Y-%m-%d %H:%M:%S') AS loaded_at,
    concat_ws(' / ', error, warning) AS error
FROM meta.files
ORDER BY file_id DESC
LIMIT $1
