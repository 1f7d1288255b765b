-- KPIs of the default period at the default as-of date, by payer plus 'ALL'
-- (materialised in mart.kpi_period).
SELECT * FROM mart.kpi_period ORDER BY payer = 'ALL' DESC, payer
