-- MUE: line level, severity error.
-- Catches units of one procedure code for one patient on one date of service
-- (by the same rendering provider, across all their professional claims) whose
-- total is above the code's practitioner medically unlikely edit value
-- (ref.mue_practitioner). Every line that adds to the total is flagged; units
-- exactly at the MUE value are allowed.
-- Speed: a line can only be flagged when its own units are above the value or
-- it shares its patient, provider, date and code with another line; those
-- shared days are found on a hash of the four columns (a collision only lets
-- an extra line through), and the exact totals are summed for these lines only.
WITH lowest_values AS (
    SELECT hcpcs, min(mue_value) AS lowest_mue_value
    FROM ref.mue_practitioner
    GROUP BY hcpcs
),
professional AS NOT MATERIALIZED (
    SELECT p.*, v.lowest_mue_value
    FROM dq_rule_lines AS p
    JOIN lowest_values AS v ON v.hcpcs = p.procedure_code
    WHERE p.professional AND p.procedure_code IS NOT NULL AND p.service_date IS NOT NULL
),
shared AS (
    SELECT hash(patient_key, line_rendering_npi, service_date, procedure_code) AS h
    FROM professional
    GROUP BY h
    HAVING count(*) > 1
),
candidates AS (
    SELECT *
    FROM professional
    WHERE units > lowest_mue_value
       OR hash(patient_key, line_rendering_npi, service_date, procedure_code)
           IN (SELECT h FROM shared)
),
totals AS (
    SELECT
        patient_key,
        line_rendering_npi,
        service_date,
        procedure_code,
        sum(units) AS total_units,
        count(*) AS lines
    FROM candidates
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
FROM candidates AS p
JOIN totals AS t USING (patient_key, line_rendering_npi, service_date, procedure_code)
JOIN ref.mue_practitioner AS m ON m.hcpcs = p.procedure_code
WHERE t.total_units > m.mue_value
