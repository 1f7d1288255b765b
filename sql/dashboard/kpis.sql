-- KPI numerators and denominators of one period [$start, $end) at the default
-- as-of date $as_of over a claim set: one row per payer plus 'ALL', by the
-- marts' own macro (mart.kpis_of), so a filtered number is defined exactly
-- like the unfiltered one. $facts is mart.claim_summary (no claim filter) or
-- dash_facts (the claims the global filters select).
SELECT *
FROM mart.kpis_of($facts, CAST($as_of AS DATE), CAST($start AS DATE), CAST($end AS DATE))
ORDER BY payer = 'ALL' DESC, payer
