-- Columns of every queryable table and view with type and description.
SELECT schema_name, table_name, column_name, data_type, comment
FROM duckdb_columns()
WHERE NOT internal AND schema_name IN ('core', 'mart', 'ref', 'meta', 'dq', 'staging', 'raw')
ORDER BY schema_name, table_name, column_index
