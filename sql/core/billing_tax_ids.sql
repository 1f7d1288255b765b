-- core.billing_tax_ids
-- Grain: one row per tax id (digits and letters only: 12-3456789 = 123456789)
-- that a billing provider bills under.
-- Purpose: resolving a party sent with a tax id only (an 835 payee with
-- N1*PE qualifier FI, a 277CA billing provider with NM108 FI) to the billing
-- provider (metric definitions, section 6): the tax id's owner when exactly
-- one billing provider has it (`providers` = 1), else no one. Tax ids come
-- from the 837s (2010AA REF*EI/SY) and the providers extract; the staging
-- views do not carry them, so they are read from the raw tables.
CREATE OR REPLACE TABLE core.billing_tax_ids AS
WITH sent AS (
    SELECT DISTINCT
        billing_npi,
        regexp_replace(billing_tax_id, '[^0-9A-Za-z]', '', 'g') AS tax_id
    FROM raw.x12_claims
    WHERE billing_npi IS NOT NULL AND billing_tax_id IS NOT NULL
    UNION
    SELECT DISTINCT
        billing_npi,
        regexp_replace(billing_tax_id, '[^0-9A-Za-z]', '', 'g')
    FROM raw.csv_providers
    WHERE billing_npi IS NOT NULL AND billing_tax_id IS NOT NULL
)
SELECT tax_id, count(*) AS providers, min(billing_npi) AS billing_npi
FROM sent
WHERE tax_id <> ''
GROUP BY tax_id;

COMMENT ON TABLE core.billing_tax_ids IS
    'One row per tax id a billing provider bills under (837 REF*EI/SY, providers extract): whom a party sent with a tax id only resolves to, when exactly one provider has it.';
