-- 835 claims (CLP) matched to no claim, with their file, segment and reason
-- (core.unmatched_remittances), newest first, at most $row_limit; `total`
-- counts them all.
SELECT
    file_name,
    segment,
    claim_id,
    payee_id_qualifier,
    payee_npi,
    payee_tax_id,
    match_status,
    unmatched_reason,
    posting_date,
    status_code,
    billed_amount,
    paid_amount,
    payer_id,
    trace_number,
    count(*) OVER () AS total
FROM core.unmatched_remittances
ORDER BY posting_date DESC, file_name, segment
LIMIT $row_limit
