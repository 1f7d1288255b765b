-- KPI numerators and denominators of one period [$start, $end) at the default
-- as-of date $as_of over the claims the global filters select (dash_facts):
-- one row per payer plus 'ALL', by the marts' own macro (mart.kpis_of), so a
-- filtered number is defined exactly like the unfiltered one.
SELECT *
FROM mart.kpis_of('dash_facts', CAST($as_of AS DATE), CAST($start AS DATE), CAST($end AS DATE))
ORDER BY payer = 'ALL' DESC, payer
