-- mart.denials
-- Grain: one row per denial on a remittance posted on or before the default
-- as-of date: each denial adjustment (CAS whose class is denial_adjustment),
-- claim or line level, plus one row for a CLP02 = 4 denial that carries no
-- denial adjustment (reason_code NULL, category 'unspecified', amount CLP03).
-- Implements the metric definitions, sections 1 and 4 (denial adjustment,
-- CARC category). Rows on the claim's first remittance (on_first_remittance)
-- sum, per claim, to mart.claim_summary.initial_denied_amount.
CREATE OR REPLACE TABLE mart.denials AS
WITH
summary AS (SELECT * FROM mart.claim_summary WHERE NOT is_voided),
first_remits AS (
    SELECT r.billing_npi, r.claim_id, r.file_id, r.claim_index
    FROM core.remittances AS r
    JOIN summary AS s
        ON s.billing_npi = r.billing_npi AND s.claim_id = r.claim_id
        AND s.first_remit_date = r.posting_date
    WHERE NOT r.is_reversal
    QUALIFY row_number() OVER (PARTITION BY r.billing_npi, r.claim_id ORDER BY r.remit_seq) = 1
),
adjustment_rows AS (
    SELECT
        a.billing_npi,
        a.claim_id,
        a.posting_date,
        a.payer_id,
        a.group_code,
        a.reason_code,
        a.carc_category AS category,
        a.carc_description,
        a.level,
        a.line_index,
        a.amount,
        a.is_reversal,
        fr.claim_id IS NOT NULL AS on_first_remittance,
        rl.procedure_code
    FROM core.adjustments AS a
    LEFT JOIN first_remits AS fr
        ON fr.file_id = a.file_id AND fr.claim_index = a.claim_index
    LEFT JOIN core.remit_lines AS rl
        ON rl.file_id = a.file_id AND rl.claim_index = a.claim_index
        AND rl.line_index = a.line_index
    WHERE a.adjustment_class = 'denial_adjustment'
        AND a.posting_date <= (SELECT as_of_date FROM mart.as_of)
),
status_only AS (
    SELECT
        s.billing_npi,
        s.claim_id,
        s.first_remit_date AS posting_date,
        r.payer_id,
        NULL AS group_code,
        NULL AS reason_code,
        'unspecified' AS category,
        'Denied (CLP02 = 4) without a denial adjustment' AS carc_description,
        'claim' AS level,
        CAST(NULL AS INTEGER) AS line_index,
        s.first_remit_billed AS amount,
        false AS is_reversal,
        true AS on_first_remittance,
        CAST(NULL AS VARCHAR) AS procedure_code
    FROM summary AS s
    JOIN first_remits AS fr ON fr.billing_npi = s.billing_npi AND fr.claim_id = s.claim_id
    JOIN core.remittances AS r ON r.file_id = fr.file_id AND r.claim_index = fr.claim_index
    WHERE s.first_status_code = '4'
        AND NOT EXISTS (
            SELECT 1 FROM core.adjustments AS a
            WHERE a.file_id = fr.file_id AND a.claim_index = fr.claim_index
                AND a.adjustment_class = 'denial_adjustment'
        )
)
SELECT
    d.billing_npi,
    d.claim_id,
    d.posting_date,
    strftime(d.posting_date, '%Y-%m') AS month,
    d.payer_id,
    d.group_code,
    d.reason_code,
    d.category,
    d.carc_description,
    d.level,
    d.line_index,
    coalesce(d.procedure_code, first_line.procedure_code) AS procedure_code,
    s.rendering_npi,
    s.location_id,
    d.amount,
    d.is_reversal,
    d.on_first_remittance
FROM (SELECT * FROM adjustment_rows UNION ALL SELECT * FROM status_only) AS d
JOIN summary AS s ON s.billing_npi = d.billing_npi AND s.claim_id = d.claim_id
LEFT JOIN core.claim_lines AS first_line
    ON first_line.billing_npi = d.billing_npi AND first_line.claim_id = d.claim_id
    AND first_line.line_number = 1 AND d.procedure_code IS NULL;

COMMENT ON TABLE mart.denials IS
    'Every denial (denial adjustment, or CLP02 = 4 without one) with month, payer, CARC, category, procedure, provider and location.';
