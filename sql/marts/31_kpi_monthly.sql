-- mart.kpi_monthly
-- Grain: one row per calendar month and payer, plus one row per month with
-- payer 'ALL'; months from the first submission to the default as-of date D.
-- Implements the metric definitions, section 3, month by month: the flow KPIs
-- (charges, remittances, denials, collections, days to pay) count the month's
-- events as known at D; the snapshot KPIs (insurance A/R, days in A/R, A/R > 90
-- days) are taken at the month's last day, or at D for the month holding D.
CREATE OR REPLACE TABLE mart.kpi_monthly AS
WITH
bounds AS (SELECT as_of_date, first_date FROM mart.as_of),
months AS (
    SELECT
        CAST(m.month_start AS DATE) AS month_start,
        CAST(m.month_start + INTERVAL 1 MONTH AS DATE) AS month_end,
        least(CAST(m.month_start + INTERVAL 1 MONTH AS DATE) - 1, b.as_of_date) AS snapshot_date,
        b.as_of_date
    FROM bounds AS b,
        range(date_trunc('month', b.first_date), b.as_of_date + 1, INTERVAL 1 MONTH)
            AS m(month_start)
),
flows AS (
    SELECT months.month_start, months.snapshot_date, k.*
    FROM months, LATERAL mart.kpis(months.as_of_date, months.month_start, months.month_end) AS k
),
snapshots AS (
    SELECT months.month_start, k.payer, k.insurance_ar, k.charges_last_90_days, k.ar_over_90,
        k.days_in_ar, k.ar_over_90_pct
    FROM months,
        LATERAL mart.kpis(months.snapshot_date, months.month_start, months.month_end) AS k
)
SELECT
    strftime(f.month_start, '%Y-%m') AS month,
    f.month_start,
    f.snapshot_date,
    f.payer,
    f.gross_charges,
    f.submitted_claims,
    f.clean_claims,
    f.remitted_claims,
    f.denied_claims,
    f.denied_amount,
    f.first_remit_billed,
    f.first_pass_resolved_claims,
    f.recovered_claims,
    f.collected,
    f.remitted_billed,
    f.net_collectible,
    f.paid_claims,
    f.days_to_pay_total,
    f.median_days_to_pay,
    coalesce(s.insurance_ar, 0) AS insurance_ar,
    coalesce(s.charges_last_90_days, 0) AS charges_last_90_days,
    coalesce(s.ar_over_90, 0) AS ar_over_90,
    f.checks_ran,
    f.initial_denial_rate,
    f.initial_denial_rate_dollars,
    f.first_pass_resolution_rate,
    f.denial_recovery_rate,
    f.clean_claim_rate,
    f.gross_collection_rate,
    f.net_collection_rate,
    f.avg_days_to_pay,
    s.days_in_ar,
    s.ar_over_90_pct
FROM flows AS f
LEFT JOIN snapshots AS s ON s.month_start = f.month_start AND s.payer = f.payer;

COMMENT ON TABLE mart.kpi_monthly IS
    'Every KPI of the metric definitions (section 3) by month and payer, plus an all-payer row per month.';
