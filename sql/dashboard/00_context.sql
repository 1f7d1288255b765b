-- Temporary macros of each dashboard connection (nothing is written to the
-- warehouse): the claim set the global filters select, so every page filters
-- claims the same way.
-- dash_claims(payer, provider, location): mart.claim_summary (claim facts at
-- the default as-of date D) narrowed by payer id, rendering provider NPI and
-- location id; a NULL argument means "any".
CREATE OR REPLACE TEMP MACRO dash_claims(payer, provider, location) AS TABLE
SELECT *
FROM mart.claim_summary
WHERE (CAST(payer AS VARCHAR) IS NULL OR coalesce(payer_id, 'UNKNOWN') = payer)
    AND (CAST(provider AS VARCHAR) IS NULL OR rendering_npi = provider)
    AND (CAST(location AS VARCHAR) IS NULL OR location_id = location);

-- dash_flags(payer, provider, location, period_start, period_end): coding flags
-- on the claims the filters select whose first submission falls in the period,
-- plus provider-level flags (no claim) when no payer or location filter rules
-- them out; each with the claim's payer and location and the provider's name.
CREATE OR REPLACE TEMP MACRO dash_flags(payer, provider, location, period_start, period_end)
AS TABLE
SELECT
    f.rule,
    f.severity,
    f.billing_npi,
    f.claim_id,
    f.line_number,
    coalesce(f.provider_npi, c.rendering_npi) AS provider_npi,
    p.name AS provider_name,
    p.specialty,
    c.payer_id,
    c.location_id,
    c.first_submitted_date,
    f.detail
FROM dq.coding_flags AS f
LEFT JOIN mart.claim_summary AS c
    ON c.billing_npi = f.billing_npi AND c.claim_id = f.claim_id
LEFT JOIN core.providers AS p ON p.npi = coalesce(f.provider_npi, c.rendering_npi)
WHERE
    CASE
        WHEN f.claim_id IS NULL THEN
            CAST(payer AS VARCHAR) IS NULL AND CAST(location AS VARCHAR) IS NULL
            AND (CAST(provider AS VARCHAR) IS NULL OR f.provider_npi = provider)
        ELSE
            c.first_submitted_date >= CAST(period_start AS DATE)
            AND c.first_submitted_date < CAST(period_end AS DATE)
            AND (CAST(payer AS VARCHAR) IS NULL OR coalesce(c.payer_id, 'UNKNOWN') = payer)
            AND (CAST(provider AS VARCHAR) IS NULL OR c.rendering_npi = provider)
            AND (CAST(location AS VARCHAR) IS NULL OR c.location_id = location)
    END;
