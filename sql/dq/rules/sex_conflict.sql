-- SEX_CONFLICT: claim level, severity error.
-- Catches a claim for a patient of one sex (F or M) that carries a diagnosis
-- (or a CPT procedure) that ref.sex_specific_codes lists for the other sex,
-- e.g. pregnancy O codes for a man or C61 for a woman. Diagnoses are matched
-- without their decimal point as code LIKE prefix || '%'; CPT prefixes apply to
-- five-digit numeric codes only. Patients of unknown sex are not checked.
-- The prefixes are matched once per distinct code as sent, then the matching
-- codes are joined back to the claims by equality.
WITH diagnosis_matches AS (
    SELECT d.code AS sent, replace(upper(trim(d.code)), '.', '') AS code, s.description, s.allowed_sex
    FROM (SELECT DISTINCT code FROM core.claim_diagnoses) AS d
    JOIN ref.sex_specific_codes AS s
        ON s.code_system = 'ICD-10-CM'
        AND starts_with(replace(upper(trim(d.code)), '.', ''), s.code_prefix)
),
procedure_matches AS (
    SELECT p.code AS sent, p.code, s.description, s.allowed_sex
    FROM (
        SELECT DISTINCT procedure_code AS code
        FROM core.claim_lines
        WHERE regexp_full_match(procedure_code, '[0-9]{5}')
    ) AS p
    JOIN ref.sex_specific_codes AS s
        ON s.code_system = 'CPT' AND starts_with(p.code, s.code_prefix)
),
claim_codes AS (
    SELECT d.billing_npi, d.claim_id, m.code, m.description, m.allowed_sex
    FROM core.claim_diagnoses AS d
    JOIN diagnosis_matches AS m ON m.sent = d.code
    UNION ALL
    SELECT l.billing_npi, l.claim_id, m.code, m.description, m.allowed_sex
    FROM core.claim_lines AS l
    JOIN procedure_matches AS m ON m.sent = l.procedure_code
),
conflicts AS (
    SELECT
        k.billing_npi,
        k.claim_id,
        c.patient_sex,
        c.rendering_npi,
        list(DISTINCT k.code ORDER BY k.code) AS codes,
        list(DISTINCT k.description ORDER BY k.description) AS descriptions,
        any_value(k.allowed_sex) AS allowed_sex
    FROM claim_codes AS k
    JOIN core.claims AS c USING (billing_npi, claim_id)
    WHERE c.patient_sex IN ('F', 'M') AND k.allowed_sex <> c.patient_sex
    GROUP BY ALL
)
SELECT
    'SEX_CONFLICT' AS rule,
    'error' AS severity,
    billing_npi,
    claim_id,
    CAST(NULL AS INTEGER) AS line_number,
    rendering_npi AS provider_npi,
    array_to_string(codes, ', ') || ' applies to ' || allowed_sex
        || ' patients only; the patient is recorded as ' || patient_sex AS detail,
    json_object(
        'codes', codes,
        'code_descriptions', descriptions,
        'allowed_sex', allowed_sex,
        'patient_sex', patient_sex
    ) AS evidence
FROM conflicts
