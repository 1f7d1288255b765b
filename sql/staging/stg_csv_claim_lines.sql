-- staging.stg_csv_claim_lines
-- Grain: one row per service line of a submission of the claims extract,
-- shaped like its X12 counterpart.
CREATE OR REPLACE VIEW staging.stg_csv_claim_lines AS
SELECT
    file_id,
    claim_index,
    billing_npi,
    claim_id,
    line_number,
    'HC' AS procedure_qualifier,
    procedure_code,
    nullif(split_part(modifiers, '|', 1), '') AS modifier_1,
    nullif(split_part(modifiers, '|', 2), '') AS modifier_2,
    nullif(split_part(modifiers, '|', 3), '') AS modifier_3,
    nullif(split_part(modifiers, '|', 4), '') AS modifier_4,
    CAST(NULL AS VARCHAR) AS revenue_code,
    line_charge AS charge,
    'UN' AS unit_type,
    units,
    place_of_service,
    nullif(string_split(diagnosis_codes, '|')[
        TRY_CAST(nullif(split_part(diagnosis_pointers, '|', 1), '') AS INTEGER)], '') AS dx_code_1,
    nullif(string_split(diagnosis_codes, '|')[
        TRY_CAST(nullif(split_part(diagnosis_pointers, '|', 2), '') AS INTEGER)], '') AS dx_code_2,
    nullif(string_split(diagnosis_codes, '|')[
        TRY_CAST(nullif(split_part(diagnosis_pointers, '|', 3), '') AS INTEGER)], '') AS dx_code_3,
    nullif(string_split(diagnosis_codes, '|')[
        TRY_CAST(nullif(split_part(diagnosis_pointers, '|', 4), '') AS INTEGER)], '') AS dx_code_4,
    service_date,
    service_date AS service_date_end,
    coalesce(rendering_npi, billing_npi) AS rendering_npi,
    CAST(NULL AS VARCHAR) AS line_control_number,
    CAST(NULL AS VARCHAR) AS ndc
FROM staging.stg_csv_claim_rows;

COMMENT ON VIEW staging.stg_csv_claim_lines IS 'Claims extract service lines, shaped like 837 lines.';
