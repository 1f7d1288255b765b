-- mart.ar_aging
-- Grain: one row per as-of date, payer and aging bucket. As-of dates: every
-- month end up to D, and D itself.
-- Implements the metric definitions, section 3 (A/R aging buckets) with the
-- readings of section 6: buckets of whole days of age_days(D) = D - first
-- submitted date, 0-30, 31-60, 61-90, 91-120, 121+; summing insurance_balance(D)
-- of non-voided claims whose balance is not zero.
CREATE OR REPLACE TABLE mart.ar_aging AS
WITH
bounds AS (SELECT as_of_date, first_date FROM mart.as_of),
dates AS (
    SELECT list(DISTINCT least(CAST(m.month_start + INTERVAL 1 MONTH AS DATE) - 1, b.as_of_date))
        AS as_of_dates
    FROM bounds AS b,
        range(date_trunc('month', b.first_date), b.as_of_date + 1, INTERVAL 1 MONTH)
            AS m(month_start)
),
balances AS (
    SELECT
        as_of_date,
        coalesce(payer_id, 'UNKNOWN') AS payer_id,
        CASE
            WHEN age_days <= 30 THEN 1
            WHEN age_days <= 60 THEN 2
            WHEN age_days <= 90 THEN 3
            WHEN age_days <= 120 THEN 4
            ELSE 5
        END AS bucket_order,
        insurance_balance
    FROM mart.claim_balances_at((SELECT as_of_dates FROM dates))
    WHERE NOT is_voided AND insurance_balance <> 0
)
SELECT
    as_of_date,
    payer_id,
    ['0-30', '31-60', '61-90', '91-120', '121+'][bucket_order] AS bucket,
    bucket_order,
    count(*) AS claims,
    sum(insurance_balance) AS balance
FROM balances
GROUP BY as_of_date, payer_id, bucket_order;

COMMENT ON TABLE mart.ar_aging IS
    'Insurance A/R by as-of date (month ends and D), payer and aging bucket (0-30 ... 121+ days).';
