-- PX_INVALID: line level, severity error.
-- Catches a procedure code that is not a well-formed CPT or HCPCS Level II code
-- (five digits; four digits and F, T or U for CPT category II/III and PLA
-- codes; a letter A-V and four digits for HCPCS Level II), or a modifier that
-- is not in ref.modifiers. Lines without a procedure code (institutional
-- revenue-code-only lines) and non-HCPCS qualifiers are left alone.
WITH unknown_modifiers AS (
    SELECT billing_npi, claim_id, line_number, list(m ORDER BY m) AS modifiers
    FROM (
        SELECT billing_npi, claim_id, line_number, unnest(modifier_list) AS m
        FROM dq_rule_lines
    ) AS each_modifier
    WHERE m NOT IN (SELECT modifier FROM ref.modifiers)
    GROUP BY billing_npi, claim_id, line_number
),
checked AS (
    SELECT
        l.*,
        NOT regexp_full_match(l.procedure_code, '[0-9]{5}|[0-9]{4}[FTU]|[A-V][0-9]{4}')
            AS malformed,
        u.modifiers AS unknown
    FROM dq_rule_lines AS l
    LEFT JOIN unknown_modifiers AS u USING (billing_npi, claim_id, line_number)
    WHERE l.procedure_code IS NOT NULL AND coalesce(l.procedure_qualifier, 'HC') = 'HC'
)
SELECT
    'PX_INVALID' AS rule,
    'error' AS severity,
    billing_npi,
    claim_id,
    line_number,
    provider_npi,
    concat_ws('; ',
        CASE WHEN malformed THEN
            'procedure code ' || procedure_code || ' is not a well-formed CPT/HCPCS code' END,
        CASE WHEN unknown IS NOT NULL THEN
            'modifier ' || array_to_string(unknown, ', ') || ' is not in the modifier list' END
    ) AS detail,
    json_object(
        'procedure_code', procedure_code,
        'modifiers', modifier_list,
        'malformed_code', malformed,
        'unknown_modifiers', coalesce(unknown, [])
    ) AS evidence
FROM checked
WHERE malformed OR unknown IS NOT NULL
