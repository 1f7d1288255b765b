-- Which of the unmatched views this warehouse has, for `rcm status`
-- (warehouses made before acknowledgements were loaded have neither).
SELECT view_name
FROM duckdb_views()
WHERE schema_name = 'core'
    AND view_name IN ('unmatched_acknowledgements', 'unmatched_remittances')
