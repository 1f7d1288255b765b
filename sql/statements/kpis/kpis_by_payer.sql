-- KPIs of one period [$period_start, $period_end) at as-of date $as_of: one row
-- per payer plus 'ALL'. $facts names the claim facts at $as_of: mart.claim_summary
-- for the default as-of date, else a temporary table made by facts_at.sql.
SELECT *
FROM mart.kpis_of(
    $facts, CAST($as_of AS DATE), CAST($period_start AS DATE), CAST($period_end AS DATE)
)
ORDER BY payer = 'ALL' DESC, payer
