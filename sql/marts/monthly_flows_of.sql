-- mart.monthly_flows_of(facts, period_start, period_end)
-- Grain: one row per calendar month and payer, plus one per month with payer
-- 'ALL'. The flow KPIs of the metric definitions, section 3, with the same
-- numerators and denominators as mart.kpis_of, but each event counted in the
-- month it happened, in one pass over the claim facts: charges in the
-- month of the first submission, remittance KPIs in the month of the first
-- remittance, days to pay in the month of the first payment, front-end
-- rejections in the month of the first submission under its payer
-- (first_payer_id). Clean claims count every error rule but FRONT_END_REJECTED.
-- Events outside [period_start, period_end) are left out. `facts` names a table shaped like
-- mart.claim_facts: mart.claim_summary at the default as-of date, or a
-- temporary table of mart.claim_facts(D) for another D.
CREATE OR REPLACE MACRO mart.monthly_flows_of(facts, period_start, period_end) AS TABLE
WITH
facts AS (
    SELECT
        f.*,
        flagged.claim_id IS NOT NULL AS has_error_flag
    FROM query_table(facts) AS f
    LEFT JOIN (
        SELECT DISTINCT billing_npi, claim_id
        FROM dq.coding_flags
        WHERE severity = 'error' AND rule <> 'FRONT_END_REJECTED'
    ) AS flagged
        ON flagged.billing_npi = f.billing_npi AND flagged.claim_id = f.claim_id
    WHERE NOT f.is_voided
),
events AS (
    SELECT
        date_trunc('month', first_submitted_date) AS month_start,
        payer_id,
        billed_amount AS gross_charges,
        1 AS submitted_claims,
        CASE WHEN has_error_flag THEN 0 ELSE 1 END AS clean_claims,
        0 AS remitted_claims,
        0 AS denied_claims,
        CAST(0 AS DECIMAL(18, 2)) AS denied_amount,
        CAST(0 AS DECIMAL(18, 2)) AS first_remit_billed,
        0 AS first_pass_resolved_claims,
        0 AS recovered_claims,
        CAST(0 AS DECIMAL(18, 2)) AS collected,
        CAST(0 AS DECIMAL(18, 2)) AS remitted_billed,
        CAST(0 AS DECIMAL(18, 2)) AS net_collectible,
        CAST(NULL AS BIGINT) AS days_to_pay,
        0 AS acknowledged_claims,
        0 AS front_end_rejected_claims
    FROM facts
    WHERE first_submitted_date >= CAST(period_start AS DATE)
        AND first_submitted_date < CAST(period_end AS DATE)
    UNION ALL
    SELECT
        date_trunc('month', first_remit_date),
        payer_id,
        0,
        0,
        0,
        1,
        CASE WHEN initially_denied THEN 1 ELSE 0 END,
        initial_denied_amount,
        first_remit_billed,
        CASE WHEN first_pass_resolved THEN 1 ELSE 0 END,
        CASE WHEN recovered THEN 1 ELSE 0 END,
        paid_amount,
        billed_amount,
        billed_amount - payment_adjustments - patient_responsibility,
        NULL,
        0,
        0
    FROM facts
    WHERE first_remit_date >= CAST(period_start AS DATE)
        AND first_remit_date < CAST(period_end AS DATE)
    UNION ALL
    SELECT
        date_trunc('month', first_paid_date),
        payer_id,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        days_to_pay,
        0,
        0
    FROM facts
    WHERE first_paid_date >= CAST(period_start AS DATE)
        AND first_paid_date < CAST(period_end AS DATE)
    UNION ALL
    SELECT
        date_trunc('month', first_submitted_date),
        first_payer_id,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        NULL,
        1,
        CASE WHEN front_end_rejected THEN 1 ELSE 0 END
    FROM facts
    WHERE first_acknowledged
        AND first_submitted_date >= CAST(period_start AS DATE)
        AND first_submitted_date < CAST(period_end AS DATE)
)
SELECT
    CAST(month_start AS DATE) AS month_start,
    CASE WHEN grouping(payer_id) = 1 THEN 'ALL' ELSE payer_id END AS payer,
    sum(gross_charges) AS gross_charges,
    sum(submitted_claims) AS submitted_claims,
    sum(clean_claims) AS clean_claims,
    sum(remitted_claims) AS remitted_claims,
    sum(denied_claims) AS denied_claims,
    sum(denied_amount) AS denied_amount,
    sum(first_remit_billed) AS first_remit_billed,
    sum(first_pass_resolved_claims) AS first_pass_resolved_claims,
    sum(recovered_claims) AS recovered_claims,
    sum(collected) AS collected,
    sum(remitted_billed) AS remitted_billed,
    sum(net_collectible) AS net_collectible,
    count(days_to_pay) AS paid_claims,
    coalesce(sum(days_to_pay), 0) AS days_to_pay_total,
    median(days_to_pay) AS median_days_to_pay,
    sum(acknowledged_claims) AS acknowledged_claims,
    sum(front_end_rejected_claims) AS front_end_rejected_claims
FROM events
GROUP BY GROUPING SETS ((month_start, payer_id), (month_start));
