-- Every interchange ('<sender>/<ISA13>') already loaded, with the first file that carried it.
SELECT key, arg_min(file_name, file_id)
FROM (SELECT unnest(interchange_keys) AS key, file_name, file_id FROM meta.files WHERE status = 'loaded')
GROUP BY key
