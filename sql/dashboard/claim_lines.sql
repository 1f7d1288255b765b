-- The service lines of one claim's current submission.
SELECT
    line_number, service_date, procedure_code, modifiers, units, charge,
    dx_code_1, dx_code_2, place_of_service, rendering_npi
FROM core.claim_lines
WHERE billing_npi = $billing_npi AND claim_id = $claim_id
ORDER BY line_number
