-- core.remittances
-- Grain: one row per 835 CLP loop. Claim key: (billing_npi = payee NPI, claim_id = CLP01).
-- Purpose: the payment history of every claim. remit_seq orders a claim's
-- remittances by posting date, then file load order, then position in the
-- file; reversals (CLP02 = 22) keep their negative amounts. `matched` says
-- whether the claim was submitted to this warehouse.
CREATE OR REPLACE TABLE core.remittances AS
SELECT
    r.billing_npi,
    r.claim_id,
    row_number() OVER (
        PARTITION BY r.billing_npi, r.claim_id
        ORDER BY r.posting_date, r.file_id, r.claim_index
    ) AS remit_seq,
    r.file_id,
    r.claim_index,
    r.posting_date,
    r.status_code,
    r.status_code = '22' AS is_reversal,
    r.status_code = '4' AS is_denied_status,
    r.billed_amount,
    r.paid_amount,
    r.patient_responsibility,
    r.claim_filing_indicator,
    r.payer_claim_control_number,
    r.payer_id,
    r.payer_name,
    r.trace_number,
    r.payment_method,
    r.received_date,
    c.claim_id IS NOT NULL AS matched
FROM staging.stg_x12_remittances AS r
LEFT JOIN core.claims AS c
    ON c.billing_npi = r.billing_npi AND c.claim_id = r.claim_id;

COMMENT ON TABLE core.remittances IS
    'Every 835 claim payment (CLP) with its posting date, ordered per claim by remit_seq; reversals flagged.';
