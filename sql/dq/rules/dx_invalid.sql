-- DX_INVALID: claim level, severity error.
-- Catches an ICD-10-CM diagnosis code on the claim that is not a billable code
-- of the code set in use: a header (category or subcategory with children,
-- such as E11 or R07) or a code that does not exist (E1190). The code set is
-- the temporary table dq_icd10cm (code, billable), built from the
-- simple-icd-10-cm package; codes are compared without their decimal point.
WITH coded AS (
    SELECT
        d.billing_npi,
        d.claim_id,
        d.ordinal,
        d.code,
        i.code IS NOT NULL AS exists_in_code_set
    FROM core.claim_diagnoses AS d
    LEFT JOIN dq_icd10cm AS i ON i.code = replace(upper(trim(d.code)), '.', '')
    WHERE d.code IS NOT NULL AND coalesce(i.billable, false) = false
),
by_claim AS (
    SELECT
        billing_npi,
        claim_id,
        list(code ORDER BY ordinal) AS codes,
        list(code ORDER BY ordinal) FILTER (WHERE exists_in_code_set) AS headers,
        list(code ORDER BY ordinal) FILTER (WHERE NOT exists_in_code_set) AS unknown
    FROM coded
    GROUP BY billing_npi, claim_id
)
SELECT
    'DX_INVALID' AS rule,
    'error' AS severity,
    b.billing_npi,
    b.claim_id,
    CAST(NULL AS INTEGER) AS line_number,
    c.rendering_npi AS provider_npi,
    concat_ws('; ',
        CASE WHEN len(coalesce(b.headers, [])) > 0 THEN
            'header code ' || array_to_string(b.headers, ', ')
            || ' is not billable (a more specific code is required)' END,
        CASE WHEN len(coalesce(b.unknown, [])) > 0 THEN
            array_to_string(b.unknown, ', ') || ' is not an ICD-10-CM code' END
    ) AS detail,
    json_object(
        'codes', b.codes,
        'header_codes', coalesce(b.headers, []),
        'unknown_codes', coalesce(b.unknown, [])
    ) AS evidence
FROM by_claim AS b
JOIN core.claims AS c USING (billing_npi, claim_id)
