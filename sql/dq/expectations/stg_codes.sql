-- Distinct codes as sent, with how many lines or claims carry each. Grain: one
-- row per (kind, code). Well-formedness is checked on distinct values, so the
-- unexpected count is a count of distinct codes (the lines column says how
-- many rows carry each). Ordered, so the sample of unexpected codes is the same
-- from run to run.
SELECT 'procedure' AS kind, procedure_code AS code, count(*) AS rows_with_code, NULL AS known
FROM staging.stg_claim_lines
WHERE procedure_code IS NOT NULL
GROUP BY procedure_code
UNION ALL
SELECT 'diagnosis', replace(upper(code), '.', ''), count(*), NULL
FROM staging.stg_claim_diagnoses
WHERE code IS NOT NULL
GROUP BY 2
UNION ALL
SELECT 'place_of_service', l.place_of_service, count(*), any_value(p.code IS NOT NULL)
FROM staging.stg_claim_lines AS l
LEFT JOIN ref.place_of_service AS p ON p.code = l.place_of_service
WHERE l.place_of_service IS NOT NULL
GROUP BY l.place_of_service
ORDER BY kind, code
