-- staging.stg_x12_ack_errors
-- Grain: one row per error a 999 reports: an IK3 segment error, an IK4
-- element error, an IK502-06 set error code or an AK905-09 group error code.
-- Purpose: the evidence behind a rejection, with the code's text from the 999
-- guide. ack_segment joins to staging.stg_x12_ack_sets (a group error has no
-- set; it belongs to every set of its 999 and carries set_segment null).
CREATE OR REPLACE VIEW staging.stg_x12_ack_errors AS
SELECT
    e.file_id,
    e.transaction_index,
    e.set_segment,
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
    e.context_segment_id,
    e.context_segment_position,
    concat_ws(' ',
        CASE e.level
            WHEN 'segment' THEN 'segment ' || e.segment_id || ' at position '
                || CAST(e.segment_position AS VARCHAR)
                || coalesce(' (loop ' || e.loop_id || ')', '')
            WHEN 'element' THEN 'element ' || e.segment_id
                || lpad(CAST(e.element_position AS VARCHAR), 2, '0')
                || coalesce('-' || CAST(e.component_position AS VARCHAR), '')
                || ' of the segment at position ' || CAST(e.segment_position AS VARCHAR)
            WHEN 'transaction_set' THEN 'transaction set'
            ELSE 'functional group'
        END || ':',
        e.error_code,
        e.error_text,
        CASE WHEN e.bad_value IS NOT NULL THEN '(sent ''' || e.bad_value || ''')' END,
        CASE WHEN e.context_reference IS NOT NULL
            THEN '[' || e.context_name || ' ' || e.context_reference || ']' END
    ) AS description
FROM raw.x12_ack_errors AS e;

COMMENT ON VIEW staging.stg_x12_ack_errors IS
    'One row per error a 999 reports (segment, element, transaction set or group), with the code text and a one-line description.';
