-- core.unmatched_remittances
-- Grain: one row per 835 CLP that matches no claim of the warehouse.
-- Purpose: the remittances a billing office must look at by hand, with the
-- file and CLP segment they came from, the payee as sent and why they did not
-- match (core.remittances.match_status): a payee tax id no billing provider
-- has, or more than one has; no claim with this patient control number at the
-- payee's billing provider; no claim id or payee id at all.
CREATE OR REPLACE VIEW core.unmatched_remittances AS
SELECT
    f.file_name,
    r.segment,
    r.file_id,
    r.claim_index,
    r.transaction_index,
    r.claim_id,
    r.payee_id_qualifier,
    r.payee_npi,
    r.payee_tax_id,
    r.billing_npi,
    r.match_status,
    r.unmatched_reason,
    r.posting_date,
    r.status_code,
    r.billed_amount,
    r.paid_amount,
    r.payer_id,
    r.trace_number
FROM core.remittances AS r
JOIN meta.files AS f USING (file_id)
WHERE NOT r.matched;

COMMENT ON VIEW core.unmatched_remittances IS
    'Every 835 CLP that matches no claim, with its file, segment, payee as sent and why it did not match.';
