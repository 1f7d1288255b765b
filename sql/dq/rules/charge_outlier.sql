-- CHARGE_OUTLIER: line level, severity info.
-- Catches a line charge strictly above the 99th percentile (linear
-- interpolation, quantile_cont) of all line charges of the same procedure code
-- in the warehouse.
-- CDT dental codes (D0000-D9999) are left out: a dental fee is not comparable
-- with the medical charges of the same D code billed on an 837P, and the
-- percentiles would mix the two.
WITH coded AS (
    SELECT billing_npi, claim_id, line_number, provider_npi, procedure_code, charge, units
    FROM dq_rule_lines
    WHERE procedure_code IS NOT NULL AND charge IS NOT NULL
      AND NOT regexp_full_match(procedure_code, 'D[0-9]{4}')
),
percentiles AS (
    SELECT
        procedure_code,
        quantile_cont(CAST(charge AS DOUBLE), 0.99) AS p99,
        median(charge) AS median_charge,
        count(*) AS lines
    FROM coded
    GROUP BY procedure_code
)
SELECT
    'CHARGE_OUTLIER' AS rule,
    'info' AS severity,
    c.billing_npi,
    c.claim_id,
    c.line_number,
    c.provider_npi,
    'charge ' || CAST(c.charge AS VARCHAR) || ' for ' || c.procedure_code
        || ' is above the 99th percentile ' || CAST(round(p.p99, 2) AS VARCHAR)
        || ' of ' || p.lines || ' lines of the code' AS detail,
    json_object(
        'procedure_code', c.procedure_code,
        'charge', c.charge,
        'units', c.units,
        'p99_charge', round(p.p99, 4),
        'median_charge', p.median_charge,
        'code_lines', p.lines
    ) AS evidence
FROM coded AS c
JOIN percentiles AS p USING (procedure_code)
WHERE CAST(c.charge AS DOUBLE) > p.p99
