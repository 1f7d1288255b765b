-- core.acknowledgements
-- Grain: one row per 837 transaction set a 999 answers, plus one row per 999
-- response that matches no loaded 837 (matched = false, with the reason).
-- Purpose: which 999 accepted or rejected which 837 transaction set, and why.
-- Matching: a 999's AK1 names the group control number (GS06) and its AK2s
-- the transaction set control numbers (ST02) of the 837 it answers; the 999
-- goes back to the submitter, so its ISA receiver is the 837's ISA sender.
-- The group chosen is the loaded 837 group (same submitter, functional id and
-- GS06, sent on or before the 999's interchange date) holding most of the
-- sets the 999 lists, then the one sent to the 999's sender, then the latest
-- sent (interchange date, then file load order). A set of that group the 999
-- does not list is answered by the group's AK9 alone (set_status null) when
-- the 999 lists no set at all, or when its AK9 rejects the group with no set
-- accepted; otherwise a 999 acknowledges only the sets it lists.
-- Rejected (metric definitions, section 1): IK5-01 is R, or AK9-01 is R with
-- no set accepted (AK904 = 0). M, W and X are rejections too: each is
-- "Rejected, ..." in the 999 guide. E (and a group E for unlisted sets) is
-- accepted with errors: not rejected.
CREATE OR REPLACE TABLE core.acknowledgements AS
WITH claim_sets AS (
    SELECT
        file_id,
        transaction_index,
        interchange_control_number,
        sender_id,
        receiver_id,
        interchange_date,
        functional_id,
        group_control_number,
        transaction_control_number
    FROM raw.x12_transactions
    WHERE transaction_set_id = '837'
),
answers AS (
    SELECT * FROM staging.stg_x12_ack_sets
),
acks AS (
    SELECT DISTINCT
        file_id,
        transaction_index,
        group_segment,
        ack_interchange_control_number,
        ack_sender_id,
        ack_receiver_id,
        ack_date,
        functional_id,
        group_control_number,
        group_version,
        group_status,
        group_status_text,
        sets_included,
        sets_received,
        sets_accepted
    FROM answers
),
listed AS (
    SELECT file_id, transaction_index, transaction_control_number
    FROM answers
    WHERE set_segment IS NOT NULL
),
candidate_groups AS (
    SELECT
        a.file_id AS ack_file_id,
        a.transaction_index AS ack_transaction_index,
        c.file_id,
        c.interchange_control_number,
        c.group_control_number,
        count(DISTINCT l.transaction_control_number) AS sets_found,
        bool_or(c.receiver_id = a.ack_sender_id) AS receiver_matches,
        max(c.interchange_date) AS interchange_date
    FROM acks AS a
    JOIN claim_sets AS c
        ON c.sender_id = a.ack_receiver_id
        AND c.functional_id = a.functional_id
        AND c.group_control_number = a.group_control_number
        AND c.interchange_date <= a.ack_date
    LEFT JOIN listed AS l
        ON l.file_id = a.file_id
        AND l.transaction_index = a.transaction_index
        AND l.transaction_control_number = c.transaction_control_number
    GROUP BY ALL
),
chosen_groups AS (
    SELECT *
    FROM candidate_groups
    QUALIFY row_number() OVER (
        PARTITION BY ack_file_id, ack_transaction_index
        ORDER BY sets_found DESC, receiver_matches DESC, interchange_date DESC,
            file_id DESC, interchange_control_number DESC
    ) = 1
),
group_sets AS (
    SELECT
        g.ack_file_id,
        g.ack_transaction_index,
        c.file_id,
        c.transaction_index,
        c.transaction_control_number
    FROM chosen_groups AS g
    JOIN claim_sets AS c
        ON c.file_id = g.file_id
        AND c.interchange_control_number = g.interchange_control_number
        AND c.group_control_number = g.group_control_number
),
no_group (file_id, transaction_index, reason) AS (
    SELECT
        a.file_id,
        a.transaction_index,
        'no loaded 837 group ' || a.group_control_number || ' (' || a.functional_id
            || ') sent by ' || a.ack_receiver_id || ' on or before '
            || CAST(a.ack_date AS VARCHAR)
    FROM acks AS a
    ANTI JOIN chosen_groups AS g
        ON g.ack_file_id = a.file_id AND g.ack_transaction_index = a.transaction_index
),
responses AS (
    -- the sets the 999 lists
    SELECT
        a.file_id AS ack_file_id,
        a.transaction_index AS ack_transaction_index,
        a.ack_segment,
        a.set_segment,
        a.transaction_control_number,
        a.implementation_reference,
        a.set_status,
        a.set_status_text,
        gs.file_id AS submission_file_id,
        gs.transaction_index AS submission_transaction_index,
        CASE
            WHEN ng.reason IS NOT NULL THEN ng.reason
            WHEN gs.file_id IS NULL THEN 'transaction set ' || a.transaction_control_number
                || ' is not in the loaded 837 group ' || a.group_control_number
        END AS unmatched_reason
    FROM answers AS a
    LEFT JOIN no_group AS ng
        ON ng.file_id = a.file_id AND ng.transaction_index = a.transaction_index
    LEFT JOIN group_sets AS gs
        ON gs.ack_file_id = a.file_id
        AND gs.ack_transaction_index = a.transaction_index
        AND gs.transaction_control_number = a.transaction_control_number
    WHERE a.set_segment IS NOT NULL
    UNION ALL BY NAME
    -- the sets of the matched group the 999 does not list, when its AK9 answers them
    SELECT
        gs.ack_file_id,
        gs.ack_transaction_index,
        a.group_segment AS ack_segment,
        NULL AS set_segment,
        gs.transaction_control_number,
        NULL AS implementation_reference,
        NULL AS set_status,
        NULL AS set_status_text,
        gs.file_id AS submission_file_id,
        gs.transaction_index AS submission_transaction_index,
        NULL AS unmatched_reason
    FROM group_sets AS gs
    JOIN acks AS a
        ON a.file_id = gs.ack_file_id AND a.transaction_index = gs.ack_transaction_index
    ANTI JOIN listed AS l
        ON l.file_id = gs.ack_file_id
        AND l.transaction_index = gs.ack_transaction_index
        AND l.transaction_control_number = gs.transaction_control_number
    WHERE (a.group_status IN ('R', 'M', 'W', 'X') AND coalesce(a.sets_accepted, 0) = 0)
        OR NOT EXISTS (
            SELECT 1 FROM listed AS k
            WHERE k.file_id = gs.ack_file_id AND k.transaction_index = gs.ack_transaction_index
        )
    UNION ALL BY NAME
    -- a 999 that lists no set and whose group is not loaded: kept, unmatched
    SELECT
        ng.file_id AS ack_file_id,
        ng.transaction_index AS ack_transaction_index,
        a.group_segment AS ack_segment,
        NULL AS set_segment,
        NULL AS transaction_control_number,
        NULL AS implementation_reference,
        NULL AS set_status,
        NULL AS set_status_text,
        NULL AS submission_file_id,
        NULL AS submission_transaction_index,
        ng.reason AS unmatched_reason
    FROM no_group AS ng
    JOIN acks AS a
        ON a.file_id = ng.file_id AND a.transaction_index = ng.transaction_index
    ANTI JOIN listed AS l
        ON l.file_id = ng.file_id AND l.transaction_index = ng.transaction_index
),
numbered_errors AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY file_id, transaction_index, set_segment ORDER BY segment
        ) AS error_number
    FROM staging.stg_x12_ack_errors
),
errors AS (
    -- per set (set_segment) and per 999 for group errors (set_segment null);
    -- the summary names the first five
    SELECT
        file_id,
        transaction_index,
        set_segment,
        count(*) AS error_count,
        string_agg(description, '; ' ORDER BY segment) FILTER (WHERE error_number <= 5)
            AS error_summary
    FROM numbered_errors
    GROUP BY ALL
),
judged AS (
    SELECT
        r.*,
        coalesce(r.set_status IN ('R', 'M', 'W', 'X'), false)
            OR coalesce(a.group_status IN ('R', 'M', 'W', 'X') AND coalesce(a.sets_accepted, 0) = 0,
                false) AS rejected
    FROM responses AS r
    JOIN acks AS a
        ON a.file_id = r.ack_file_id AND a.transaction_index = r.ack_transaction_index
)
SELECT
    j.ack_file_id,
    j.ack_transaction_index,
    j.ack_segment,
    j.set_segment,
    '999' AS ack_kind,
    a.ack_date,
    a.ack_sender_id,
    a.ack_receiver_id,
    a.ack_interchange_control_number,
    a.functional_id,
    a.group_control_number,
    a.group_version,
    j.transaction_control_number,
    j.implementation_reference,
    j.set_status,
    j.set_status_text,
    a.group_status,
    a.group_status_text,
    a.sets_included,
    a.sets_received,
    a.sets_accepted,
    j.rejected,
    NOT j.rejected AND coalesce(j.set_status, a.group_status) = 'E' AS accepted_with_errors,
    coalesce(se.error_count, 0) + coalesce(ge.error_count, 0) AS error_count,
    nullif(concat_ws('; ', se.error_summary, ge.error_summary), '') AS error_summary,
    j.submission_file_id IS NOT NULL AS matched,
    j.submission_file_id,
    j.submission_transaction_index,
    j.unmatched_reason
FROM judged AS j
JOIN acks AS a
    ON a.file_id = j.ack_file_id AND a.transaction_index = j.ack_transaction_index
LEFT JOIN errors AS se
    ON se.file_id = j.ack_file_id
    AND se.transaction_index = j.ack_transaction_index
    AND se.set_segment = j.set_segment
LEFT JOIN errors AS ge
    ON ge.file_id = j.ack_file_id
    AND ge.transaction_index = j.ack_transaction_index
    AND ge.set_segment IS NULL;

COMMENT ON TABLE core.acknowledgements IS
    'Every 837 transaction set a 999 answers (accepted, accepted with errors or rejected), and every 999 response matching no loaded 837 (matched = false).';
