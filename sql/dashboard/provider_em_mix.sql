-- Office E/M level mix of one rendering provider against the other providers
-- of the same specialty (taxonomy): share of office/outpatient E/M lines at
-- each level (ref.em_codes), on the current submission of non-voided claims.
-- Descriptive: the statistical test behind a flag is in dq.coding_flags.evidence.
WITH
provider_taxonomy AS (SELECT taxonomy FROM core.providers WHERE npi = $npi),
lines AS (
    SELECT l.rendering_npi, TRY_CAST(e.level AS INTEGER) AS level, e.new_or_established
    FROM core.claim_lines AS l
    JOIN ref.em_codes AS e ON e.code = l.procedure_code
    JOIN core.providers AS p ON p.npi = l.rendering_npi
    WHERE e.category = 'office_outpatient' AND NOT l.is_voided
        AND p.taxonomy = (SELECT taxonomy FROM provider_taxonomy)
)
SELECT
    level,
    count(*) FILTER (WHERE rendering_npi = $npi) AS provider_lines,
    count(*) FILTER (WHERE rendering_npi <> $npi) AS peer_lines
FROM lines
WHERE level IS NOT NULL
GROUP BY level
ORDER BY level
