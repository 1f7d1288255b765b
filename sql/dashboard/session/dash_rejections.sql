-- dash_rejections: one row per front-end rejected submission and reason
-- (core.submission_acknowledgements.front_end_rejected, METRICS section 1),
-- for the data-quality page and the claim list's `rejected=` drill-down.
-- The reason of a 999 rejection is each IK3 (segment) and IK4 (element) error
-- code of the rejected transaction set with its text, or, without one, the
-- IK5 / AK9 code; of a 277CA rejection, each rejecting status category
-- (A3, A4, A6, A7, A8) with its text. A submission can have several reasons.
-- Made only when the warehouse has acknowledgements (dash_rejections_empty.sql
-- otherwise), so older warehouses still open.
CREATE OR REPLACE TEMP VIEW dash_rejections AS
WITH set_claims AS (
    SELECT s.billing_npi, s.claim_id, s.submission_seq, s.total_charge, c.file_id,
        c.transaction_index
    FROM core.submissions AS s
    JOIN raw.x12_claims AS c ON c.file_id = s.file_id AND c.claim_index = s.claim_index
    WHERE s.source = 'x12'
),
by_999 AS (
    SELECT
        sc.billing_npi,
        sc.claim_id,
        sc.submission_seq,
        sc.total_charge,
        '999' AS ack_kind,
        a.ack_date AS rejected_date,
        coalesce(
            '999 ' || CASE e.level WHEN 'segment' THEN 'IK3' ELSE 'IK4' END || ' '
                || e.error_code || coalesce(' ' || e.error_text, ''),
            '999 ' || coalesce('IK5 ' || a.set_status, 'AK9 ' || a.group_status)
                || coalesce(' ' || coalesce(a.set_status_text, a.group_status_text), '')
        ) AS reason
    FROM core.acknowledgements AS a
    JOIN set_claims AS sc
        ON sc.file_id = a.submission_file_id
        AND sc.transaction_index = a.submission_transaction_index
    LEFT JOIN core.acknowledgement_errors AS e
        ON e.ack_file_id = a.ack_file_id
        AND e.ack_transaction_index = a.ack_transaction_index
        AND e.ack_segment = a.ack_segment
        AND e.level IN ('segment', 'element')
    WHERE a.matched AND a.rejected
),
by_277 AS (
    SELECT
        s.billing_npi,
        s.claim_id,
        s.submission_seq,
        s.total_charge,
        '277CA' AS ack_kind,
        e.acknowledged_date AS rejected_date,
        '277CA ' || t.category || ' ' || dash_status_category(t.category) AS reason
    FROM core.claim_status_events AS e
    JOIN core.submissions AS s
        ON s.file_id = e.submission_file_id AND s.claim_index = e.submission_claim_index
    CROSS JOIN LATERAL (
        SELECT unnest([e.category_code, e.category_code_2, e.category_code_3]) AS category
    ) AS t
    WHERE e.matched AND t.category IN ('A3', 'A4', 'A6', 'A7', 'A8')
)
SELECT billing_npi, claim_id, submission_seq, total_charge, ack_kind, reason,
    min(rejected_date) AS rejected_date
FROM (SELECT * FROM by_999 UNION ALL SELECT * FROM by_277)
GROUP BY ALL;
