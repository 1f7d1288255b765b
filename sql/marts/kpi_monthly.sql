-- mart.kpi_monthly
-- Grain: one row per calendar month and payer, plus one row per month with
-- payer 'ALL'; months from the first submission to the default as-of date D.
-- Implements the metric definitions, section 3, month by month:
-- mart.kpi_months_of over mart.claim_summary and mart.ar_month_ends at D.
-- Rates are exact ratios kept as numerators and denominators; the *_rate
-- columns repeat them as DOUBLE for charts.
CREATE OR REPLACE TABLE mart.kpi_monthly AS
SELECT
    *,
    (SELECT count(*) > 0 FROM dq.check_runs) AS checks_ran,
    denied_claims / nullif(remitted_claims, 0) AS initial_denial_rate,
    CAST(denied_amount AS DOUBLE) / nullif(first_remit_billed, 0) AS initial_denial_rate_dollars,
    first_pass_resolved_claims / nullif(remitted_claims, 0) AS first_pass_resolution_rate,
    recovered_claims / nullif(denied_claims, 0) AS denial_recovery_rate,
    CASE WHEN (SELECT count(*) > 0 FROM dq.check_runs)
        THEN clean_claims / nullif(submitted_claims, 0) END AS clean_claim_rate,
    front_end_rejected_claims / nullif(acknowledged_claims, 0) AS front_end_rejection_rate,
    CAST(collected AS DOUBLE) / nullif(remitted_billed, 0) AS gross_collection_rate,
    CAST(collected AS DOUBLE) / nullif(net_collectible, 0) AS net_collection_rate,
    days_to_pay_total / nullif(paid_claims, 0) AS avg_days_to_pay,
    CAST(insurance_ar AS DOUBLE) / nullif(CAST(charges_last_90_days AS DOUBLE) / 90, 0)
        AS days_in_ar,
    CAST(ar_over_90 AS DOUBLE) / nullif(insurance_ar, 0) AS ar_over_90_pct
FROM mart.kpi_months_of(
    'mart.claim_summary',
    'mart.ar_month_ends',
    (SELECT as_of_date FROM mart.as_of),
    (SELECT first_date FROM mart.as_of),
    (SELECT as_of_date + 1 FROM mart.as_of)
)
ORDER BY month_start, payer = 'ALL' DESC, payer;

COMMENT ON TABLE mart.kpi_monthly IS
    'Every KPI of the metric definitions (section 3) by month and payer, plus an all-payer row per month.';
