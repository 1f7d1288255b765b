-- Every adjustment (CAS) of one claim with its class, CARC category and text.
SELECT
    remit_seq,
    posting_date,
    level,
    line_index,
    group_code,
    reason_code,
    carc_description,
    carc_category,
    adjustment_class,
    amount,
    is_reversal
FROM core.adjustments
WHERE billing_npi = $billing_npi AND claim_id = $claim_id
ORDER BY remit_seq, segment
