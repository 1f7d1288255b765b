-- core.submission_acknowledgements
-- Grain: one row per submission (core.submissions).
-- Purpose: whether each submission was acknowledged and whether it was
-- front-end rejected (metric definitions, section 1): a 999 rejected the 837
-- transaction set that carried it (core.acknowledgements.rejected), or a
-- 277CA gave it a status of category A3, A4, A6, A7 or A8
-- (core.claim_status_events.rejected). Two acknowledgements of one
-- submission both count; one rejection is enough. rejection_evidence names
-- the first rejection (by acknowledgement date): the 999's response and its
-- first errors, or the 277CA's status codes.
CREATE OR REPLACE TABLE core.submission_acknowledgements AS
WITH carried AS (
    SELECT
        s.billing_npi,
        s.claim_id,
        s.submission_seq,
        s.file_id,
        s.claim_index,
        s.source,
        s.submission_date,
        c.transaction_index
    FROM core.submissions AS s
    LEFT JOIN raw.x12_claims AS c
        ON s.source = 'x12' AND c.file_id = s.file_id AND c.claim_index = s.claim_index
),
by_999 AS (
    SELECT
        submission_file_id AS file_id,
        submission_transaction_index AS transaction_index,
        count(*) AS acknowledgements,
        bool_or(rejected) AS rejected,
        min(ack_date) FILTER (WHERE rejected) AS rejected_date,
        arg_min(
            '999 ' || coalesce('IK5 ' || set_status, 'AK9 ' || group_status)
                || coalesce(' (' || coalesce(set_status_text, group_status_text) || ')', '')
                || coalesce(': ' || error_summary, ''),
            ack_date
        ) FILTER (WHERE rejected) AS evidence
    FROM core.acknowledgements
    WHERE matched
    GROUP BY ALL
),
by_277 AS (
    SELECT
        submission_file_id AS file_id,
        submission_claim_index AS claim_index,
        count(DISTINCT (ack_file_id, ack_claim_index)) AS acknowledgements,
        bool_or(rejected) AS rejected,
        min(acknowledged_date) FILTER (WHERE rejected) AS rejected_date,
        arg_min(
            '277CA ' || level || ' status ' || statuses
                || coalesce(' on ' || CAST(status_date AS VARCHAR), ''),
            acknowledged_date
        ) FILTER (WHERE rejected) AS evidence
    FROM core.claim_status_events
    WHERE matched
    GROUP BY ALL
)
SELECT
    c.billing_npi,
    c.claim_id,
    c.submission_seq,
    c.file_id,
    c.claim_index,
    c.source,
    c.submission_date,
    coalesce(a.acknowledgements, 0) AS acknowledgements_999,
    coalesce(e.acknowledgements, 0) AS acknowledgements_277ca,
    coalesce(a.acknowledgements, 0) + coalesce(e.acknowledgements, 0) > 0 AS has_acknowledgement,
    coalesce(a.rejected, false) AS rejected_999,
    coalesce(e.rejected, false) AS rejected_277ca,
    coalesce(a.rejected, false) OR coalesce(e.rejected, false) AS front_end_rejected,
    least(a.rejected_date, e.rejected_date) AS rejected_date,
    CASE
        WHEN a.rejected_date IS NOT NULL
            AND (e.rejected_date IS NULL OR a.rejected_date <= e.rejected_date)
            THEN a.evidence
        ELSE e.evidence
    END AS rejection_evidence
FROM carried AS c
LEFT JOIN by_999 AS a
    ON a.file_id = c.file_id AND a.transaction_index = c.transaction_index
LEFT JOIN by_277 AS e
    ON e.file_id = c.file_id AND e.claim_index = c.claim_index;

COMMENT ON TABLE core.submission_acknowledgements IS
    'One row per submission: its 999 and 277CA acknowledgements and whether it was front-end rejected (METRICS section 1), with the first rejection as evidence.';
