-- Month-by-month flow KPIs over the claims the global filters select, for the
-- trend charts when a provider or location filter rules out mart.kpi_monthly
-- (which is kept by payer). Each event counts in the month it happened, as in
-- mart.monthly_flows: charges in the month of the first submission,
-- remittance KPIs in the month of the first remittance, days to pay in the
-- month of the first payment. The snapshot KPIs (A/R) are not repeated here.
WITH
facts AS (
    SELECT f.*, flagged.claim_id IS NOT NULL AS has_error_flag
    FROM dash_claims($payer, $provider, $location) AS f
    LEFT JOIN (
        SELECT DISTINCT billing_npi, claim_id FROM dq.coding_flags WHERE severity = 'error'
    ) AS flagged
        ON flagged.billing_npi = f.billing_npi AND flagged.claim_id = f.claim_id
    WHERE NOT f.is_voided
),
submitted AS (
    SELECT
        date_trunc('month', first_submitted_date) AS month_start,
        sum(billed_amount) AS gross_charges,
        count(*) AS submitted_claims,
        count(*) FILTER (WHERE NOT has_error_flag) AS clean_claims
    FROM facts
    WHERE first_submitted_date >= $start AND first_submitted_date < $end
    GROUP BY 1
),
remitted AS (
    SELECT
        date_trunc('month', first_remit_date) AS month_start,
        count(*) AS remitted_claims,
        count(*) FILTER (WHERE initially_denied) AS denied_claims,
        sum(initial_denied_amount) AS denied_amount,
        sum(first_remit_billed) AS first_remit_billed,
        count(*) FILTER (WHERE first_pass_resolved) AS first_pass_resolved_claims,
        count(*) FILTER (WHERE recovered) AS recovered_claims,
        sum(paid_amount) AS collected,
        sum(billed_amount) AS remitted_billed,
        sum(billed_amount - payment_adjustments - patient_responsibility) AS net_collectible
    FROM facts
    WHERE first_remit_date >= $start AND first_remit_date < $end
    GROUP BY 1
),
paid AS (
    SELECT
        date_trunc('month', first_paid_date) AS month_start,
        count(*) AS paid_claims,
        sum(days_to_pay) AS days_to_pay_total,
        median(days_to_pay) AS median_days_to_pay
    FROM facts
    WHERE first_paid_date >= $start AND first_paid_date < $end
    GROUP BY 1
),
months AS (
    SELECT CAST(m AS DATE) AS month_start
    FROM range(date_trunc('month', CAST($start AS DATE)), CAST($end AS DATE), INTERVAL 1 MONTH)
        AS t(m)
)
SELECT
    strftime(m.month_start, '%Y-%m') AS month,
    m.month_start,
    coalesce(s.gross_charges, 0) AS gross_charges,
    coalesce(s.submitted_claims, 0) AS submitted_claims,
    coalesce(s.clean_claims, 0) AS clean_claims,
    coalesce(r.remitted_claims, 0) AS remitted_claims,
    coalesce(r.denied_claims, 0) AS denied_claims,
    coalesce(r.denied_amount, 0) AS denied_amount,
    coalesce(r.first_remit_billed, 0) AS first_remit_billed,
    coalesce(r.first_pass_resolved_claims, 0) AS first_pass_resolved_claims,
    coalesce(r.recovered_claims, 0) AS recovered_claims,
    coalesce(r.collected, 0) AS collected,
    coalesce(r.remitted_billed, 0) AS remitted_billed,
    coalesce(r.net_collectible, 0) AS net_collectible,
    coalesce(p.paid_claims, 0) AS paid_claims,
    coalesce(p.days_to_pay_total, 0) AS days_to_pay_total,
    p.median_days_to_pay,
    (SELECT count(*) > 0 FROM dq.check_runs) AS checks_ran
FROM months AS m
LEFT JOIN submitted AS s ON s.month_start = m.month_start
LEFT JOIN remitted AS r ON r.month_start = m.month_start
LEFT JOIN paid AS p ON p.month_start = m.month_start
ORDER BY m.month_start
