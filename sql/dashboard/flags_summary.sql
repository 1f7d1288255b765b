-- Coding flags of the filtered claims and providers counted by rule (with its
-- severity), by provider and by payer.
SELECT
    CASE
        WHEN grouping(rule) = 0 THEN 'rule'
        WHEN grouping(provider_npi) = 0 THEN 'provider'
        ELSE 'payer'
    END AS dimension,
    coalesce(rule, provider_npi, payer_id) AS key,
    CASE WHEN grouping(rule) = 0 THEN any_value(severity) ELSE any_value(provider_name) END AS label,
    count(*) AS flags,
    count(*) FILTER (WHERE severity = 'error') AS errors,
    count(*) FILTER (WHERE severity = 'warning') AS warnings,
    count(*) FILTER (WHERE severity = 'info') AS infos
FROM dash_flags
GROUP BY GROUPING SETS ((rule), (provider_npi), (payer_id))
ORDER BY dimension, flags DESC, key
