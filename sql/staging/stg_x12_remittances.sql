-- staging.stg_x12_remittances
-- Grain: one row per 835 CLP loop.
-- Purpose: each CLP with the payment it belongs to. The claim it pays is
-- (payee NPI from N1*PE with qualifier XX, CLP01), per the metric definitions;
-- the posting date is the payment's BPR16.
CREATE OR REPLACE VIEW staging.stg_x12_remittances AS
SELECT
    r.file_id,
    r.claim_index,
    r.transaction_index,
    p.payee_npi AS billing_npi,
    r.claim_id,
    p.payment_date AS posting_date,
    r.status_code,
    r.billed_amount,
    r.paid_amount,
    r.patient_responsibility,
    r.claim_filing_indicator,
    r.payer_claim_control_number,
    r.frequency_code,
    r.rendering_npi,
    r.received_date,
    p.payer_id,
    p.payer_name,
    p.trace_number,
    p.payment_method,
    p.payment_amount
FROM raw.x12_remit_claims AS r
JOIN raw.x12_payments AS p
    ON p.file_id = r.file_id AND p.transaction_index = r.transaction_index;

COMMENT ON VIEW staging.stg_x12_remittances IS
    'One row per 835 CLP with its payment (posting date BPR16, payer, payee NPI).';
