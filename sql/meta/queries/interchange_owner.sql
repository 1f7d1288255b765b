-- An earlier loaded file that carried one of the same interchanges as file $1.
-- $2: the new file's interchange keys ('<ISA06 sender>/<ISA13 control number>').
SELECT file_name
FROM meta.files
WHERE status = 'loaded'
  AND file_id <> $1
  AND list_has_any(interchange_keys, $2::VARCHAR[])
ORDER BY file_id
LIMIT 1
