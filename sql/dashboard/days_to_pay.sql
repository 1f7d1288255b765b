-- The distribution of days to pay by payer, over the claims the global filters
-- select that were first paid in [$start, $end): quartiles, 5th and 95th
-- percentiles (the whiskers), mean and count.
SELECT
    payer_id,
    count(*) AS claims,
    quantile_cont(days_to_pay, 0.05) AS p05,
    quantile_cont(days_to_pay, 0.25) AS q1,
    median(days_to_pay) AS median,
    quantile_cont(days_to_pay, 0.75) AS q3,
    quantile_cont(days_to_pay, 0.95) AS p95,
    avg(days_to_pay) AS mean
FROM dash_facts
WHERE NOT is_voided AND first_paid_date >= $start AND first_paid_date < $end
GROUP BY ALL
ORDER BY payer_id
