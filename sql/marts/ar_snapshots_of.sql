-- mart.ar_snapshots_of(buckets)
-- Grain: one row per as-of date and payer, plus 'ALL'. The snapshot KPIs of
-- section 3 at each date: insurance A/R, the last 90 days' charges (days in
-- A/R denominator x 90) and A/R over 90 days (age_days >= 91, buckets 4 and 5).
-- `buckets` names a table shaped like mart.ar_buckets_at: mart.ar_month_ends
-- for the month ends up to the default as-of date, or a temporary table of
-- mart.ar_buckets_at for other dates.
CREATE OR REPLACE MACRO mart.ar_snapshots_of(buckets) AS TABLE
SELECT
    as_of_date,
    CASE WHEN grouping(payer_id) = 1 THEN 'ALL' ELSE payer_id END AS payer,
    sum(balance) AS insurance_ar,
    sum(charges_last_90_days) AS charges_last_90_days,
    coalesce(sum(balance) FILTER (WHERE bucket_order >= 4), 0) AS ar_over_90
FROM query_table(buckets)
GROUP BY GROUPING SETS ((as_of_date, payer_id), (as_of_date));
