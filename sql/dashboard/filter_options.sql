-- Choices of the global filters: payers, rendering providers and locations that
-- appear on claims, with their names.
SELECT 'payer' AS kind, c.payer_id AS value, coalesce(p.payer_name, c.payer_id) AS label
FROM (SELECT DISTINCT payer_id FROM mart.claim_summary WHERE payer_id IS NOT NULL) AS c
LEFT JOIN core.payers AS p USING (payer_id)
UNION ALL
SELECT 'provider', c.rendering_npi, coalesce(p.name, c.rendering_npi) || ' (' || c.rendering_npi || ')'
FROM (SELECT DISTINCT rendering_npi FROM mart.claim_summary WHERE rendering_npi IS NOT NULL) AS c
LEFT JOIN core.providers AS p ON p.npi = c.rendering_npi
UNION ALL
SELECT 'location', c.location_id, coalesce(c.location_name, c.location_id)
FROM (
    SELECT location_id, min(location_name) AS location_name
    FROM mart.claim_summary
    WHERE location_id IS NOT NULL
    GROUP BY location_id
) AS c
ORDER BY kind, label
