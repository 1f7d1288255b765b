-- staging.stg_csv_providers
-- Grain: one row per provider NPI in the providers extract (the latest file
-- that lists an NPI wins).
CREATE OR REPLACE VIEW staging.stg_csv_providers AS
SELECT
    provider_npi AS npi,
    arg_max(
        trim(concat_ws(' ', provider_first_name, provider_last_name)), (file_id, row_number)
    ) AS name,
    arg_max(CASE WHEN provider_first_name IS NULL THEN '2' ELSE '1' END, (file_id, row_number))
        AS entity_type,
    arg_max(specialty, (file_id, row_number)) AS specialty,
    arg_max(taxonomy_code, (file_id, row_number)) AS taxonomy,
    arg_max(location_id, (file_id, row_number)) AS location_id,
    arg_max(location_name, (file_id, row_number)) AS location_name,
    arg_max(location_npi, (file_id, row_number)) AS location_npi,
    arg_max(billing_npi, (file_id, row_number)) AS billing_npi,
    arg_max(billing_name, (file_id, row_number)) AS billing_name,
    arg_max(billing_system, (file_id, row_number)) AS billing_system
FROM raw.csv_providers
GROUP BY provider_npi;

COMMENT ON VIEW staging.stg_csv_providers IS
    'Providers extract, one row per NPI (latest file wins).';
