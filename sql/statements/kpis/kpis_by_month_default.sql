-- KPIs month by month over the default period at the default as-of date, all
-- payers (materialised in mart.kpi_monthly).
SELECT * FROM mart.kpi_monthly WHERE payer = 'ALL' ORDER BY month_start
