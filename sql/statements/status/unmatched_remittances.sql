-- 835 claims matched to no claim, for `rcm status`: the count and the newest
-- $1, with file, segment and reason.
SELECT
    count(*) OVER () AS total,
    '835' AS kind,
    file_name,
    segment,
    claim_id AS about,
    unmatched_reason
FROM core.unmatched_remittances
ORDER BY posting_date DESC, file_name, segment
LIMIT $1
