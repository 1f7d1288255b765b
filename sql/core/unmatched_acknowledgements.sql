-- core.unmatched_acknowledgements
-- Grain: one row per 999 response, and one per 277CA claim, that matches no
-- loaded submission.
-- Purpose: the acknowledgements kept but not tied to a submission, and why,
-- for the data-quality page and `rcm status` (an 837 not loaded yet, or
-- loaded under other control numbers or another billing provider).
CREATE OR REPLACE VIEW core.unmatched_acknowledgements AS
SELECT
    '999' AS ack_kind,
    ack_file_id,
    ack_transaction_index,
    ack_segment AS segment,
    ack_date AS acknowledged_date,
    ack_sender_id,
    group_control_number,
    transaction_control_number,
    NULL AS billing_npi,
    NULL AS claim_id,
    rejected,
    unmatched_reason
FROM core.acknowledgements
WHERE NOT matched
UNION ALL
SELECT
    '277CA' AS ack_kind,
    ack_file_id,
    ack_transaction_index,
    min(segment) AS segment,
    acknowledged_date,
    ack_sender_id,
    NULL AS group_control_number,
    NULL AS transaction_control_number,
    billing_npi,
    claim_id,
    bool_or(rejected) AS rejected,
    unmatched_reason
FROM core.claim_status_events
WHERE NOT matched
GROUP BY ack_file_id, ack_transaction_index, ack_claim_index, acknowledged_date, ack_sender_id,
    billing_npi, claim_id, unmatched_reason;

COMMENT ON VIEW core.unmatched_acknowledgements IS
    'Acknowledgements (999 responses, 277CA claims) kept but matched to no loaded submission, with the reason.';
