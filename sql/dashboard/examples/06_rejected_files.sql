-- Files rejected by a load, with the reason
SELECT file_name, kind, error, quarantine_path
FROM meta.files
WHERE status <> 'loaded'
ORDER BY file_id DESC
