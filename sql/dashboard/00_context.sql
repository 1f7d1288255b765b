-- Temporary objects of each dashboard connection (nothing is written to the
-- warehouse; temporary tables are allowed on read-only connections): the
-- claim set the global filters select, defined once so every page filters
-- claims the same way and the KPI macros of the marts can run over it.
-- dash_filter holds the request's filters (one row, set by set_filters.sql).
CREATE OR REPLACE TEMP TABLE dash_filter (
    payer VARCHAR,
    provider VARCHAR,
    location VARCHAR,
    period_start DATE,
    period_end DATE
);

-- dash_facts: mart.claim_summary (claim facts at the default as-of date D)
-- narrowed by payer id, rendering provider NPI and location id; shaped like
-- mart.claim_facts, so mart.kpis_of('dash_facts', ...) and
-- mart.monthly_flows_of('dash_facts', ...) compute the KPIs over it.
CREATE OR REPLACE TEMP VIEW dash_facts AS
SELECT c.*
FROM mart.claim_summary AS c, dash_filter AS f
WHERE (f.payer IS NULL OR coalesce(c.payer_id, 'UNKNOWN') = f.payer)
    AND (f.provider IS NULL OR c.rendering_npi = f.provider)
    AND (f.location IS NULL OR c.location_id = f.location);

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
            AND (f.payer IS NULL OR coalesce(c.payer_id, 'UNKNOWN') = f.payer)
            AND (f.provider IS NULL OR c.rendering_npi = f.provider)
            AND (f.location IS NULL OR c.location_id = f.location)
    END;

-- The text of a 277CA claim status category code (X12 code list 507, the
-- acknowledgement categories a 277CA sends).
CREATE OR REPLACE TEMP MACRO dash_status_category(code) AS
    CASE code
        WHEN 'A0' THEN 'Acknowledgement/Forwarded'
        WHEN 'A1' THEN 'Acknowledgement/Receipt'
        WHEN 'A2' THEN 'Acknowledgement/Acceptance into adjudication system'
        WHEN 'A3' THEN 'Acknowledgement/Returned as unprocessable claim'
        WHEN 'A4' THEN 'Acknowledgement/Not Found'
        WHEN 'A5' THEN 'Acknowledgement/Split Claim'
        WHEN 'A6' THEN 'Acknowledgement/Rejected for Missing Information'
        WHEN 'A7' THEN 'Acknowledgement/Rejected for Invalid Information'
        WHEN 'A8' THEN 'Acknowledgement/Rejected for relational field in error'
    END;
