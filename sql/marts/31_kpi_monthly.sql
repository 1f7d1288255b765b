-- mart.kpi_monthly
-- Grain: one row per calendar month and payer, plus one row per month with
-- payer 'ALL'; months from the first submission to the default as-of date D.
-- Implements the metric definitions, section 3, month by month: the flow KPIs
-- (charges, remittances, denials, collections, days to pay) count the month's
-- events as known at D (mart.monthly_flows_of over mart.claim_summary); the snapshot KPIs (insurance
-- A/R, days in A/R, A/R > 90 days) are taken at the month's last day, or at D
-- for the month holding D (mart.ar_snapshots_of over mart.ar_month_ends). Rates are exact ratios kept
-- as numerators and denominators; the *_rate columns repeat them as DOUBLE.
CREATE OR REPLACE TABLE mart.kpi_monthly AS
WITH
months AS (
    SELECT *
    FROM mart.month_ends(
        (SELECT as_of_date FROM mart.as_of),
        (SELECT first_date FROM mart.as_of),
        (SELECT as_of_date + 1 FROM mart.as_of)
    )
),
flows AS (
    SELECT *
    FROM mart.monthly_flows_of(
        'mart.claim_summary',
        (SELECT first_date FROM mart.as_of),
        (SELECT as_of_date + 1 FROM mart.as_of)
    )
),
snapshots AS (
    SELECT * FROM mart.ar_snapshots_of('mart.ar_month_ends')
),
grid AS (
    SELECT m.month_start, m.snapshot_date, p.payer
    FROM months AS m,
        (SELECT DISTINCT payer FROM flows UNION SELECT DISTINCT payer FROM snapshots) AS p
),
joined AS (
    SELECT
        g.month_start,
        g.snapshot_date,
        g.payer,
        coalesce(f.gross_charges, 0) AS gross_charges,
        coalesce(f.submitted_claims, 0) AS submitted_claims,
        coalesce(f.clean_claims, 0) AS clean_claims,
        coalesce(f.remitted_claims, 0) AS remitted_claims,
        coalesce(f.denied_claims, 0) AS denied_claims,
        coalesce(f.denied_amount, 0) AS denied_amount,
        coalesce(f.first_remit_billed, 0) AS first_remit_billed,
        coalesce(f.first_pass_resolved_claims, 0) AS first_pass_resolved_claims,
        coalesce(f.recovered_claims, 0) AS recovered_claims,
        coalesce(f.collected, 0) AS collected,
        coalesce(f.remitted_billed, 0) AS remitted_billed,
        coalesce(f.net_collectible, 0) AS net_collectible,
        coalesce(f.paid_claims, 0) AS paid_claims,
        coalesce(f.days_to_pay_total, 0) AS days_to_pay_total,
        f.median_days_to_pay,
        coalesce(s.insurance_ar, 0) AS insurance_ar,
        coalesce(s.charges_last_90_days, 0) AS charges_last_90_days,
        coalesce(s.ar_over_90, 0) AS ar_over_90
    FROM grid AS g
    LEFT JOIN flows AS f ON f.month_start = g.month_start AND f.payer = g.payer
    LEFT JOIN snapshots AS s ON s.as_of_date = g.snapshot_date AND s.payer = g.payer
)
SELECT
    strftime(month_start, '%Y-%m') AS month,
    *,
    (SELECT count(*) > 0 FROM dq.check_runs) AS checks_ran,
    denied_claims / nullif(remitted_claims, 0) AS initial_denial_rate,
    CAST(denied_amount AS DOUBLE) / nullif(first_remit_billed, 0) AS initial_denial_rate_dollars,
    first_pass_resolved_claims / nullif(remitted_claims, 0) AS first_pass_resolution_rate,
    recovered_claims / nullif(denied_claims, 0) AS denial_recovery_rate,
    CASE WHEN (SELECT count(*) > 0 FROM dq.check_runs)
        THEN clean_claims / nullif(submitted_claims, 0) END AS clean_claim_rate,
    CAST(collected AS DOUBLE) / nullif(remitted_billed, 0) AS gross_collection_rate,
    CAST(collected AS DOUBLE) / nullif(net_collectible, 0) AS net_collection_rate,
    days_to_pay_total / nullif(paid_claims, 0) AS avg_days_to_pay,
    CAST(insurance_ar AS DOUBLE) / nullif(CAST(charges_last_90_days AS DOUBLE) / 90, 0)
        AS days_in_ar,
    CAST(ar_over_90 AS DOUBLE) / nullif(insurance_ar, 0) AS ar_over_90_pct
FROM joined
ORDER BY month_start, payer = 'ALL' DESC, payer;

COMMENT ON TABLE mart.kpi_monthly IS
    'Every KPI of the metric definitions (section 3) by month and payer, plus an all-payer row per month.';
