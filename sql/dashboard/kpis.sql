-- KPI numerators and denominators of one period [$start, $end) seen at the
-- default as-of date $as_of, over the claims the global filters select: one
-- row per payer plus 'ALL'. The same sums as mart.kpis (sql/marts/30_kpis.sql),
-- taken over mart.claim_summary, which is mart.claim_facts at that date; a
-- test holds the unfiltered rows equal to mart.kpis, payer by payer.
WITH
facts AS (
    SELECT
        f.*,
        f.first_submitted_date >= $start AND f.first_submitted_date < $end AS submitted_in_period,
        f.first_remit_date >= $start AND f.first_remit_date < $end AS remitted_in_period,
        f.first_paid_date >= $start AND f.first_paid_date < $end AS paid_in_period,
        flagged.claim_id IS NOT NULL AS has_error_flag
    FROM dash_claims($payer, $provider, $location) AS f
    LEFT JOIN (
        SELECT DISTINCT billing_npi, claim_id FROM dq.coding_flags WHERE severity = 'error'
    ) AS flagged
        ON flagged.billing_npi = f.billing_npi AND flagged.claim_id = f.claim_id
    WHERE NOT f.is_voided
)
SELECT
    CASE WHEN grouping(payer_id) = 1 THEN 'ALL' ELSE coalesce(payer_id, 'UNKNOWN') END AS payer,
    coalesce(sum(billed_amount) FILTER (WHERE submitted_in_period), 0) AS gross_charges,
    count(*) FILTER (WHERE submitted_in_period) AS submitted_claims,
    count(*) FILTER (WHERE submitted_in_period AND NOT has_error_flag) AS clean_claims,
    count(*) FILTER (WHERE remitted_in_period) AS remitted_claims,
    count(*) FILTER (WHERE remitted_in_period AND initially_denied) AS denied_claims,
    coalesce(sum(initial_denied_amount) FILTER (WHERE remitted_in_period), 0) AS denied_amount,
    coalesce(sum(first_remit_billed) FILTER (WHERE remitted_in_period), 0) AS first_remit_billed,
    count(*) FILTER (WHERE remitted_in_period AND first_pass_resolved)
        AS first_pass_resolved_claims,
    count(*) FILTER (WHERE remitted_in_period AND recovered) AS recovered_claims,
    coalesce(sum(paid_amount) FILTER (WHERE remitted_in_period), 0) AS collected,
    coalesce(sum(billed_amount) FILTER (WHERE remitted_in_period), 0) AS remitted_billed,
    coalesce(sum(billed_amount - payment_adjustments - patient_responsibility)
        FILTER (WHERE remitted_in_period), 0) AS net_collectible,
    count(*) FILTER (WHERE paid_in_period) AS paid_claims,
    coalesce(sum(days_to_pay) FILTER (WHERE paid_in_period), 0) AS days_to_pay_total,
    median(days_to_pay) FILTER (WHERE paid_in_period) AS median_days_to_pay,
    coalesce(sum(insurance_balance), 0) AS insurance_ar,
    coalesce(sum(billed_amount) FILTER (
        WHERE first_submitted_date > $as_of - INTERVAL 90 DAY
    ), 0) AS charges_last_90_days,
    coalesce(sum(insurance_balance) FILTER (WHERE age_days >= 91), 0) AS ar_over_90,
    (SELECT count(*) > 0 FROM dq.check_runs) AS checks_ran
FROM facts
GROUP BY GROUPING SETS ((payer_id), ())
ORDER BY payer = 'ALL' DESC, payer
