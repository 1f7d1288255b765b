-- Every acknowledgement of one claim's submissions, oldest first: each 999
-- response to the 837 transaction set that carried a submission (accepted,
-- accepted with errors or rejected, with its IK3/IK4 errors) and each 277CA
-- status (category with its text, status code, entity) of the claim or one of
-- its lines. Only called when the warehouse has acknowledgements.
WITH subs AS (
    SELECT s.submission_seq, s.file_id, s.claim_index, c.transaction_index
    FROM core.submissions AS s
    LEFT JOIN raw.x12_claims AS c
        ON s.source = 'x12' AND c.file_id = s.file_id AND c.claim_index = s.claim_index
    WHERE s.billing_npi = $billing_npi AND s.claim_id = $claim_id
)
SELECT
    s.submission_seq,
    '999' AS ack_kind,
    a.ack_date AS acknowledged_date,
    CASE
        WHEN a.rejected THEN 'rejected'
        WHEN a.accepted_with_errors THEN 'accepted with errors'
        ELSE 'accepted'
    END AS result,
    coalesce('IK5 ' || a.set_status, 'AK9 ' || a.group_status)
        || coalesce(' ' || coalesce(a.set_status_text, a.group_status_text), '') AS status,
    NULL AS status_code,
    NULL AS entity_code,
    'transaction set ' || coalesce(a.transaction_control_number, '?') || ' of group '
        || a.group_control_number AS about,
    a.error_count,
    a.error_summary AS errors,
    f.file_name,
    a.ack_segment AS segment
FROM subs AS s
JOIN core.acknowledgements AS a
    ON a.matched
    AND a.submission_file_id = s.file_id
    AND a.submission_transaction_index = s.transaction_index
JOIN meta.files AS f ON f.file_id = a.ack_file_id
UNION ALL
SELECT
    s.submission_seq,
    '277CA' AS ack_kind,
    e.acknowledged_date,
    CASE WHEN e.rejected THEN 'rejected' ELSE 'accepted' END AS result,
    concat_ws('; ',
        e.category_code || ' ' || dash_status_category(e.category_code),
        e.category_code_2 || ' ' || dash_status_category(e.category_code_2),
        e.category_code_3 || ' ' || dash_status_category(e.category_code_3)
    ) AS status,
    concat_ws(' ', e.status_code, e.status_code_2, e.status_code_3) AS status_code,
    nullif(concat_ws(' ', e.entity_code, e.entity_code_2, e.entity_code_3), '') AS entity_code,
    CASE
        WHEN e.level = 'claim' THEN 'claim'
        ELSE 'line ' || coalesce(e.procedure_code, '') || coalesce(' ' || e.line_control_number, '')
    END AS about,
    NULL AS error_count,
    e.message AS errors,
    f.file_name,
    e.segment
FROM subs AS s
JOIN core.claim_status_events AS e
    ON e.matched AND e.submission_file_id = s.file_id AND e.submission_claim_index = s.claim_index
JOIN meta.files AS f ON f.file_id = e.ack_file_id
ORDER BY acknowledged_date, submission_seq, ack_kind, file_name, segment
