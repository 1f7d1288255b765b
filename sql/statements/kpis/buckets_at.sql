-- The A/R buckets at each month's snapshot date of [$period_start, $period_end)
-- seen at $as_of, when those dates are not all in mart.ar_month_ends (an as-of
-- date other than the default), for this connection only.
CREATE OR REPLACE TEMPORARY TABLE kpi_buckets AS
SELECT *
FROM mart.ar_buckets_at((
    SELECT list(snapshot_date)
    FROM mart.month_ends(CAST($as_of AS DATE), CAST($period_start AS DATE), CAST($period_end AS DATE))
))
