-- SHA-256 of every file already loaded or rejected for its bytes: loading the
-- same bytes again changes nothing. A file rejected because it changed while it
-- was read (read_again) is not remembered: its next load reads it again.
SELECT
    sha256,
    any_value(file_name),
    CASE WHEN bool_or(status = 'loaded') THEN 'loaded' ELSE 'rejected' END
FROM meta.files
WHERE status = 'loaded' OR (status = 'rejected' AND NOT coalesce(read_again, false))
GROUP BY sha256
