-- Modifier rates of each provider of one provider's specialty (taxonomy): the
-- share of E/M lines carrying modifier 25 and the share of all lines carrying
-- 59 or XE/XP/XS/XU, on non-voided claims; one row per provider, so the page
-- can show where this provider sits among its peers.
WITH
provider_taxonomy AS (SELECT taxonomy FROM core.providers WHERE npi = $npi),
lines AS (
    SELECT
        l.rendering_npi,
        e.code IS NOT NULL AS is_em,
        list_filter([l.modifier_1, l.modifier_2, l.modifier_3, l.modifier_4],
            lambda m: coalesce(m, '') <> '') AS mods
    FROM core.claim_lines AS l
    JOIN core.providers AS p ON p.npi = l.rendering_npi
    LEFT JOIN ref.em_codes AS e ON e.code = l.procedure_code
    WHERE NOT l.is_voided AND p.taxonomy = (SELECT taxonomy FROM provider_taxonomy)
)
SELECT
    rendering_npi AS provider_npi,
    rendering_npi = $npi AS is_provider,
    count(*) FILTER (WHERE is_em) AS em_lines,
    count(*) FILTER (WHERE is_em AND list_contains(mods, '25')) AS mod25_lines,
    count(*) AS all_lines,
    count(*) FILTER (WHERE list_has_any(mods, ['59', 'XE', 'XP', 'XS', 'XU'])) AS mod59_lines
FROM lines
GROUP BY rendering_npi
ORDER BY rendering_npi
