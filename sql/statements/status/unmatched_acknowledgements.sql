-- Acknowledgements matched to no loaded submission, for `rcm status`: the
-- count and the newest $1, with file, segment and reason.
SELECT
    count(*) OVER () AS total,
    u.ack_kind,
    f.file_name,
    u.segment,
    coalesce(u.claim_id, 'group ' || u.group_control_number) AS about,
    u.unmatched_reason
FROM core.unmatched_acknowledgements AS u
JOIN meta.files AS f ON f.file_id = u.ack_file_id
ORDER BY u.acknowledged_date DESC, f.file_name, u.segment
LIMIT $1
