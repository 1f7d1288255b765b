-- mart.claim_balances_at(dates)
-- Grain: one row per as-of date in `dates` (a DATE list) and claim first
-- submitted on or before it.
-- Implements the snapshot side of the metric definitions (section 2,
-- insurance_balance(D) and age_days(D); section 6, voids and write-offs) for
-- many as-of dates in one pass, where mart.claim_facts would be run once per
-- date: each submission is in force from its date until the claim's next
-- submission, and every money event (paid, payment adjustment, patient
-- responsibility, write-off) counts from its posting date on.
CREATE OR REPLACE MACRO mart.claim_balances_at(dates) AS TABLE
WITH
points AS (
    SELECT DISTINCT CAST(d AS DATE) AS as_of_date FROM (SELECT unnest(dates) AS d)
),
versions AS (
    SELECT
        billing_npi,
        claim_id,
        submission_date AS valid_from,
        lead(submission_date) OVER (
            PARTITION BY billing_npi, claim_id ORDER BY submission_seq
        ) AS valid_to,
        is_void,
        total_charge,
        payer_id
    FROM core.submissions
),
state AS (
    SELECT p.as_of_date, v.billing_npi, v.claim_id, v.is_void, v.total_charge, v.payer_id
    FROM points AS p
    JOIN versions AS v
        ON v.valid_from <= p.as_of_date
        AND (v.valid_to IS NULL OR p.as_of_date < v.valid_to)
),
money AS (
    SELECT billing_npi, claim_id, posting_date AS event_date, sum(paid_amount) AS amount
    FROM core.remittances
    WHERE matched
    GROUP BY billing_npi, claim_id, posting_date
    UNION ALL
    SELECT billing_npi, claim_id, posting_date, sum(amount)
    FROM core.adjustments
    WHERE adjustment_class IN ('payment_adjustment', 'patient_responsibility')
    GROUP BY billing_npi, claim_id, posting_date
    UNION ALL
    SELECT billing_npi, claim_id, adjustment_date, sum(amount)
    FROM core.write_offs
    GROUP BY billing_npi, claim_id, adjustment_date
),
running AS (
    -- Reductions to date per claim, one row per event date; an as-of join
    -- then takes the last one on or before each as-of date.
    SELECT
        billing_npi,
        claim_id,
        event_date,
        sum(amount) OVER (
            PARTITION BY billing_npi, claim_id ORDER BY event_date
        ) AS reductions
    FROM (
        SELECT billing_npi, claim_id, event_date, sum(amount) AS amount
        FROM money
        GROUP BY billing_npi, claim_id, event_date
    )
)
SELECT
    s.as_of_date,
    s.billing_npi,
    s.claim_id,
    s.payer_id,
    c.first_submitted_date,
    s.is_void AS is_voided,
    CASE WHEN s.is_void THEN NULL ELSE s.total_charge END AS billed_amount,
    CASE
        WHEN s.is_void THEN CAST(0 AS DECIMAL(18, 2))
        ELSE s.total_charge - coalesce(r.reductions, 0)
    END AS insurance_balance,
    date_diff('day', c.first_submitted_date, s.as_of_date) AS age_days
FROM state AS s
JOIN core.claims AS c ON c.billing_npi = s.billing_npi AND c.claim_id = s.claim_id
ASOF LEFT JOIN running AS r
    ON r.billing_npi = s.billing_npi
    AND r.claim_id = s.claim_id
    AND r.event_date <= s.as_of_date;

-- mart.aging_bucket(age_days)
-- The A/R aging bucket of section 3 as its order: 1 = 0-30, 2 = 31-60,
-- 3 = 61-90, 4 = 91-120, 5 = 121+ whole days (section 6: closed ranges).
CREATE OR REPLACE MACRO mart.aging_bucket(age_days) AS
    CASE
        WHEN age_days <= 30 THEN 1
        WHEN age_days <= 60 THEN 2
        WHEN age_days <= 90 THEN 3
        WHEN age_days <= 120 THEN 4
        ELSE 5
    END;

-- mart.ar_buckets_at(dates)
-- Grain: one row per as-of date in `dates`, payer and aging bucket (1 = 0-30,
-- 2 = 31-60, 3 = 61-90, 4 = 91-120, 5 = 121+ days of age_days(D)). Voided
-- claims count nowhere. Everything the A/R aging and the snapshot KPIs need
-- (section 3), so one pass over the claim balances serves both:
--   claims: claims whose balance is not zero; balance: their insurance_balance(D);
--   charges_last_90_days: billed amount of claims first submitted in (D - 90, D].
CREATE OR REPLACE MACRO mart.ar_buckets_at(dates) AS TABLE
SELECT
    as_of_date,
    coalesce(payer_id, 'UNKNOWN') AS payer_id,
    mart.aging_bucket(age_days) AS bucket_order,
    count(*) FILTER (WHERE insurance_balance <> 0) AS claims,
    coalesce(sum(insurance_balance), 0) AS balance,
    coalesce(sum(billed_amount) FILTER (WHERE age_days <= 89), 0) AS charges_last_90_days
FROM mart.claim_balances_at(dates)
WHERE NOT is_voided
GROUP BY ALL;

-- mart.ar_snapshots_of(buckets)
-- Grain: one row per as-of date and payer, plus 'ALL'. The snapshot KPIs of
-- section 3 at each date: insurance A/R, the last 90 days' charges (days in
-- A/R denominator x 90) and A/R over 90 days (age_days >= 91, buckets 4 and 5).
-- `buckets` names a table shaped like mart.ar_buckets_at: mart.ar_month_ends
-- for the month ends up to the default as-of date, or a temporary table of
-- mart.ar_buckets_at for other dates.
CREATE OR REPLACE MACRO mart.ar_snapshots_of(buckets) AS TABLE
SELECT
    as_of_date,
    CASE WHEN grouping(payer_id) = 1 THEN 'ALL' ELSE payer_id END AS payer,
    sum(balance) AS insurance_ar,
    sum(charges_last_90_days) AS charges_last_90_days,
    coalesce(sum(balance) FILTER (WHERE bucket_order >= 4), 0) AS ar_over_90
FROM query_table(buckets)
GROUP BY GROUPING SETS ((as_of_date, payer_id), (as_of_date));
