-- FRONT_END_REJECTED: claim level, severity error.
-- Catches a submission the clearinghouse or payer turned back before
-- adjudication: a 999 implementation acknowledgement (ASC X12 005010X231A1)
-- rejected the 837 transaction set that carried it (IK5-01 R, M, W or X, or
-- AK9-01 R with no set accepted), or a 277CA claim acknowledgement
-- (005010X214) gave it a status of category A3, A4, A6, A7 or A8 (returned as
-- unprocessable, not found, rejected for invalid or missing information).
-- One finding per rejected submission (core.submission_acknowledgements); the
-- evidence names the submission it read and the acknowledgement's errors: for a
-- 999, every IK3/IK4/IK5/AK9 error of the set (segment, position, element,
-- code, text, bad value) except those whose CTX names another claim; for a
-- 277CA, its rejecting statuses (category, status code, entity). The amount at
-- risk is the submission's charges (CLM02). The clean claim rate does not count
-- this rule: it is the payer's answer, not a check before submission.
WITH rejected AS (
    SELECT
        a.billing_npi,
        a.claim_id,
        a.submission_seq,
        a.file_id,
        a.claim_index,
        a.rejected_999,
        a.rejected_277ca,
        a.rejected_date,
        a.rejection_evidence,
        s.total_charge,
        s.submission_date,
        s.rendering_npi,
        c.transaction_index
    FROM core.submission_acknowledgements AS a
    JOIN core.submissions AS s USING (billing_npi, claim_id, submission_seq)
    LEFT JOIN raw.x12_claims AS c
        ON a.source = 'x12' AND c.file_id = a.file_id AND c.claim_index = a.claim_index
    WHERE a.front_end_rejected
),
errors_999 AS (
    SELECT
        r.billing_npi,
        r.claim_id,
        r.submission_seq,
        list(
            {
                'level': e.level,
                'segment': e.segment_id,
                'segment_position': e.segment_position,
                'loop': e.loop_id,
                'element': e.element_position,
                'element_reference': e.element_reference,
                'code': e.error_code,
                'text': e.error_text,
                'bad_value': e.bad_value
            }
            ORDER BY e.ack_file_id, e.ack_segment, e.segment
        ) AS errors
    FROM rejected AS r
    JOIN core.acknowledgement_errors AS e
        ON e.submission_file_id = r.file_id
        AND e.submission_transaction_index = r.transaction_index
    WHERE r.rejected_999
        AND e.matched
        AND e.rejected
        AND (e.context_name IS DISTINCT FROM 'CLM01' OR e.context_reference = r.claim_id)
    GROUP BY ALL
),
statuses_277 AS (
    SELECT
        r.billing_npi,
        r.claim_id,
        r.submission_seq,
        list(
            {
                'level': e.level,
                'statuses': e.statuses,
                'status_date': e.status_date,
                'message': e.message
            }
            ORDER BY e.acknowledged_date, e.ack_file_id, e.ack_claim_index
        ) AS statuses
    FROM rejected AS r
    JOIN core.claim_status_events AS e
        ON e.submission_file_id = r.file_id AND e.submission_claim_index = r.claim_index
    WHERE r.rejected_277ca AND e.matched AND e.rejected
    GROUP BY ALL
)
SELECT
    'FRONT_END_REJECTED' AS rule,
    'error' AS severity,
    r.billing_npi,
    r.claim_id,
    CAST(NULL AS INTEGER) AS line_number,
    r.rendering_npi AS provider_npi,
    'submission ' || r.submission_seq || ' of ' || CAST(r.submission_date AS VARCHAR)
        || ' was rejected before adjudication on ' || CAST(r.rejected_date AS VARCHAR)
        || ': ' || r.rejection_evidence AS detail,
    json_object(
        'submission_seq', r.submission_seq,
        'submission_date', r.submission_date,
        'rejected_by', concat_ws(' and ',
            CASE WHEN r.rejected_999 THEN '999' END,
            CASE WHEN r.rejected_277ca THEN '277CA' END),
        'rejected_date', r.rejected_date,
        'errors_999', coalesce(e.errors, []),
        'statuses_277ca', coalesce(t.statuses, []),
        'amount_at_risk', CAST(r.total_charge AS VARCHAR),
        'guides', ['005010X231A1', '005010X214']
    ) AS evidence
FROM rejected AS r
LEFT JOIN errors_999 AS e USING (billing_npi, claim_id, submission_seq)
LEFT JOIN statuses_277 AS t USING (billing_npi, claim_id, submission_seq)
