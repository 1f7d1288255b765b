-- Front-end rejections by reason (dash_rejections): claims and submissions
-- rejected for each reason and the charges of those claims (each claim's
-- latest rejected submission), all loads, most claims first. A claim rejected
-- for two reasons counts under both; the total row counts it once.
WITH latest AS (
    SELECT *
    FROM dash_rejections
    QUALIFY row_number() OVER (
        PARTITION BY billing_npi, claim_id, reason ORDER BY submission_seq DESC
    ) = 1
),
per_claim AS (
    SELECT *
    FROM dash_rejections
    QUALIFY row_number() OVER (
        PARTITION BY billing_npi, claim_id ORDER BY submission_seq DESC, reason
    ) = 1
)
SELECT
    reason,
    min(ack_kind) AS ack_kind,
    count(*) AS claims,
    (
        SELECT count(DISTINCT (r.billing_npi, r.claim_id, r.submission_seq))
        FROM dash_rejections AS r
        WHERE r.reason = l.reason
    ) AS submissions,
    sum(total_charge) AS charges,
    min(rejected_date) AS first_rejected,
    max(rejected_date) AS last_rejected
FROM latest AS l
GROUP BY reason
UNION ALL
SELECT
    'all front-end rejections' AS reason,
    NULL AS ack_kind,
    count(*) AS claims,
    (SELECT count(DISTINCT (billing_npi, claim_id, submission_seq)) FROM dash_rejections)
        AS submissions,
    sum(total_charge) AS charges,
    (SELECT min(rejected_date) FROM dash_rejections) AS first_rejected,
    (SELECT max(rejected_date) FROM dash_rejections) AS last_rejected
FROM per_claim
HAVING count(*) > 0
ORDER BY reason = 'all front-end rejections' DESC, claims DESC, charges DESC, reason
