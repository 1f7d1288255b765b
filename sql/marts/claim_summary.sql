-- mart.claim_summary
-- Grain: one row per claim, facts as of the default as-of date (mart.as_of).
-- Implements the metric definitions, section 2; see mart.claim_facts for each
-- reading. Descriptive columns (provider, location) come from core.claims for
-- filtering and drill-down.
CREATE OR REPLACE TABLE mart.claim_summary AS
SELECT
    f.*,
    c.rendering_npi,
    c.location_id,
    c.location_name,
    c.claim_type,
    c.patient_key,
    c.billing_taxonomy
FROM mart.claim_facts((SELECT as_of_date FROM mart.as_of)) AS f
JOIN core.claims AS c USING (billing_npi, claim_id);

COMMENT ON TABLE mart.claim_summary IS
    'One row per claim with every claim-level fact of the metric definitions (section 2), as of the default as-of date.';
