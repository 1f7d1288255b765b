-- AGE_CONFLICT: line level, severity error.
-- Catches a line whose procedure code, or a diagnosis the line points to, is
-- valid only in an age band (ref.age_specific_codes) that the patient's age on
-- the line's date of service is outside: preventive visits 99381-99387 and
-- 99391-99397 of the wrong band, perinatal P codes after age 1. Age is whole
-- completed years; bounds are inclusive; an empty upper bound is open.
-- Speed: few lines carry an age-banded code, so the bands are matched once per
-- distinct code as sent and only the lines carrying a matching code are aged.
WITH banded_procedures AS (
    SELECT p.procedure_code
    FROM (SELECT DISTINCT procedure_code FROM dq_rule_lines) AS p
    SEMI JOIN ref.age_specific_codes AS a
        ON a.code_system = 'CPT'
        AND (p.procedure_code = a.code OR starts_with(p.procedure_code, a.code_prefix))
),
banded_diagnoses AS (
    SELECT d.sent
    FROM (
        SELECT dx_code_1 AS sent FROM dq_rule_lines
        UNION SELECT dx_code_2 FROM dq_rule_lines
        UNION SELECT dx_code_3 FROM dq_rule_lines
        UNION SELECT dx_code_4 FROM dq_rule_lines
    ) AS d
    SEMI JOIN ref.age_specific_codes AS a
        ON a.code_system = 'ICD-10-CM'
        AND (replace(upper(trim(d.sent)), '.', '') = a.code
            OR starts_with(replace(upper(trim(d.sent)), '.', ''), a.code_prefix))
),
banded_lines AS (
    SELECT *
    FROM dq_rule_lines
    WHERE procedure_code IN (SELECT procedure_code FROM banded_procedures)
       OR dx_code_1 IN (SELECT sent FROM banded_diagnoses)
       OR dx_code_2 IN (SELECT sent FROM banded_diagnoses)
       OR dx_code_3 IN (SELECT sent FROM banded_diagnoses)
       OR dx_code_4 IN (SELECT sent FROM banded_diagnoses)
),
aged AS (
    SELECT
        l.billing_npi,
        l.claim_id,
        l.line_number,
        l.provider_npi,
        l.procedure_code,
        dq_age_years(l.patient_birth_date, l.service_date) AS age_years,
        list_filter(
            list_transform([l.dx_code_1, l.dx_code_2, l.dx_code_3, l.dx_code_4],
                lambda d: replace(upper(trim(d)), '.', '')),
            lambda d: d IS NOT NULL) AS diagnoses
    FROM banded_lines AS l
    WHERE l.patient_birth_date IS NOT NULL AND l.service_date IS NOT NULL
),
line_codes AS (
    SELECT billing_npi, claim_id, line_number, provider_npi, age_years,
        'CPT' AS code_system, procedure_code AS code
    FROM aged
    WHERE procedure_code IS NOT NULL
    UNION ALL
    SELECT billing_npi, claim_id, line_number, provider_npi, age_years,
        'ICD-10-CM' AS code_system, unnest(diagnoses) AS code
    FROM aged
),
conflicts AS (
    SELECT
        k.*,
        a.min_age_years,
        a.max_age_years,
        a.description
    FROM line_codes AS k
    JOIN ref.age_specific_codes AS a
        ON a.code_system = k.code_system
        AND (k.code = a.code OR starts_with(k.code, a.code_prefix))
    WHERE k.age_years < a.min_age_years OR k.age_years > a.max_age_years
)
SELECT
    'AGE_CONFLICT' AS rule,
    'error' AS severity,
    billing_npi,
    claim_id,
    line_number,
    any_value(provider_npi) AS provider_npi,
    string_agg(code || ' is for ages ' || min_age_years || '-' || coalesce(CAST(max_age_years AS VARCHAR), '')
        , '; ' ORDER BY code) || '; the patient was ' || any_value(age_years) || ' on the date of service'
        AS detail,
    json_object(
        'age_years', any_value(age_years),
        'codes', list(code ORDER BY code),
        'min_age_years', list(min_age_years ORDER BY code),
        'max_age_years', list(max_age_years ORDER BY code)
    ) AS evidence
FROM conflicts
GROUP BY billing_npi, claim_id, line_number
