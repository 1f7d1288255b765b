-- Every column of the documented schemas, to attach its description.
SELECT schema_name, table_name, column_name
FROM duckdb_columns()
WHERE database_name = current_database()
  AND schema_name IN (SELECT unnest($1::VARCHAR[]))
ORDER BY schema_name, table_name, column_index
