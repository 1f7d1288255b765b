-- MOD25_OUTLIER: provider level, severity warning.
-- Counts, per rendering provider, E/M lines (codes of ref.em_codes, every
-- family) and how many carry modifier 25. Tested in
-- data_quality/rules/outliers.py like EM_LEVEL_OUTLIER.
SELECT
    provider_npi,
    taxonomy,
    count(*) AS visits,
    count(*) FILTER (WHERE list_contains(modifier_list, '25')) AS hits
FROM dq_provider_lines
WHERE em_category IS NOT NULL
GROUP BY provider_npi, taxonomy
