-- Every submission of one claim (original, replacements, voids) in order.
SELECT
    submission_seq,
    submission_date,
    source,
    frequency_code,
    CASE WHEN is_void THEN 'void' WHEN is_replacement THEN 'replacement' ELSE 'original' END
        AS kind,
    total_charge,
    payer_id,
    rendering_npi,
    interchange_control_number,
    file_id
FROM core.submissions
WHERE billing_npi = $billing_npi AND claim_id = $claim_id
ORDER BY submission_seq
