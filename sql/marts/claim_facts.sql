-- mart.claim_facts(as_of)
-- Grain: one row per claim with at least one submission dated on or before as_of.
-- Implements the metric definitions, section 2 (claim-level facts) with the
-- readings of section 6, as they stood at the as-of date D:
--   * only submissions dated <= D and remittances / adjustments posted <= D count;
--   * voided at D: the latest submission dated <= D is a void (frequency 8);
--   * billed_amount and payer: the latest non-void submission dated <= D;
--   * first remittance: the earliest non-reversal remittance by posting date,
--     then file load order (core.remittances.remit_seq);
--   * initially_denied: first remittance CLP02 = 4 or at least one denial adjustment on it;
--   * initial_denied_amount: sum of denial adjustments on the first remittance,
--     else its CLP03 when CLP02 = 4, else 0;
--   * resubmitted: a replacement (7) dated after the first remittance's posting date;
--   * recovered: initially denied and a later non-reversal remittance paid > 0;
--   * first_paid_date: earliest posting date on which cumulative paid > 0;
--   * insurance_balance: billed - paid - payment adjustments - patient
--     responsibility - write-offs (adjustments extract), all posted <= D; 0 when voided.
--   * front_end_rejected: the first submission was rejected by a 999 or a 277CA
--     (core.submission_acknowledgements); first_acknowledged: it has any
--     acknowledgement; first_payer_id: its payer, to which the front-end
--     rejection rate is attributed. Acknowledgements count whatever their date.
-- Written as a table macro so any as-of date can be asked for; mart.claim_summary
-- materialises it at the warehouse's default as-of date.

