-- NPI_INVALID: claim level, severity error.
-- Catches a claim whose billing or rendering NPI fails the NPI check digit
-- (Luhn over the card-issuer prefix 80840 and the ten digits), or is not ten
-- digits. The rendering NPI is the claim's (attending for institutional claims).
WITH checked AS (
    SELECT
        billing_npi,
        claim_id,
        rendering_npi,
        dq_npi_valid(billing_npi) AS billing_ok,
        rendering_npi IS NULL OR dq_npi_valid(rendering_npi) AS rendering_ok
    FROM core.claims
)
SELECT
    'NPI_INVALID' AS rule,
    'error' AS severity,
    billing_npi,
    claim_id,
    CAST(NULL AS INTEGER) AS line_number,
    rendering_npi AS provider_npi,
    concat_ws('; ',
        CASE WHEN NOT billing_ok THEN 'billing NPI ' || billing_npi || ' fails the check digit' END,
        CASE WHEN NOT rendering_ok THEN
            'rendering NPI ' || rendering_npi || ' fails the check digit' END
    ) AS detail,
    json_object(
        'billing_npi', billing_npi,
        'billing_npi_valid', billing_ok,
        'rendering_npi', rendering_npi,
        'rendering_npi_valid', rendering_ok
    ) AS evidence
FROM checked
WHERE NOT billing_ok OR NOT rendering_ok
