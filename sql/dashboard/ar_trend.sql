-- Insurance A/R, days in A/R and A/R over 90 days at each month end (or D),
-- from mart.kpi_monthly, for one payer or 'ALL', months overlapping [$start, $end).
SELECT
    month,
    snapshot_date,
    insurance_ar,
    charges_last_90_days,
    ar_over_90
FROM mart.kpi_monthly
WHERE payer = $payer_or_all
    AND month_start < $end
    AND CAST(month_start + INTERVAL 1 MONTH AS DATE) > $start
ORDER BY month_start
