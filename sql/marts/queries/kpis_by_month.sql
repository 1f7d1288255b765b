-- KPIs month by month over [$period_start, $period_end) at as-of date $as_of,
-- all payers. Flow KPIs count each month's events as known at $as_of
-- (mart.monthly_flows_of over $facts); the snapshot KPIs (insurance A/R, days
-- in A/R, A/R > 90 days) are taken at the month's last day, or at $as_of when
-- that is earlier (mart.ar_snapshots_of over $buckets: mart.ar_month_ends for
-- the default as-of date, else a temporary table made by buckets_at.sql).
WITH
months AS (
    SELECT *
    FROM mart.month_ends(CAST($as_of AS DATE), CAST($period_start AS DATE), CAST($period_end AS DATE))
),
flows AS (
    SELECT *
    FROM mart.monthly_flows_of($facts, CAST($period_start AS DATE), CAST($period_end AS DATE))
    WHERE payer = 'ALL'
),
snapshots AS (
    SELECT * FROM mart.ar_snapshots_of($buckets) WHERE payer = 'ALL'
)
SELECT
    strftime(m.month_start, '%Y-%m') AS month,
    'ALL' AS payer,
    coalesce(f.gross_charges, 0) AS gross_charges,
    coalesce(f.submitted_claims, 0) AS submitted_claims,
    coalesce(f.clean_claims, 0) AS clean_claims,
    coalesce(f.remitted_claims, 0) AS remitted_claims,
    coalesce(f.denied_claims, 0) AS denied_claims,
    coalesce(f.denied_amount, 0) AS denied_amount,
    coalesce(f.first_remit_billed, 0) AS first_remit_billed,
    coalesce(f.first_pass_resolved_claims, 0) AS first_pass_resolved_claims,
    coalesce(f.recovered_claims, 0) AS recovered_claims,
    coalesce(f.collected, 0) AS collected,
    coalesce(f.remitted_billed, 0) AS remitted_billed,
    coalesce(f.net_collectible, 0) AS net_collectible,
    coalesce(f.paid_claims, 0) AS paid_claims,
    coalesce(f.days_to_pay_total, 0) AS days_to_pay_total,
    f.median_days_to_pay,
    coalesce(s.insurance_ar, 0) AS insurance_ar,
    coalesce(s.charges_last_90_days, 0) AS charges_last_90_days,
    coalesce(s.ar_over_90, 0) AS ar_over_90,
    (SELECT count(*) > 0 FROM dq.check_runs) AS checks_ran
FROM months AS m
LEFT JOIN flows AS f ON f.month_start = m.month_start
LEFT JOIN snapshots AS s ON s.as_of_date = m.snapshot_date
ORDER BY m.month_start
