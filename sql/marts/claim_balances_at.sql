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
