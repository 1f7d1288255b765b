-- MOD59_OUTLIER: provider level, severity warning.
-- Counts, per rendering provider, all professional service lines and how many
-- carry modifier 59 or one of its X{EPSU} subsets (XE, XP, XS, XU). Tested in
-- data_quality/rules/outliers.py like EM_LEVEL_OUTLIER.
SELECT
    provider_npi,
    taxonomy,
    count(*) AS visits,
    count(*) FILTER (WHERE list_has_any(modifier_list, ['59', 'XE', 'XP', 'XS', 'XU'])) AS hits
FROM dq_provider_lines
GROUP BY provider_npi, taxonomy
