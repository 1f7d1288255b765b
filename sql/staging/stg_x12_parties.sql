-- staging.stg_x12_parties
-- Grain: one row per 837 NM1 party per claim (billing, rendering, referring,
-- service facility, subscriber, patient, payer...), as sent.
CREATE OR REPLACE VIEW staging.stg_x12_parties AS
SELECT
    p.file_id,
    p.claim_index,
    p.line_number,
    p.role,
    p.entity_type,
    p.id_qualifier,
    p.id,
    trim(concat_ws(' ', p.first_name, p.last_or_organization_name)) AS display_name,
    p.last_or_organization_name,
    p.first_name,
    p.taxonomy,
    p.address_1,
    p.city,
    p.state,
    p.postal_code
FROM raw.x12_parties AS p;

COMMENT ON VIEW staging.stg_x12_parties IS 'One row per 837 NM1 party per claim, as sent.';
