-- The KPIs of the default period at the default as-of date, precomputed by the
-- marts (mart.kpi_period, what `rcm kpis` prints): one row per payer plus 'ALL'.
SELECT * FROM mart.kpi_period ORDER BY payer = 'ALL' DESC, payer