CREATE OR REPLACE MACRO mart.claim_facts(as_of) AS TABLE
WITH
submissions AS (
    SELECT * FROM core.submissions WHERE submission_date <= CAST(as_of AS DATE)
),
claim_state AS (
    SELECT
        billing_npi,
        claim_id,
        min(submission_date) AS first_submitted_date,
        arg_max(is_void, submission_seq) AS is_voided,
        arg_max(submission_date, submission_seq) AS latest_submission_date,
        arg_max(total_charge, submission_seq) FILTER (WHERE NOT is_void) AS billed_amount,
        arg_max(payer_id, submission_seq) FILTER (WHERE NOT is_void) AS payer_id,
        arg_min(payer_id, submission_seq) AS first_payer_id
    FROM submissions
    GROUP BY billing_npi, claim_id
),
remits AS (
    SELECT * FROM core.remittances WHERE posting_date <= CAST(as_of AS DATE) AND matched
),
first_remit AS (
    SELECT
        billing_npi,
        claim_id,
        remit_seq AS first_remit_seq,
        posting_date AS first_remit_date,
        status_code AS first_status_code,
        billed_amount AS first_remit_billed,
        file_id AS first_remit_file_id,
        claim_index AS first_remit_claim_index
    FROM (
        SELECT
            r.*,
            row_number() OVER (PARTITION BY billing_npi, claim_id ORDER BY remit_seq) AS nth
        FROM remits AS r
        WHERE NOT is_reversal
    ) AS ordered
    WHERE nth = 1
),
adjustments AS (
    SELECT * FROM core.adjustments WHERE posting_date <= CAST(as_of AS DATE)
),
first_remit_denials AS (
    SELECT
        a.billing_npi,
        a.claim_id,
        count(*) AS denial_adjustments,
        sum(a.amount) AS denied_amount
    FROM adjustments AS a
    JOIN first_remit AS f
        ON a.file_id = f.first_remit_file_id AND a.claim_index = f.first_remit_claim_index
    WHERE a.adjustment_class = 'denial_adjustment'
    GROUP BY a.billing_npi, a.claim_id
),
adjustment_totals AS (
    SELECT
        billing_npi,
        claim_id,
        sum(amount) FILTER (WHERE adjustment_class = 'payment_adjustment') AS payment_adjustments,
        sum(amount) FILTER (WHERE adjustment_class = 'patient_responsibility')
            AS patient_responsibility,
        sum(amount) FILTER (WHERE adjustment_class = 'denial_adjustment') AS denial_adjustments
    FROM adjustments
    GROUP BY billing_npi, claim_id
),
paid_by_day AS (
    SELECT billing_npi, claim_id, posting_date, sum(paid_amount) AS paid_that_day
    FROM remits
    GROUP BY billing_npi, claim_id, posting_date
),
paid AS (
    SELECT
        billing_npi,
        claim_id,
        sum(paid_that_day) AS paid_amount,
        min(posting_date) FILTER (WHERE cumulative_paid > 0) AS first_paid_date
    FROM (
        SELECT
            p.*,
            sum(paid_that_day) OVER (
                PARTITION BY billing_npi, claim_id
                ORDER BY posting_date
                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
            ) AS cumulative_paid
        FROM paid_by_day AS p
    ) AS running
    GROUP BY billing_npi, claim_id
),
recovered AS (
    SELECT DISTINCT r.billing_npi, r.claim_id
    FROM remits AS r
    JOIN first_remit AS f
        ON r.billing_npi = f.billing_npi AND r.claim_id = f.claim_id
    WHERE r.remit_seq > f.first_remit_seq AND NOT r.is_reversal AND r.paid_amount > 0
),
resubmitted AS (
    SELECT DISTINCT s.billing_npi, s.claim_id
    FROM submissions AS s
    JOIN first_remit AS f
        ON s.billing_npi = f.billing_npi AND s.claim_id = f.claim_id
    WHERE s.is_replacement AND s.submission_date > f.first_remit_date
),
first_acknowledgement AS (
    SELECT billing_npi, claim_id, front_end_rejected, has_acknowledgement
    FROM core.submission_acknowledgements
    WHERE submission_seq = 1
),
write_offs AS (
    SELECT billing_npi, claim_id, sum(amount) AS write_offs
    FROM core.write_offs
    WHERE adjustment_date <= CAST(as_of AS DATE)
    GROUP BY billing_npi, claim_id
)
SELECT
    c.billing_npi,
    c.claim_id,
    CAST(as_of AS DATE) AS as_of_date,
    c.payer_id,
    c.first_submitted_date,
    c.billed_amount,
    c.is_voided,
    CASE WHEN c.is_voided THEN c.latest_submission_date END AS voided_date,
    f.first_remit_date IS NOT NULL AS remitted,
    f.first_remit_date,
    f.first_status_code,
    f.first_remit_billed,
    coalesce(f.first_status_code = '4' OR d.denial_adjustments > 0, false) AS initially_denied,
    CASE
        WHEN f.first_remit_date IS NULL THEN NULL
        WHEN d.denial_adjustments > 0 THEN d.denied_amount
        WHEN f.first_status_code = '4' THEN f.first_remit_billed
        ELSE CAST(0 AS DECIMAL(18, 2))
    END AS initial_denied_amount,
    rs.claim_id IS NOT NULL AS resubmitted,
    f.first_remit_date IS NOT NULL
        AND NOT coalesce(f.first_status_code = '4' OR d.denial_adjustments > 0, false)
        AND rs.claim_id IS NULL AS first_pass_resolved,
    coalesce(f.first_status_code = '4' OR d.denial_adjustments > 0, false)
        AND rc.claim_id IS NOT NULL AS recovered,
    coalesce(p.paid_amount, 0) AS paid_amount,
    coalesce(t.payment_adjustments, 0) AS payment_adjustments,
    coalesce(t.patient_responsibility, 0) AS patient_responsibility,
    coalesce(t.denial_adjustments, 0) AS denial_adjustments,
    coalesce(w.write_offs, 0) AS write_offs,
    p.first_paid_date,
    date_diff('day', c.first_submitted_date, p.first_paid_date) AS days_to_pay,
    CASE
        WHEN c.is_voided THEN CAST(0 AS DECIMAL(18, 2))
        ELSE c.billed_amount
            - coalesce(p.paid_amount, 0)
            - coalesce(t.payment_adjustments, 0)
            - coalesce(t.patient_responsibility, 0)
            - coalesce(w.write_offs, 0)
    END AS insurance_balance,
    date_diff('day', c.first_submitted_date, CAST(as_of AS DATE)) AS age_days,
    c.first_payer_id,
    coalesce(k.has_acknowledgement, false) AS first_acknowledged,
    coalesce(k.front_end_rejected, false) AS front_end_rejected
FROM claim_state AS c
LEFT JOIN first_remit AS f ON f.billing_npi = c.billing_npi AND f.claim_id = c.claim_id
LEFT JOIN first_remit_denials AS d ON d.billing_npi = c.billing_npi AND d.claim_id = c.claim_id
LEFT JOIN adjustment_totals AS t ON t.billing_npi = c.billing_npi AND t.claim_id = c.claim_id
LEFT JOIN paid AS p ON p.billing_npi = c.billing_npi AND p.claim_id = c.claim_id
LEFT JOIN recovered AS rc ON rc.billing_npi = c.billing_npi AND rc.claim_id = c.claim_id
LEFT JOIN resubmitted AS rs ON rs.billing_npi = c.billing_npi AND rs.claim_id = c.claim_id
LEFT JOIN write_offs AS w ON w.billing_npi = c.billing_npi AND w.claim_id = c.claim_id
LEFT JOIN first_acknowledgement AS k
    ON k.billing_npi = c.billing_npi AND k.claim_id = c.claim_id;
