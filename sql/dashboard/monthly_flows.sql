-- Month-by-month flow KPIs over the claims the global filters select, by the
-- marts' own macro (mart.monthly_flows_of over dash_facts), for the trend
-- charts when a provider or location filter rules out mart.kpi_monthly (which
-- is kept by payer). The snapshot KPIs (A/R) are not available this way.
SELECT
    strftime(month_start, '%Y-%m') AS month,
    *,
    (SELECT count(*) > 0 FROM dq.check_runs) AS checks_ran
FROM mart.monthly_flows_of('dash_facts', CAST($start AS DATE), CAST($end AS DATE))
WHERE payer = 'ALL'
ORDER BY month_start
