-- The load ledger (meta.files): every file offered to a load, newest first,
-- with its status and, for a rejected file, the reason and quarantine copy.
-- Rejected files first; at most $row_limit rows, `total` counts them all.
SELECT
    file_id,
    file_name,
    kind,
    status,
    size_bytes,
    error,
    warning,
    quarantine_path,
    CAST(loaded_at AS VARCHAR) AS loaded_at,
    sha256,
    count(*) OVER () AS total
FROM meta.files
ORDER BY status = 'loaded', loaded_at DESC, file_id DESC
LIMIT $row_limit
