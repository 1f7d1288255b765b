-- staging.stg_csv_payers
-- Grain: one row per payer id in the payers extract (the latest file wins).
CREATE OR REPLACE VIEW staging.stg_csv_payers AS
SELECT
    payer_id,
    arg_max(payer_name, (file_id, row_number)) AS payer_name,
    arg_max(payer_type, (file_id, row_number)) AS payer_type,
    arg_max(claim_filing_indicator, (file_id, row_number)) AS claim_filing_indicator
FROM raw.csv_payers
GROUP BY payer_id;

COMMENT ON VIEW staging.stg_csv_payers IS 'Payers extract, one row per payer id (latest file wins).';
