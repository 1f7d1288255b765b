-- staging.stg_csv_adjustments
-- Grain: one row per adjustment in the adjustments extract (write-offs and
-- other balance adjustments posted in the practice-management system).
CREATE OR REPLACE VIEW staging.stg_csv_adjustments AS
SELECT
    file_id,
    row_number,
    billing_npi,
    claim_id,
    adjustment_id,
    adjustment_date,
    amount,
    reason AS adjustment_reason,
    coalesce(reason_code, 'other') AS adjustment_type
FROM raw.csv_adjustments;

COMMENT ON VIEW staging.stg_csv_adjustments IS 'Adjustments extract: write-offs posted outside the 835s.';
