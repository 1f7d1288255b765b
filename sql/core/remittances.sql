-- core.remittances
-- Grain: one row per 835 CLP loop. Claim key: (billing_npi, claim_id = CLP01).
-- Purpose: the payment history of every claim. remit_seq orders a claim's
-- remittances by posting date, then file load order, then position in the
-- file; reversals (CLP02 = 22) keep their negative amounts.
-- Claim identity across files (metric definitions, section 6): the billing
-- provider is the payee NPI (1000B N1*PE qualifier XX) of the CLP's own
-- transaction set. A payee sent with a tax id only (N1*PE qualifier FI, or
-- REF*TJ) is the billing provider that tax id belongs to (2010AA REF*EI/SY of
-- the 837s, or the providers extract) when exactly one billing provider has
-- it; otherwise billing_npi stays null and the remittance is unmatched, with
-- match_status and unmatched_reason saying why (core.unmatched_remittances
-- lists them). Tax ids are compared as digits and letters only (12-3456789 =
-- 123456789), against core.billing_tax_ids. The payee tax id is read from the
-- raw payments table: the staging views do not carry it.
CREATE OR REPLACE TABLE core.remittances AS
WITH sent AS (
    SELECT
        r.*,
        r.billing_npi AS payee_npi,
        p.payee_id_qualifier,
        nullif(regexp_replace(p.payee_tax_id, '[^0-9A-Za-z]', '', 'g'), '') AS payee_tax_id,
        c.claim_segment AS segment
    FROM staging.stg_x12_remittances AS r
    JOIN raw.x12_payments AS p
        ON p.file_id = r.file_id AND p.transaction_index = r.transaction_index
    JOIN raw.x12_remit_claims AS c
        ON c.file_id = r.file_id AND c.claim_index = r.claim_index
),
resolved AS (
    SELECT
        s.*,
        CASE
            WHEN s.payee_npi IS NOT NULL THEN s.payee_npi
            WHEN o.providers = 1 THEN o.billing_npi
        END AS resolved_npi,
        CASE WHEN s.payee_npi IS NULL THEN coalesce(o.providers, 0) END AS tax_id_providers
    FROM sent AS s
    LEFT JOIN core.billing_tax_ids AS o
        ON s.payee_npi IS NULL AND o.tax_id = s.payee_tax_id
),
matched AS (
    SELECT
        r.*,
        CASE
            WHEN cl.claim_id IS NOT NULL THEN 'matched'
            WHEN r.claim_id IS NULL THEN 'no_claim_id'
            WHEN r.payee_npi IS NULL AND r.payee_tax_id IS NULL THEN 'no_payee_id'
            WHEN r.payee_npi IS NULL AND r.tax_id_providers = 0 THEN 'tax_id_unknown'
            WHEN r.payee_npi IS NULL AND r.tax_id_providers > 1 THEN 'tax_id_ambiguous'
            ELSE 'claim_not_found'
        END AS match_status
    FROM resolved AS r
    LEFT JOIN core.claims AS cl
        ON cl.billing_npi = r.resolved_npi AND cl.claim_id = r.claim_id
)
SELECT
    m.resolved_npi AS billing_npi,
    m.claim_id,
    row_number() OVER (
        PARTITION BY
            m.resolved_npi,
            m.claim_id,
            CASE WHEN m.resolved_npi IS NULL THEN m.file_id END,
            CASE WHEN m.resolved_npi IS NULL THEN m.claim_index END
        ORDER BY m.posting_date, m.file_id, m.claim_index
    ) AS remit_seq,
    m.file_id,
    m.claim_index,
    m.transaction_index,
    m.segment,
    m.posting_date,
    m.status_code,
    m.status_code = '22' AS is_reversal,
    m.status_code = '4' AS is_denied_status,
    m.billed_amount,
    m.paid_amount,
    m.patient_responsibility,
    m.claim_filing_indicator,
    m.payer_claim_control_number,
    m.payer_id,
    m.payer_name,
    m.trace_number,
    m.payment_method,
    m.received_date,
    m.payee_id_qualifier,
    m.payee_npi,
    m.payee_tax_id,
    m.match_status = 'matched' AS matched,
    m.match_status,
    CASE m.match_status
        WHEN 'matched' THEN NULL
        WHEN 'no_claim_id' THEN 'the CLP has no patient control number (CLP01)'
        WHEN 'no_payee_id' THEN 'the payee (N1*PE) has neither an NPI nor a tax id'
        WHEN 'tax_id_unknown' THEN
            'no billing provider of the 837s or the providers extract has payee tax id '
            || m.payee_tax_id
        WHEN 'tax_id_ambiguous' THEN
            m.tax_id_providers || ' billing providers share payee tax id ' || m.payee_tax_id
            || '; the payee must be sent with its NPI'
        ELSE 'no claim ' || m.claim_id || ' was submitted by billing provider ' || m.resolved_npi
    END AS unmatched_reason
FROM matched AS m;

COMMENT ON TABLE core.remittances IS
    'Every 835 claim payment (CLP) with its posting date, ordered per claim by remit_seq; reversals flagged; matched to its claim by payee NPI, or by a tax id only one billing provider has.';
