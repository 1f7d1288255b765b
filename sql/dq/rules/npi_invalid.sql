-- NPI_INVALID: claim level, severity error.
-- Catches a claim whose billing or rendering NPI fails the NPI check digit
-- (Luhn over the card-issuer prefix 80840 and the ten digits), or is not ten
-- digits. The rendering NPI is the claim's (attending for institutional claims).
-- The check digit is computed once per distinct NPI, not once per claim.
WITH npis AS (
    SELECT npi, dq_npi_valid(npi) AS valid
    FROM (
        SELECT billing_npi AS npi FROM core.claims
        UNION
        SELECT rendering_npi FROM core.claims
    ) AS distinct_npis
    WHERE npi IS NOT NULL
),
checked AS (
    SELECT
        c.billing_npi,
        c.claim_id,
        c.rendering_npi,
        coalesce(b.valid, false) AS billing_ok,
        c.rendering_npi IS NULL OR r.valid AS rendering_ok
    FROM core.claims AS c
    LEFT JOIN npis AS b ON b.npi = c.billing_npi
    LEFT JOIN npis AS r ON r.npi = c.rendering_npi
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
