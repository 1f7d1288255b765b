-- KPIs over the whole warehouse, one row per payer plus ALL
SELECT *
FROM mart.kpis(
    (SELECT as_of_date FROM mart.as_of),
    (SELECT first_date FROM mart.as_of),
    (SELECT as_of_date + 1 FROM mart.as_of)
)
ORDER BY payer = 'ALL' DESC, payer
