-- Acknowledgements matched to no loaded submission, with their file, segment
-- and reason (core.unmatched_acknowledgements), newest first, at most
-- $row_limit; `total` counts them all.
SELECT
    u.ack_kind,
    f.file_name,
    u.segment,
    u.acknowledged_date,
    u.ack_sender_id,
    u.group_control_number,
    u.transaction_control_number,
    u.billing_npi,
    u.claim_id,
    u.rejected,
    u.unmatched_reason,
    count(*) OVER () AS total
FROM core.unmatched_acknowledgements AS u
JOIN meta.files AS f ON f.file_id = u.ack_file_id
ORDER BY u.acknowledged_date DESC, f.file_name, u.segment
LIMIT $row_limit
