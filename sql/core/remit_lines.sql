-- core.remit_lines
-- Grain: one row per 835 SVC service-line payment, with its claim key.
CREATE OR REPLACE TABLE core.remit_lines AS
SELECT
    r.billing_npi,
    r.claim_id,
    r.remit_seq,
    r.posting_date,
    l.file_id,
    l.claim_index,
    l.line_index,
    l.procedure_code,
    l.modifier_1,
    l.modifier_2,
    l.revenue_code,
    l.charge,
    l.paid,
    l.allowed_amount,
    l.units_paid,
    l.units_billed,
    l.service_date,
    l.line_control_number
FROM staging.stg_x12_remit_lines AS l
JOIN core.remittances AS r
    ON r.file_id = l.file_id AND r.claim_index = l.claim_index;

COMMENT ON TABLE core.remit_lines IS '835 service-line payments (SVC) with their claim key.';
