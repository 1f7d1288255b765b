-- core.adjustments
-- Grain: one row per CAS amount (claim level or service-line level) of a remittance.
-- Purpose: every adjustment with exactly one class, tested in this order
-- (metric definitions, "one class per adjustment"):
--   group PR                                   -> patient_responsibility
--   CARC in the payment-adjustment list        -> payment_adjustment
--   group CO, OA or PI                         -> denial_adjustment
--   anything else (e.g. group CR)              -> other
-- The payment-adjustment list and the denial category come from ref.carc.
CREATE OR REPLACE TABLE core.adjustments AS
SELECT
    r.billing_npi,
    r.claim_id,
    r.remit_seq,
    a.file_id,
    a.claim_index,
    a.line_index,
    a.segment,
    r.posting_date,
    r.is_reversal,
    r.payer_id,
    CASE WHEN a.line_index IS NULL THEN 'claim' ELSE 'line' END AS level,
    a.group_code,
    a.reason_code,
    a.amount,
    a.quantity,
    CASE
        WHEN a.group_code = 'PR' THEN 'patient_responsibility'
        WHEN coalesce(carc.payment_adjustment, false) THEN 'payment_adjustment'
        WHEN a.group_code IN ('CO', 'OA', 'PI') THEN 'denial_adjustment'
        ELSE 'other'
    END AS adjustment_class,
    coalesce(carc.category, 'other') AS carc_category,
    carc.description AS carc_description
FROM staging.stg_x12_adjustments AS a
JOIN core.remittances AS r
    ON r.file_id = a.file_id AND r.claim_index = a.claim_index
LEFT JOIN ref.carc AS carc
    ON carc.code = a.reason_code;

COMMENT ON TABLE core.adjustments IS
    'Every 835 CAS amount with its class (patient responsibility, payment adjustment, denial adjustment, other) and CARC category.';
