-- DUPLICATE_LINE: line level, severity warning.
-- Catches the same patient, rendering provider, date of service, procedure code
-- and modifiers billed on two or more different claims (professional claims,
-- voided claims left out). A replacement (frequency 7) carries the same claim
-- key as its original and is one claim here, so it is never its duplicate.
-- Every line of the group is flagged.
-- Speed: almost every group holds one line, so the groups of two or more
-- lines are found first on a hash of the five columns (one integer to group
-- by; a collision only lets an extra group through), and the exact grouping
-- runs on the lines of those groups only.
WITH professional AS NOT MATERIALIZED (
    SELECT *
    FROM dq_rule_lines
    WHERE professional AND NOT is_voided
      AND procedure_code IS NOT NULL AND service_date IS NOT NULL
),
repeated AS (
    SELECT hash(patient_key, line_rendering_npi, service_date, procedure_code, modifiers) AS h
    FROM professional
    GROUP BY h
    HAVING count(*) > 1
),
candidates AS (
    SELECT *
    FROM professional
    WHERE hash(patient_key, line_rendering_npi, service_date, procedure_code, modifiers)
        IN (SELECT h FROM repeated)
),
groups AS (
    SELECT
        patient_key,
        line_rendering_npi,
        service_date,
        procedure_code,
        modifiers,
        count(DISTINCT billing_npi || '|' || claim_id) AS claims,
        list(DISTINCT claim_id ORDER BY claim_id) AS claim_ids
    FROM candidates
    GROUP BY ALL
    HAVING count(DISTINCT billing_npi || '|' || claim_id) > 1
)
SELECT
    'DUPLICATE_LINE' AS rule,
    'warning' AS severity,
    p.billing_npi,
    p.claim_id,
    p.line_number,
    p.provider_npi,
    p.procedure_code || coalesce(nullif('-' || p.modifiers, '-'), '') || ' on '
        || CAST(p.service_date AS VARCHAR) || ' is billed on ' || g.claims
        || ' claims for the same patient and provider: ' || array_to_string(g.claim_ids, ', ')
        AS detail,
    json_object(
        'procedure_code', p.procedure_code,
        'modifiers', p.modifier_list,
        'service_date', p.service_date,
        'claims', g.claim_ids
    ) AS evidence
FROM candidates AS p
JOIN groups AS g USING (patient_key, line_rendering_npi, service_date, procedure_code, modifiers)
