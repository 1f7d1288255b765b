-- dq_provider_lines: the professional service lines each provider-level
-- outlier rule counts, one row per line, with the rendering provider's
-- specialty (taxonomy: the providers extract, else the 837 PRV segment).
CREATE OR REPLACE TEMP VIEW dq_provider_lines AS
WITH rendering_taxonomy AS (
    SELECT rendering_npi AS npi, mode(rendering_taxonomy) AS taxonomy
    FROM core.submissions
    WHERE rendering_taxonomy IS NOT NULL
    GROUP BY rendering_npi
)
SELECT
    l.line_rendering_npi AS provider_npi,
    coalesce(p.taxonomy, t.taxonomy) AS taxonomy,
    l.procedure_code,
    l.modifier_list,
    e.category AS em_category,
    e.status AS em_status,
    TRY_CAST(e.level AS INTEGER) AS em_level
FROM dq_rule_lines AS l
LEFT JOIN core.providers AS p ON p.npi = l.line_rendering_npi
LEFT JOIN rendering_taxonomy AS t ON t.npi = l.line_rendering_npi
LEFT JOIN ref.em_codes AS e ON e.code = l.procedure_code
WHERE l.professional AND l.procedure_code IS NOT NULL;
