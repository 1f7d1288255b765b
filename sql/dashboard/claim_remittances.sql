-- Every remittance (835 CLP) of one claim, in posting order.
SELECT
    remit_seq,
    posting_date,
    status_code,
    is_reversal,
    billed_amount,
    paid_amount,
    patient_responsibility,
    payer_claim_control_number,
    trace_number,
    file_id
FROM core.remittances
WHERE billing_npi = $billing_npi AND claim_id = $claim_id
ORDER BY remit_seq
