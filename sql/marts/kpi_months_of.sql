-- mart.kpi_months_of(facts, buckets, as_of, period_start, period_end)
-- Grain: one row per calendar month of [period_start, period_end) and payer,
-- plus one row per month with payer 'ALL' (always present, zeros when the
-- month had nothing).
-- Implements the metric definitions, section 3, month by month, as exact
-- numerators and denominators: the flow KPIs count each month's events as
-- known at as_of (mart.monthly_flows_of over `facts`); the snapshot KPIs
-- (insurance A/R, days in A/R, A/R > 90 days) are taken at the month's last
-- day, or at as_of when that is earlier (mart.ar_snapshots_of over `buckets`).
-- mart.kpi_monthly is this at the default as-of date; `rcm kpis --by month`
-- asks it for other periods and dates.
CREATE OR REPLACE MACRO mart.kpi_months_of(facts, buckets, as_of, period_start, period_end)
AS TABLE
WITH
months AS (SELECT * FROM mart.month_ends(as_of, period_start, period_end)),
flows AS (SELECT * FROM mart.monthly_flows_of(facts, period_start, period_end)),
snapshots AS (SELECT * FROM mart.ar_snapshots_of(buckets)),
grid AS (
    SELECT m.month_start, m.snapshot_date, p.payer
    FROM months AS m,
    (
        SELECT payer FROM flows
        UNION SELECT payer FROM snapshots
        UNION SELECT 'ALL'
    ) AS p
)
SELECT
    strftime(g.month_start, '%Y-%m') AS month,
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
    coalesce(f.acknowledged_claims, 0) AS acknowledged_claims,
    coalesce(f.front_end_rejected_claims, 0) AS front_end_rejected_claims,
    coalesce(s.insurance_ar, 0) AS insurance_ar,
    coalesce(s.charges_last_90_days, 0) AS charges_last_90_days,
    coalesce(s.ar_over_90, 0) AS ar_over_90
FROM grid AS g
LEFT JOIN flows AS f ON f.month_start = g.month_start AND f.payer = g.payer
LEFT JOIN snapshots AS s ON s.as_of_date = g.snapshot_date AND s.payer = g.payer;
