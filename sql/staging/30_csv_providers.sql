-- staging.stg_csv_providers
-- Grain: one row per provider NPI in the providers extract (the latest file
-- that lists an NPI wins).
CREATE OR REPLACE VIEW staging.stg_csv_providers AS
SELECT
    provider_npi AS npi,
    arg_max(provider_name, (file_id, row_number)) AS name,
    arg_max(entity_type, (file_id, row_number)) AS entity_type,
    arg_max(specialty, (file_id, row_number)) AS specialty,
    arg_max(taxonomy_code, (file_id, row_number)) AS taxonomy,
    arg_max(location_id, (file_id, row_number)) AS location_id,
    arg_max(location_name, (file_id, row_number)) AS location_name,
    arg_max(billing_npi, (file_id, row_number)) AS billing_npi
FROM raw.csv_providers
GROUP BY provider_npi;

COMMENT ON VIEW staging.stg_csv_providers IS
    'Providers extract, one row per NPI (latest file wins).';
