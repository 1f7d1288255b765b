-- mart.kpis_of(facts, as_of, period_start, period_end)
-- Grain: one row per payer, plus one row with payer 'ALL', for one period
-- [period_start, period_end) seen at as-of date D.
-- Implements the metric definitions, section 3. Every KPI is kept as an
-- exact numerator and denominator (counts, DECIMAL money, whole days) so the
-- presentation layer can round half-up without float error; the *_rate
-- columns are the same ratios as DOUBLE for charts. Voided claims (at D) are
-- left out of every numerator and denominator. Insurance A/R, days in A/R and
-- A/R > 90 days are snapshots at D whatever the period.
-- `facts` names a table shaped like mart.claim_facts at D: mart.claim_summary
-- when D is the default as-of date (materialised, so `rcm kpis` answers at
-- once), or a temporary table of mart.claim_facts(D) for another D.
-- clean_claims is NULL until the data-quality checks have run once; it counts
-- every error rule but FRONT_END_REJECTED (a payer's answer, not a check before
-- submission). The front-end rejection counts are attributed to the payer of
-- each claim's first submission (first_payer_id), so they are totalled apart
-- and joined on payer; a payer with only first submissions still gets a row.
CREATE OR REPLACE MACRO mart.kpis_of(facts, as_of, period_start, period_end) AS TABLE
WITH
facts AS (
    SELECT
        f.*,
        f.first_submitted_date >= CAST(period_start AS DATE)
            AND f.first_submitted_date < CAST(period_end AS DATE) AS submitted_in_period,
        f.first_remit_date >= CAST(period_start AS DATE)
            AND f.first_remit_date < CAST(period_end AS DATE) AS remitted_in_period,
        f.first_paid_date >= CAST(period_start AS DATE)
            AND f.first_paid_date < CAST(period_end AS DATE) AS paid_in_period,
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
totals AS (
    SELECT
        CASE WHEN grouping(payer_id) = 1 THEN 'ALL' ELSE payer_id END
            AS payer,
        coalesce(sum(billed_amount) FILTER (WHERE submitted_in_period), 0) AS gross_charges,
        count(*) FILTER (WHERE submitted_in_period) AS submitted_claims,
        count(*) FILTER (WHERE submitted_in_period AND NOT has_error_flag) AS clean_claims,
        count(*) FILTER (WHERE remitted_in_period) AS remitted_claims,
        count(*) FILTER (WHERE remitted_in_period AND initially_denied) AS denied_claims,
        coalesce(sum(initial_denied_amount) FILTER (WHERE remitted_in_period), 0)
            AS denied_amount,
        coalesce(sum(first_remit_billed) FILTER (WHERE remitted_in_period), 0)
            AS first_remit_billed,
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
            WHERE first_submitted_date > CAST(as_of AS DATE) - INTERVAL 90 DAY
        ), 0) AS charges_last_90_days,
        coalesce(sum(insurance_balance) FILTER (WHERE age_days >= 91), 0) AS ar_over_90
    FROM facts
    GROUP BY GROUPING SETS ((payer_id), ())
),
front_end AS (
    SELECT
        CASE WHEN grouping(first_payer_id) = 1 THEN 'ALL'
            ELSE first_payer_id END AS payer,
        count(*) FILTER (WHERE first_acknowledged) AS acknowledged_claims,
        count(*) FILTER (WHERE first_acknowledged AND front_end_rejected)
            AS front_end_rejected_claims
    FROM facts
    WHERE submitted_in_period
    GROUP BY GROUPING SETS ((first_payer_id), ())
),
joined AS (
    SELECT
        payer,
        coalesce(COLUMNS(t.* EXCLUDE (payer, median_days_to_pay)), 0),
        t.median_days_to_pay,
        coalesce(COLUMNS(e.* EXCLUDE (payer)), 0)
    FROM totals AS t
    FULL JOIN front_end AS e USING (payer)
)
SELECT
    CAST(as_of AS DATE) AS as_of_date,
    CAST(period_start AS DATE) AS period_start,
    CAST(period_end AS DATE) AS period_end,
    t.*,
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
FROM joined AS t;
