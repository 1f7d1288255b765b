-- KPIs of one period [$2, $3) at as-of date $1: one row per payer plus 'ALL'.
SELECT * FROM mart.kpis(CAST($1 AS DATE), CAST($2 AS DATE), CAST($3 AS DATE))
ORDER BY payer = 'ALL' DESC, payer
