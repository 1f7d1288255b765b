-- SHA-256 of every file already loaded: loading the same bytes again changes nothing.
SELECT sha256, any_value(file_name) FROM meta.files WHERE status = 'loaded' GROUP BY sha256
