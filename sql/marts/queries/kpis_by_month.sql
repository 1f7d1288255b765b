-- KPIs month by month over [$2, $3) at as-of date $1, all payers.
-- Flow KPIs count each month's events as known at $1; the snapshot KPIs
-- (insurance A/R, days in A/R, A/R > 90 days) are taken at the month's last
-- day, or at $1 when that is earlier.
WITH months AS (
    SELECT
        CAST(greatest(m.month_start, CAST($2 AS DATE)) AS DATE) AS period_start,
        CAST(least(m.month_start + INTERVAL 1 MONTH, CAST($3 AS DATE)) AS DATE) AS period_end,
        CAST(m.month_start AS DATE) AS month_start,
        least(CAST(m.month_start + INTERVAL 1 MONTH AS DATE) - 1, CAST($1 AS DATE))
            AS snapshot_date
    FROM range(date_trunc('month', CAST($2 AS DATE)), CAST($3 AS DATE), INTERVAL 1 MONTH)
        AS m(month_start)
),
flows AS (
    SELECT months.month_start, k.*
    FROM months, LATERAL mart.kpis(CAST($1 AS DATE), months.period_start, months.period_end) AS k
    WHERE k.payer = 'ALL'
),
snapshots AS (
    SELECT months.month_start, k.insurance_ar, k.charges_last_90_days, k.ar_over_90
    FROM months,
        LATERAL mart.kpis(months.snapshot_date, months.period_start, months.period_end) AS k
    WHERE k.payer = 'ALL'
)
SELECT
    strftime(f.month_start, '%Y-%m') AS month,
    f.* EXCLUDE (month_start, insurance_ar, charges_last_90_days, ar_over_90),
    s.insurance_ar,
    s.charges_last_90_days,
    s.ar_over_90
FROM flows AS f
JOIN snapshots AS s USING (month_start)
ORDER BY month
