-- EM_LEVEL_OUTLIER: provider level, severity warning.
-- Counts, per rendering provider, office/outpatient E/M visits (ref.em_codes
-- category office_outpatient, status active: 99202-99205, 99211-99215) and how
-- many are level 4 or 5 (99204, 99205, 99214, 99215). The statistical test is
-- made in data_quality/rules/outliers.py: at least 30 visits, a one-sided
-- binomial test against the pooled share of the specialty (p < 0.01) and a
-- rate above the 90th percentile of the rates of peers with 30+ visits.
SELECT
    provider_npi,
    taxonomy,
    count(*) AS visits,
    count(*) FILTER (WHERE em_level IN (4, 5)) AS hits
FROM dq_provider_lines
WHERE em_category = 'office_outpatient' AND em_status = 'active'
GROUP BY provider_npi, taxonomy
