-- MUE: line level, severity error.
-- Catches units of one procedure code for one patient on one date of service
-- (by the same rendering provider, across all their professional claims) whose
-- total is above the code's practitioner medically unlikely edit value
-- (ref.mue_practitioner). Every line that adds to the total is flagged; units
-- exactly at the MUE value are allowed.
WITH professional AS (
    SELECT *
    FROM dq_rule_lines
    WHERE professional AND procedure_code IS NOT NULL AND service_date IS NOT NULL
),
totals AS (
    SELECT
        p.patient_key,
        p.line_rendering_npi,
        p.service_date,
        p.procedure_code,
        sum(p.units) AS total_units,
        count(*) AS lines
    FROM professional AS p
    SEMI JOIN ref.mue_practitioner AS m ON m.hcpcs = p.procedure_code
    GROUP BY ALL
)
SELECT
    'MUE' AS rule,
    'error' AS severity,
    p.billing_npi,
    p.claim_id,
    p.line_number,
    p.provider_npi,
    CAST(t.total_units AS DOUBLE)::VARCHAR || ' units of ' || p.procedure_code
        || ' on ' || CAST(p.service_date AS VARCHAR) || ' exceed the MUE of ' || m.mue_value
        AS detail,
    json_object(
        'procedure_code', p.procedure_code,
        'line_units', p.units,
        'total_units', t.total_units,
        'lines_on_date', t.lines,
        'mue_value', m.mue_value,
        'adjudication_indicator', m.adjudication_indicator
    ) AS evidence
FROM professional AS p
JOIN totals AS t USING (patient_key, line_rendering_npi, service_date, procedure_code)
JOIN ref.mue_practitioner AS m ON m.hcpcs = p.procedure_code
WHERE t.total_units > m.mue_value
