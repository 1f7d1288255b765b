-- Month-by-month KPIs for the trend charts from the precomputed mart, for one
-- payer (or 'ALL') and the months that overlap [$start, $end).
SELECT *
FROM mart.kpi_monthly
WHERE payer = $payer_or_all
    AND month_start < $end
    AND CAST(month_start + INTERVAL 1 MONTH AS DATE) > $start
ORDER BY month_start
