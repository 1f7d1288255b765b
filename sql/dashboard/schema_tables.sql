-- Tables and views an analyst can query, with their descriptions (COMMENT ON).
SELECT schema_name, table_name, 'table' AS kind, comment, estimated_size AS rows
FROM duckdb_tables()
WHERE NOT internal AND NOT temporary AND schema_name IN ('core', 'mart', 'ref', 'meta', 'dq', 'staging', 'raw')
UNION ALL
SELECT schema_name, view_name, 'view', comment, NULL
FROM duckdb_views()
WHERE NOT internal AND NOT temporary AND schema_name IN ('core', 'mart', 'ref', 'meta', 'dq', 'staging', 'raw')
ORDER BY
    CASE schema_name WHEN 'mart' THEN 1 WHEN 'core' THEN 2 WHEN 'dq' THEN 3 WHEN 'ref' THEN 4
        WHEN 'meta' THEN 5 WHEN 'staging' THEN 6 ELSE 7 END,
    table_name
