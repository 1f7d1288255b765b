-- core.claim_status_events
-- Grain: one row per 277CA STC of a claim (2200D) or of one of its service
-- lines (2220D). Claim key: (billing_npi, claim_id = TRN02 = CLM01).
-- Purpose: what the payer or clearinghouse said about each claim it received,
-- tied to the submission it acknowledges. Receiver- and provider-level
-- statuses (batch totals) stay in staging.stg_x12_claim_statuses.
-- Matching: the claim's billing provider NPI (2100C NM1*85 XX) and patient
-- control number. A billing provider sent by tax id (NM108 FI, as in the
-- guide's own example) is the billing provider that tax id belongs to (837
-- 2010AA REF*EI/SY, or the providers extract) when exactly one has it, as for
-- 835 payees (core.remittances); tax ids compare as digits and letters only. of that claim's 837 submissions dated (BHT04) on or before
-- the 277CA's date (its BHT04), the latest (submission date, then file load
-- order, then position in the file). The payer claim control number is kept
-- but does not choose: a 277CA's REF*1K is the number the payer gave the
-- claim it acknowledges, while an 837 carries only the number of the claim
-- it replaces (REF*F8), so equal numbers point at the submission after the
-- one acknowledged. A 277CA claim with no such submission is kept,
-- matched = false, with the reason.
-- Rejected (metric definitions, section 1): any of its status categories
-- (STC01-1, STC10-1, STC11-1) is A3, A4, A6, A7 or A8: returned as
-- unprocessable, not found, or rejected for missing or invalid information.
CREATE OR REPLACE TABLE core.claim_status_events AS
WITH events AS (
    SELECT
        s.* REPLACE (
            coalesce(s.billing_npi, CASE WHEN o.providers = 1 THEN o.billing_npi END)
                AS billing_npi
        ),
        CASE WHEN s.billing_npi IS NULL THEN coalesce(o.providers, 0) END AS tax_id_providers,
        coalesce(s.report_date, s.ack_date) AS acknowledged_date,
        coalesce(s.category_code IN ('A3', 'A4', 'A6', 'A7', 'A8'), false)
            OR coalesce(s.category_code_2 IN ('A3', 'A4', 'A6', 'A7', 'A8'), false)
            OR coalesce(s.category_code_3 IN ('A3', 'A4', 'A6', 'A7', 'A8'), false) AS rejected
    FROM staging.stg_x12_claim_statuses AS s
    LEFT JOIN core.billing_tax_ids AS o
        ON s.billing_npi IS NULL
        AND s.billing_id_qualifier = 'FI'
        AND o.tax_id = regexp_replace(s.billing_id, '[^0-9A-Za-z]', '', 'g')
    WHERE s.level IN ('claim', 'service_line')
),
acknowledged AS (
    SELECT DISTINCT
        file_id,
        ack_claim_index,
        billing_npi,
        billing_id_qualifier,
        billing_id,
        tax_id_providers,
        claim_id,
        acknowledged_date
    FROM events
),
chosen AS (
    SELECT
        a.file_id AS ack_file_id,
        a.ack_claim_index,
        s.file_id AS submission_file_id,
        s.claim_index AS submission_claim_index,
        s.submission_seq
    FROM acknowledged AS a
    JOIN core.submissions AS s
        ON s.billing_npi = a.billing_npi
        AND s.claim_id = a.claim_id
        AND s.source = 'x12'
        AND s.submission_date <= a.acknowledged_date
    QUALIFY row_number() OVER (
        PARTITION BY a.file_id, a.ack_claim_index
        ORDER BY s.submission_date DESC, s.file_id DESC, s.claim_index DESC
    ) = 1
),
reasons AS (
    SELECT
        a.file_id,
        a.ack_claim_index,
        CASE
            WHEN a.billing_npi IS NULL AND a.billing_id_qualifier = 'FI'
                THEN 'the 277CA names the billing provider by tax id ' || a.billing_id
                || ', which ' || CAST(a.tax_id_providers AS VARCHAR)
                || ' loaded billing providers have (exactly one is needed)'
            WHEN a.billing_npi IS NULL THEN 'the 277CA names the billing provider by '
                || coalesce(a.billing_id_qualifier || ' ' || a.billing_id, 'nothing')
                || ', not an NPI'
            WHEN a.claim_id IS NULL THEN 'the 277CA claim has no patient control number'
            WHEN EXISTS (
                SELECT 1 FROM core.submissions AS s
                WHERE s.billing_npi = a.billing_npi AND s.claim_id = a.claim_id
                    AND s.source = 'x12'
            ) THEN 'claim ' || a.claim_id || ' at billing provider ' || a.billing_npi
                || ' has no 837 submission dated on or before '
                || CAST(a.acknowledged_date AS VARCHAR)
            ELSE 'no loaded 837 submission of claim ' || a.claim_id || ' at billing provider '
                || a.billing_npi
        END AS unmatched_reason
    FROM acknowledged AS a
    ANTI JOIN chosen AS c
        ON c.ack_file_id = a.file_id AND c.ack_claim_index = a.ack_claim_index
)
SELECT
    e.file_id AS ack_file_id,
    e.transaction_index AS ack_transaction_index,
    e.ack_claim_index,
    e.segment,
    e.level,
    '277CA' AS ack_kind,
    e.acknowledged_date,
    e.status_date,
    e.ack_sender_id,
    e.ack_receiver_id,
    e.payer_id,
    e.payer_name,
    e.billing_npi,
    e.billing_id_qualifier,
    e.billing_id,
    e.claim_id,
    e.payer_claim_control_number,
    e.clearinghouse_trace_number,
    e.bill_type,
    e.service_date,
    e.service_date_end,
    e.line_index,
    e.procedure_code,
    e.line_charge,
    e.line_control_number,
    e.category_code,
    e.status_code,
    e.entity_code,
    e.category_code_2,
    e.status_code_2,
    e.entity_code_2,
    e.category_code_3,
    e.status_code_3,
    e.entity_code_3,
    e.action_code,
    e.amount,
    e.message,
    e.rejected,
    concat_ws(' ',
        nullif(concat_ws(':', e.category_code, e.status_code, e.entity_code), ''),
        nullif(concat_ws(':', e.category_code_2, e.status_code_2, e.entity_code_2), ''),
        nullif(concat_ws(':', e.category_code_3, e.status_code_3, e.entity_code_3), '')
    ) AS statuses,
    c.submission_file_id IS NOT NULL AS matched,
    c.submission_file_id,
    c.submission_claim_index,
    c.submission_seq,
    r.unmatched_reason
FROM events AS e
LEFT JOIN chosen AS c
    ON c.ack_file_id = e.file_id AND c.ack_claim_index = e.ack_claim_index
LEFT JOIN reasons AS r
    ON r.file_id = e.file_id AND r.ack_claim_index = e.ack_claim_index;

COMMENT ON TABLE core.claim_status_events IS
    'Every 277CA status of a claim or service line, matched to the submission it acknowledges (matched = false when none is loaded).';
