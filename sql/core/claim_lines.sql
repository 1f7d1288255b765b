-- core.claim_lines
-- Grain: one row per service line of a claim's current (latest non-void)
-- submission. Key: (billing_npi, claim_id, line_number).
-- Purpose: what the claim bills now; the coding rules and the denial marts
-- read lines from here. Lines of earlier submissions stay in staging.
CREATE OR REPLACE TABLE core.claim_lines AS
SELECT
    c.billing_npi,
    c.claim_id,
    l.line_number,
    l.procedure_qualifier,
    l.procedure_code,
    l.modifier_1,
    l.modifier_2,
    l.modifier_3,
    l.modifier_4,
    concat_ws(':', l.modifier_1, l.modifier_2, l.modifier_3, l.modifier_4) AS modifiers,
    l.revenue_code,
    l.charge,
    l.unit_type,
    l.units,
    l.place_of_service,
    l.dx_code_1,
    l.dx_code_2,
    l.dx_code_3,
    l.dx_code_4,
    l.service_date,
    l.service_date_end,
    l.rendering_npi,
    l.line_control_number,
    l.ndc,
    l.oral_cavity_designation,
    l.prosthesis_crown_inlay,
    l.prior_placement_date,
    l.appliance_placement_date,
    l.replacement_date,
    l.treatment_start_date,
    l.treatment_completion_date,
    c.patient_key,
    c.payer_id,
    c.is_voided
FROM staging.stg_claim_lines AS l
JOIN core.claims AS c
    ON l.file_id = c.current_file_id AND l.claim_index = c.current_claim_index;

COMMENT ON TABLE core.claim_lines IS
    'Service lines of each claim''s current (latest non-void) submission.';
