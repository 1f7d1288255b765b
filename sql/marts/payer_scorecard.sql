-- mart.payer_scorecard
-- Grain: one row per payer, over everything up to the default as-of date D.
-- Purpose: how each payer treats the practice: volume, denial rates, days to
-- pay, collection rates, A/R, and its three most frequent denial reasons.
-- The KPI columns are mart.kpi_period: the period [first date, D + 1 day).
CREATE OR REPLACE TABLE mart.payer_scorecard AS
WITH
k AS (SELECT * FROM mart.kpi_period WHERE payer <> 'ALL'),
reason_counts AS (
    SELECT
        payer_id,
        coalesce(reason_code, 'CLP02=4') AS reason,
        count(DISTINCT billing_npi || '|' || claim_id) AS claims
    FROM mart.denials
    WHERE on_first_remittance
    GROUP BY payer_id, coalesce(reason_code, 'CLP02=4')
),
reasons AS (
    SELECT
        payer_id,
        reason AS reason_code,
        claims,
        row_number() OVER (PARTITION BY payer_id ORDER BY claims DESC, reason) AS rank
    FROM reason_counts
),
top_reasons AS (
    SELECT payer_id, string_agg(reason_code || ' (' || claims || ')', ', ' ORDER BY rank)
        AS top_denial_reasons
    FROM reasons
    WHERE rank <= 3
    GROUP BY payer_id
)
SELECT
    k.payer AS payer_id,
    p.payer_name,
    p.payer_type,
    k.submitted_claims,
    k.gross_charges,
    k.remitted_claims,
    k.initial_denial_rate,
    k.initial_denial_rate_dollars,
    k.first_pass_resolution_rate,
    k.denial_recovery_rate,
    k.gross_collection_rate,
    k.net_collection_rate,
    k.avg_days_to_pay,
    k.median_days_to_pay,
    k.insurance_ar,
    k.days_in_ar,
    k.ar_over_90_pct,
    t.top_denial_reasons
FROM k
LEFT JOIN core.payers AS p ON p.payer_id = k.payer
LEFT JOIN top_reasons AS t ON t.payer_id = k.payer;

COMMENT ON TABLE mart.payer_scorecard IS
    'Per payer: volume, denial rates, days to pay, collection rates, A/R and top denial reasons, up to the as-of date.';
