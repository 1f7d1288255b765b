-- staging.stg_x12_ack_sets
-- Grain: one row per 999 response to a transaction set (AK2 ... IK5), and one
-- row per 999 that lists no set at all (a group answered by its AK9 alone),
-- whose set columns are null.
-- Purpose: what each 999 says about the 837 groups and sets it acknowledges,
-- with the 999's own envelope, typed and renamed for the core layer. The
-- response texts are those of the 999 guide (data elements 715 and 717).

CREATE OR REPLACE VIEW staging.stg_x12_ack_sets AS
WITH responses (code, response_text) AS (
    VALUES
        ('A', 'Accepted'),
        ('E', 'Accepted, but errors were noted'),
        ('M', 'Rejected, message authentication code (MAC) failed'),
        ('P', 'Partially accepted, at least one transaction set was rejected'),
        ('R', 'Rejected'),
        ('W', 'Rejected, assurance failed validity tests'),
        ('X', 'Rejected, content after decryption could not be analyzed')
),
answered AS (
    SELECT
        g.file_id,
        g.transaction_index,
        s.segment AS set_segment,
        coalesce(s.segment, g.segment) AS ack_segment,
        s.set_id,
        s.control_number AS transaction_control_number,
        s.implementation_reference,
        s.status AS set_status
    FROM raw.x12_ack_groups AS g
    LEFT JOIN raw.x12_ack_transaction_sets AS s
        ON s.file_id = g.file_id AND s.transaction_index = g.transaction_index
)
SELECT
    a.file_id,
    a.transaction_index,
    a.ack_segment,
    g.segment AS group_segment,
    a.set_segment,
    t.interchange_control_number AS ack_interchange_control_number,
    t.sender_id AS ack_sender_id,
    t.receiver_id AS ack_receiver_id,
    t.interchange_date AS ack_date,
    g.functional_id,
    g.group_control_number,
    g.version AS group_version,
    g.group_status,
    gr.response_text AS group_status_text,
    g.sets_included,
    g.sets_received,
    g.sets_accepted,
    a.set_id,
    a.transaction_control_number,
    a.implementation_reference,
    a.set_status,
    sr.response_text AS set_status_text
FROM answered AS a
JOIN raw.x12_ack_groups AS g
    ON g.file_id = a.file_id AND g.transaction_index = a.transaction_index
JOIN raw.x12_transactions AS t
    ON t.file_id = a.file_id AND t.transaction_index = a.transaction_index
LEFT JOIN responses AS gr ON gr.code = g.group_status
LEFT JOIN responses AS sr ON sr.code = a.set_status;

COMMENT ON VIEW staging.stg_x12_ack_sets IS
    'One row per 999 response to a transaction set (or per 999 answering a group without listing sets), with the 999 envelope.';
