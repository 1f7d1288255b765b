-- mart.ar_aging
-- Grain: one row per as-of date, payer and aging bucket. As-of dates: every
-- month end up to D, and D itself.
-- Implements the metric definitions, section 3 (A/R aging buckets) with the
-- readings of section 6: buckets of whole days of age_days(D) = D - first
-- submitted date, 0-30, 31-60, 61-90, 91-120, 121+; summing insurance_balance(D)
-- of non-voided claims whose balance is not zero. Read from mart.ar_month_ends.
CREATE OR REPLACE TABLE mart.ar_aging AS
SELECT
    as_of_date,
    payer_id,
    ['0-30', '31-60', '61-90', '91-120', '121+'][bucket_order] AS bucket,
    bucket_order,
    claims,
    balance
FROM mart.ar_month_ends
WHERE claims > 0;

COMMENT ON TABLE mart.ar_aging IS
    'Insurance A/R by as-of date (month ends and D), payer and aging bucket (0-30 ... 121+ days).';
