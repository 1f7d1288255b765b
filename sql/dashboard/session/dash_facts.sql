-- dash_facts: mart.claim_summary (claim facts at the default as-of date D)
-- narrowed by payer id, rendering provider NPI and location id; shaped like
-- mart.claim_facts, so mart.kpis_of('dash_facts', ...) and
-- mart.monthly_flows_of('dash_facts', ...) compute the KPIs over it.
CREATE OR REPLACE TEMP VIEW dash_facts AS
SELECT c.*
FROM mart.claim_summary AS c, dash_filter AS f
WHERE (f.payer IS NULL OR c.payer_id = f.payer)
    AND (f.provider IS NULL OR c.rendering_npi = f.provider)
    AND (f.location IS NULL OR c.location_id = f.location);
