-- Whether the warehouse holds the acknowledgement tables and the unmatched
-- remittances view (warehouses made before 999 and 277CA files were loaded
-- do not).
SELECT
    (
        SELECT count(*) = 4
        FROM duckdb_tables()
        WHERE schema_name = 'core'
            AND table_name IN (
                'acknowledgements', 'claim_status_events', 'acknowledgement_errors',
                'submission_acknowledgements'
            )
    ) AND (
        SELECT count(*) = 1
        FROM duckdb_views()
        WHERE schema_name = 'core' AND view_name = 'unmatched_acknowledgements'
    ) AS has_acknowledgements,
    (
        SELECT count(*) = 1
        FROM duckdb_views()
        WHERE schema_name = 'core' AND view_name = 'unmatched_remittances'
    ) AS has_unmatched_remittances
