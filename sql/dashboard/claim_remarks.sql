-- Remark codes (RARC and others) on one claim's remittances, with their text.
SELECT remit_seq, posting_date, line_index, source, qualifier, code, description
FROM core.remarks
WHERE billing_npi = $billing_npi AND claim_id = $claim_id
ORDER BY remit_seq, line_index NULLS FIRST, code
