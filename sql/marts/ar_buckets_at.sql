-- mart.ar_buckets_at(dates)
-- Grain: one row per as-of date in `dates`, payer and aging bucket (1 = 0-30,
-- 2 = 31-60, 3 = 61-90, 4 = 91-120, 5 = 121+ days of age_days(D)). Voided
-- claims count nowhere. Everything the A/R aging and the snapshot KPIs need
-- (section 3), so one pass over the claim balances serves both:
--   claims: claims whose balance is not zero; balance: their insurance_balance(D);
--   charges_last_90_days: billed amount of claims first submitted in (D - 90, D].
CREATE OR REPLACE MACRO mart.ar_buckets_at(dates) AS TABLE
SELECT
    as_of_date,
    payer_id,
    mart.aging_bucket(age_days) AS bucket_order,
    count(*) FILTER (WHERE insurance_balance <> 0) AS claims,
    coalesce(sum(insurance_balance), 0) AS balance,
    coalesce(sum(billed_amount) FILTER (WHERE age_days <= 89), 0) AS charges_last_90_days
FROM mart.claim_balances_at(dates)
WHERE NOT is_voided
GROUP BY ALL;
