-- staging.stg_x12_remit_lines
-- Grain: one row per 835 SVC (service line payment).
CREATE OR REPLACE VIEW staging.stg_x12_remit_lines AS
SELECT
    l.file_id,
    l.claim_index,
    l.line_index,
    l.procedure_qualifier,
    l.procedure_code,
    l.modifier_1,
    l.modifier_2,
    l.modifier_3,
    l.modifier_4,
    l.revenue_code,
    l.charge,
    l.paid,
    l.units_paid,
    l.units_billed,
    l.original_procedure_code,
    l.service_date,
    l.line_control_number,
    l.allowed_amount
FROM raw.x12_remit_lines AS l;

COMMENT ON VIEW staging.stg_x12_remit_lines IS 'One row per 835 SVC service-line payment.';
