-- Days to pay by payer: average, median and 90th percentile
SELECT payer_id, count(*) AS paid_claims,
    round(avg(days_to_pay), 1) AS avg_days, median(days_to_pay) AS median_days,
    quantile_disc(days_to_pay, 0.9) AS p90_days
FROM mart.claim_summary
WHERE first_paid_date IS NOT NULL AND NOT is_voided
GROUP BY payer_id
ORDER BY avg_days DESC
