-- One provider: name, specialty (taxonomy) and location.
SELECT npi, name, entity_type, taxonomy, specialty, location_id, location_name, billing_npi
FROM core.providers
WHERE npi = $npi
