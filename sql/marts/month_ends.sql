-- mart.month_ends(as_of, period_start, period_end)
-- Grain: one row per calendar month touching [period_start, period_end).
-- The date each month's snapshot KPIs are taken at: the month's last day, or
-- the as-of date when that is earlier (section 3, `rcm kpis --by month`).
CREATE OR REPLACE MACRO mart.month_ends(as_of, period_start, period_end) AS TABLE
SELECT
    CAST(m.month_start AS DATE) AS month_start,
    least(CAST(m.month_start + INTERVAL 1 MONTH AS DATE) - 1, CAST(as_of AS DATE))
        AS snapshot_date
FROM range(
    date_trunc('month', CAST(period_start AS DATE)), CAST(period_end AS DATE), INTERVAL 1 MONTH
) AS m(month_start);
