-- Rows per core table, for the load summary and `rcm status`.
SELECT schema_name || '.' || table_name AS table_name, estimated_size AS row_count
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name IN ('core', 'mart', 'dq')
ORDER BY 1
