-- The claims behind a number: the claims the global filters select, narrowed
-- by what was clicked. $kpi picks the population of a KPI in [$start, $end)
-- (see docs/dashboard.md for each), $bucket an A/R aging bucket at D,
-- $category / $carc / $procedure a denial posted in the period ($denied: any
-- denial posted in the period), $rule a coding
-- flag, $rejected a front-end rejection reason (dash_rejections.reason, or
-- 'all front-end rejections'; any date). Without any of them: the claims
-- first submitted in the period.
-- At most $row_limit rows, newest first; `total` counts them all.
WITH
flagged AS (
    SELECT DISTINCT billing_npi, claim_id FROM dq.coding_flags
    WHERE severity = 'error' AND rule <> 'FRONT_END_REJECTED'
),
picked AS (
    SELECT c.*
    FROM dash_facts AS c
    WHERE
        CASE coalesce(CAST($kpi AS VARCHAR), CASE
            WHEN $bucket IS NOT NULL THEN 'insurance_ar'
            WHEN $category IS NOT NULL OR $carc IS NOT NULL OR $procedure IS NOT NULL
                OR $denied IS NOT NULL OR $rule IS NOT NULL OR $rejected IS NOT NULL THEN 'any'
            ELSE 'gross_charges' END)
            WHEN 'any' THEN true
            WHEN 'gross_charges' THEN NOT c.is_voided
                AND c.first_submitted_date >= $start AND c.first_submitted_date < $end
            WHEN 'clean_claim_rate' THEN NOT c.is_voided
                AND c.first_submitted_date >= $start AND c.first_submitted_date < $end
                AND EXISTS (
                    SELECT 1 FROM flagged AS f
                    WHERE f.billing_npi = c.billing_npi AND f.claim_id = c.claim_id
                )
            WHEN 'front_end_rejection_rate' THEN NOT c.is_voided
                AND c.first_acknowledged AND c.front_end_rejected
                AND c.first_submitted_date >= $start AND c.first_submitted_date < $end
            WHEN 'remitted_claims' THEN NOT c.is_voided
                AND c.first_remit_date >= $start AND c.first_remit_date < $end
            WHEN 'gross_collection_rate' THEN NOT c.is_voided
                AND c.first_remit_date >= $start AND c.first_remit_date < $end
            WHEN 'net_collection_rate' THEN NOT c.is_voided
                AND c.first_remit_date >= $start AND c.first_remit_date < $end
            WHEN 'initial_denial_rate' THEN NOT c.is_voided AND c.initially_denied
                AND c.first_remit_date >= $start AND c.first_remit_date < $end
            WHEN 'initial_denial_rate_dollars' THEN NOT c.is_voided AND c.initially_denied
                AND c.first_remit_date >= $start AND c.first_remit_date < $end
            WHEN 'first_pass_resolution_rate' THEN NOT c.is_voided AND NOT c.first_pass_resolved
                AND c.first_remit_date >= $start AND c.first_remit_date < $end
            WHEN 'denial_recovery_rate' THEN NOT c.is_voided AND c.initially_denied
                AND c.recovered
                AND c.first_remit_date >= $start AND c.first_remit_date < $end
            WHEN 'avg_days_to_pay' THEN NOT c.is_voided
                AND c.first_paid_date >= $start AND c.first_paid_date < $end
            WHEN 'median_days_to_pay' THEN NOT c.is_voided
                AND c.first_paid_date >= $start AND c.first_paid_date < $end
            WHEN 'insurance_ar' THEN NOT c.is_voided AND c.insurance_balance <> 0
            WHEN 'days_in_ar' THEN NOT c.is_voided AND c.insurance_balance <> 0
            WHEN 'ar_over_90_pct' THEN NOT c.is_voided AND c.insurance_balance <> 0
                AND c.age_days >= 91
            ELSE false
        END
        AND (
            $bucket IS NULL
            OR CASE
                WHEN c.age_days <= 30 THEN '0-30'
                WHEN c.age_days <= 60 THEN '31-60'
                WHEN c.age_days <= 90 THEN '61-90'
                WHEN c.age_days <= 120 THEN '91-120'
                ELSE '121+'
            END = $bucket
        )
        AND (
            ($category IS NULL AND $carc IS NULL AND $procedure IS NULL AND $denied IS NULL)
            OR EXISTS (
                SELECT 1 FROM mart.denials AS d
                WHERE d.billing_npi = c.billing_npi AND d.claim_id = c.claim_id
                    AND d.posting_date >= $start AND d.posting_date < $end
                    AND ($category IS NULL OR d.category = $category)
                    AND ($carc IS NULL OR coalesce(d.reason_code, 'CLP02=4') = $carc)
                    AND ($procedure IS NULL OR d.procedure_code = $procedure)
            )
        )
        AND (
            $rule IS NULL
            OR EXISTS (
                SELECT 1 FROM dq.coding_flags AS r
                WHERE r.billing_npi = c.billing_npi AND r.claim_id = c.claim_id
                    AND r.rule = $rule
            )
        )
        AND (
            $rejected IS NULL
            OR EXISTS (
                SELECT 1 FROM dash_rejections AS j
                WHERE j.billing_npi = c.billing_npi AND j.claim_id = c.claim_id
                    AND ($rejected = 'all front-end rejections' OR j.reason = $rejected)
            )
        )
)
SELECT
    billing_npi,
    claim_id,
    payer_id,
    rendering_npi,
    location_id,
    first_submitted_date,
    billed_amount,
    first_remit_date,
    first_status_code,
    initially_denied,
    initial_denied_amount,
    first_pass_resolved,
    recovered,
    paid_amount,
    first_paid_date,
    days_to_pay,
    insurance_balance,
    age_days,
    is_voided,
    count(*) OVER () AS total
FROM picked
ORDER BY first_submitted_date DESC, billing_npi, claim_id
LIMIT $row_limit
