-- core.acknowledgement_errors
-- Grain: one row per error a 999 reports, for each 837 transaction set the
-- 999 response answers (core.acknowledgements): the set's own IK3, IK4 and
-- IK5 errors, and the group's AK9 errors under every set of the group.
-- Purpose: the evidence of a front-end rejection as data (segment, position,
-- element, code, text, bad value), tied to the 837 set it is about; an error
-- whose CTX names a claim (context_name CLM01) carries its patient control
-- number in context_reference.
CREATE OR REPLACE TABLE core.acknowledgement_errors AS
SELECT
    a.ack_file_id,
    a.ack_transaction_index,
    a.ack_segment,
    e.segment,
    e.level,
    e.error_code,
    e.error_text,
    e.segment_id,
    e.segment_position,
    e.loop_id,
    e.element_position,
    e.component_position,
    e.repetition_position,
    e.element_reference,
    e.bad_value,
    e.context_name,
    e.context_reference,
    e.description,
    a.rejected,
    a.matched,
    a.submission_file_id,
    a.submission_transaction_index
FROM core.acknowledgements AS a
JOIN staging.stg_x12_ack_errors AS e
    ON e.file_id = a.ack_file_id
    AND e.transaction_index = a.ack_transaction_index
    AND (e.set_segment = a.set_segment OR e.set_segment IS NULL);

COMMENT ON TABLE core.acknowledgement_errors IS
    'Every 999 error (segment, element, set or group) under each 837 transaction set its response answers, as evidence of a rejection.';
