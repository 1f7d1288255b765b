-- dash_flags: coding flags on the filtered claims whose first submission falls
-- in the period, plus provider-level flags (no claim) when no payer or
-- location filter rules them out; each with the claim's payer and location
-- and the provider's name.
CREATE OR REPLACE TEMP VIEW dash_flags AS
SELECT
    fl.rule,
    fl.severity,
    fl.billing_npi,
    fl.claim_id,
    fl.line_number,
    coalesce(fl.provider_npi, c.rendering_npi) AS provider_npi,
    p.name AS provider_name,
    p.specialty,
    c.payer_id,
    c.location_id,
    c.first_submitted_date,
    fl.detail
FROM dq.coding_flags AS fl
CROSS JOIN dash_filter AS f
LEFT JOIN mart.claim_summary AS c
    ON c.billing_npi = fl.billing_npi AND c.claim_id = fl.claim_id
LEFT JOIN core.providers AS p ON p.npi = coalesce(fl.provider_npi, c.rendering_npi)
WHERE
    CASE
        WHEN fl.claim_id IS NULL THEN
            f.payer IS NULL AND f.location IS NULL
            AND (f.provider IS NULL OR fl.provider_npi = f.provider)
        ELSE
            c.first_submitted_date >= f.period_start
            AND c.first_submitted_date < f.period_end
            AND (f.payer IS NULL OR c.payer_id = f.payer)
            AND (f.provider IS NULL OR c.rendering_npi = f.provider)
            AND (f.location IS NULL OR c.location_id = f.location)
    END;
