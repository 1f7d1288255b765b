-- core.providers
-- Grain: one row per provider NPI seen as billing, rendering, attending,
-- operating, referring or supervising provider on a claim, or listed in the
-- providers extract.
-- Purpose: names, taxonomy and specialty for reports and for the peer groups
-- of the outlier rules. The providers extract wins where it has the NPI;
-- otherwise the most recent 837 that named the provider.
CREATE OR REPLACE TABLE core.providers AS
WITH from_claims AS (
    SELECT
        id AS npi,
        display_name AS name,
        entity_type,
        taxonomy,
        role,
        file_id,
        claim_index
    FROM staging.stg_x12_parties
    WHERE id_qualifier = 'XX'
      AND id IS NOT NULL
      AND role IN ('billing', 'rendering', 'attending', 'operating', 'referring', 'supervising')
),
latest AS (
    SELECT
        npi,
        arg_max(name, (file_id, claim_index)) AS name,
        arg_max(entity_type, (file_id, claim_index)) AS entity_type,
        arg_max(taxonomy, (taxonomy IS NOT NULL, file_id, claim_index)) AS taxonomy,
        string_agg(DISTINCT role, ',' ORDER BY role) AS roles
    FROM from_claims
    GROUP BY npi
),
extract AS (
    SELECT * FROM staging.stg_csv_providers
)
SELECT
    coalesce(e.npi, l.npi) AS npi,
    coalesce(e.name, l.name) AS name,
    coalesce(e.entity_type, l.entity_type) AS entity_type,
    coalesce(e.taxonomy, l.taxonomy) AS taxonomy,
    e.specialty,
    e.location_id,
    e.location_name,
    e.billing_npi AS billing_npi,
    e.billing_system,
    l.roles,
    e.npi IS NOT NULL AS in_providers_extract
FROM latest AS l
FULL OUTER JOIN extract AS e ON e.npi = l.npi;

COMMENT ON TABLE core.providers IS
    'Every provider NPI on a claim or in the providers extract, with name, taxonomy and specialty.';
