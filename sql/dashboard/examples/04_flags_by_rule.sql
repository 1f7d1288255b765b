-- Coding flags by rule and severity
SELECT rule, severity, count(*) AS flags, count(DISTINCT provider_npi) AS providers
FROM dq.coding_flags
GROUP BY rule, severity
ORDER BY flags DESC
