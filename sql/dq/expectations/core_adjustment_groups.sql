-- Distinct CAS group codes with their amount count. Grain: one row per group code.
SELECT group_code, count(*) AS adjustments
FROM core.adjustments
GROUP BY group_code
