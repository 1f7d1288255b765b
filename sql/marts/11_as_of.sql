-- mart.as_of
-- Grain: one row. The warehouse's default as-of date D: the latest payment
-- (posting) date loaded, else the latest submission date. Every materialised
-- mart is computed at this date; `rcm kpis --as-of` asks the macros for others.
CREATE OR REPLACE VIEW mart.as_of AS
SELECT
    coalesce(
        (SELECT max(posting_date) FROM core.remittances WHERE matched),
        (SELECT max(submission_date) FROM core.submissions)
    ) AS as_of_date,
    (SELECT min(submission_date) FROM core.submissions) AS first_date;

COMMENT ON VIEW mart.as_of IS
    'The default as-of date D (latest posting date) and the first date in the warehouse.';

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
