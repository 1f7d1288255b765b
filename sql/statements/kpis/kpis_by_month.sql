-- KPIs month by month over [$period_start, $period_end) at as-of date $as_of,
-- all payers. Flow KPIs count each month's events as known at $as_of
-- (mart.monthly_flows_of over $facts); the snapshot KPIs (insurance A/R, days
-- in A/R, A/R > 90 days) are taken at the month's last day, or at $as_of when
-- that is earlier (mart.ar_snapshots_of over $buckets: mart.ar_month_ends for
-- the default as-of date, else a temporary table made by buckets_at.sql).
SELECT
    *,
    (SELECT count(*) > 0 FROM dq.check_runs) AS checks_ran
FROM mart.kpi_months_of(
    $facts,
    $buckets,
    CAST($as_of AS DATE),
    CAST($period_start AS DATE),
    CAST($period_end AS DATE)
)
WHERE payer = 'ALL'
ORDER BY month_start
