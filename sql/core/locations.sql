-- core.locations
-- Grain: one row per practice location NPI: a service facility named on
-- 837s (2310C/2310E) or a location of the providers extract.
-- Purpose: the location filter and the location breakdowns. The providers
-- extract names locations the way the practice does; 837s only know the
-- service facility's NPI and name.
CREATE OR REPLACE TABLE core.locations AS
WITH from_extract AS (
    SELECT
        location_npi,
        arg_max(location_id, (file_id, row_number)) AS location_id,
        arg_max(location_name, (file_id, row_number)) AS location_name,
        arg_max(location_city, (file_id, row_number)) AS city,
        arg_max(location_state, (file_id, row_number)) AS state
    FROM raw.csv_providers
    WHERE location_npi IS NOT NULL
    GROUP BY location_npi
),
from_claims AS (
    SELECT service_facility_npi AS location_npi, mode(service_facility_name) AS location_name
    FROM staging.stg_submissions
    WHERE service_facility_npi IS NOT NULL
    GROUP BY service_facility_npi
)
SELECT
    coalesce(e.location_npi, c.location_npi) AS location_npi,
    e.location_id,
    coalesce(e.location_name, c.location_name, coalesce(e.location_npi, c.location_npi))
        AS location_name,
    e.city,
    e.state
FROM from_extract AS e
FULL OUTER JOIN from_claims AS c ON c.location_npi = e.location_npi;

COMMENT ON TABLE core.locations IS
    'Practice locations by NPI, named from the providers extract or the 837 service facility.';
