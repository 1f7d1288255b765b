-- DUPLICATE_LINE: line level, severity warning.
-- Catches the same patient, rendering provider, date of service, procedure code
-- and modifiers billed on two or more different claims (professional claims,
-- voided claims left out). A replacement (frequency 7) carries the same claim
-- key as its original and is one claim here, so it is never its duplicate.
-- Every line of the group is flagged.
WITH professional AS (
    SELECT *
    FROM dq_rule_lines
    WHERE professional AND NOT is_voided
      AND procedure_code IS NOT NULL AND service_date IS NOT NULL
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
    FROM professional
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
FROM professional AS p
JOIN groups AS g USING (patient_key, line_rendering_npi, service_date, procedure_code, modifiers)
