-- Row-count reconciliation: for every raw table, the rows the ledger
-- (meta.files row_counts of loaded files) says were written against the rows
-- the table holds. Grain: one row per raw table.
WITH ledger AS (
    SELECT entry.key AS table_name, sum(entry.value) AS ledger_rows
    FROM (SELECT unnest(map_entries(row_counts)) AS entry FROM meta.files WHERE status = 'loaded')
    GROUP BY entry.key
),
warehouse AS (
    SELECT 'x12_transactions' AS table_name, count(*) AS warehouse_rows FROM raw.x12_transactions
    UNION ALL SELECT 'x12_claims', count(*) FROM raw.x12_claims
    UNION ALL SELECT 'x12_claim_lines', count(*) FROM raw.x12_claim_lines
    UNION ALL SELECT 'x12_claim_diagnoses', count(*) FROM raw.x12_claim_diagnoses
    UNION ALL SELECT 'x12_claim_codes', count(*) FROM raw.x12_claim_codes
    UNION ALL SELECT 'x12_parties', count(*) FROM raw.x12_parties
    UNION ALL SELECT 'x12_other_payers', count(*) FROM raw.x12_other_payers
    UNION ALL SELECT 'x12_payments', count(*) FROM raw.x12_payments
    UNION ALL SELECT 'x12_remit_claims', count(*) FROM raw.x12_remit_claims
    UNION ALL SELECT 'x12_remit_lines', count(*) FROM raw.x12_remit_lines
    UNION ALL SELECT 'x12_adjustments', count(*) FROM raw.x12_adjustments
    UNION ALL SELECT 'x12_remarks', count(*) FROM raw.x12_remarks
    UNION ALL SELECT 'x12_provider_adjustments', count(*) FROM raw.x12_provider_adjustments
    UNION ALL SELECT 'csv_claims', count(*) FROM raw.csv_claims
    UNION ALL SELECT 'csv_adjustments', count(*) FROM raw.csv_adjustments
    UNION ALL SELECT 'csv_patients', count(*) FROM raw.csv_patients
    UNION ALL SELECT 'csv_payers', count(*) FROM raw.csv_payers
    UNION ALL SELECT 'csv_providers', count(*) FROM raw.csv_providers
)
SELECT
    w.table_name,
    coalesce(l.ledger_rows, 0) AS ledger_rows,
    w.warehouse_rows
FROM warehouse AS w
LEFT JOIN ledger AS l USING (table_name)
