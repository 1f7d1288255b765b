-- staging.stg_x12_claim_lines
-- Grain: one row per 837 service line (LX / SV1, SV2 or SV3) of one submission.
-- Purpose: service lines with their claim's key; a line without its own
-- rendering provider inherits the claim's (837 rules: 2420A overrides 2310B/D),
-- and a line without its own date of service takes the claim's (837D 2300
-- DTP*472, 837I statement period). Professional and dental CLM05-1 is the
-- place of service.
CREATE OR REPLACE VIEW staging.stg_x12_claim_lines AS
SELECT
    l.file_id,
    l.claim_index,
    c.billing_npi,
    c.claim_id,
    l.line_number,
    l.procedure_qualifier,
    l.procedure_code,
    l.modifier_1,
    l.modifier_2,
    l.modifier_3,
    l.modifier_4,
    l.revenue_code,
    l.charge,
    l.unit_type,
    l.units,
    coalesce(l.place_of_service, CASE WHEN c.claim_kind IN ('P', 'D') THEN c.facility_code END)
        AS place_of_service,
    l.dx_code_1,
    l.dx_code_2,
    l.dx_code_3,
    l.dx_code_4,
    coalesce(l.service_date, c.claim_service_date, c.statement_from) AS service_date,
    coalesce(l.service_date_end, l.service_date, c.claim_service_date, c.statement_to)
        AS service_date_end,
    coalesce(l.rendering_npi, c.rendering_npi, c.attending_npi, c.billing_npi) AS rendering_npi,
    l.line_control_number,
    l.ndc,
    l.oral_cavity_designation,
    l.prosthesis_crown_inlay,
    l.prior_placement_date,
    l.appliance_placement_date,
    l.replacement_date,
    l.treatment_start_date,
    l.treatment_completion_date
FROM raw.x12_claim_lines AS l
JOIN raw.x12_claims AS c
    ON c.file_id = l.file_id AND c.claim_index = l.claim_index;

COMMENT ON VIEW staging.stg_x12_claim_lines IS
    'One row per 837 service line of one submission, with the claim key and resolved rendering NPI.';
