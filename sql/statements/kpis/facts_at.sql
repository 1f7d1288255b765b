-- The claim facts at an as-of date other than the default, for this connection
-- only (a temporary table, allowed on read-only connections).
CREATE OR REPLACE TEMPORARY TABLE kpi_facts AS
SELECT * FROM mart.claim_facts(CAST($as_of AS DATE))
