-- Typical ad hoc questions an analyst asks in the SQL workbench, timed by the
-- scale benchmark through the same sandboxed, read-only path as `rcm sql`.
-- Each query follows a `-- name:` line.

-- name: denials by payer and category, last 90 days
SELECT d.payer_id, d.category, count(DISTINCT (d.billing_npi, d.claim_id)) AS claims,
       sum(d.amount) AS amount
FROM mart.denials AS d
WHERE d.on_first_remittance
  AND d.posting_date > (SELECT max(posting_date) - INTERVAL 91 DAY FROM mart.denials)
GROUP BY ALL
ORDER BY amount DESC;

-- name: open claims over 90 days with their payer
SELECT s.billing_npi, s.claim_id, s.payer_id, s.first_submitted_date, s.insurance_balance
FROM mart.claim_summary AS s
WHERE s.age_days > 90 AND s.insurance_balance > 0
ORDER BY s.insurance_balance DESC
LIMIT 500;

-- name: top procedures by billed amount per month
SELECT date_trunc('month', l.service_date) AS month, l.procedure_code,
       count(*) AS lines, sum(l.charge) AS billed
FROM core.claim_lines AS l
GROUP BY 1, 2
QUALIFY row_number() OVER (PARTITION BY month ORDER BY billed DESC) <= 10
ORDER BY month, billed DESC;

-- name: paid and adjusted per payer and month of posting
SELECT r.payer_id, date_trunc('month', r.posting_date) AS month,
       sum(r.paid_amount) AS paid, count(*) AS remittances
FROM core.remittances AS r
GROUP BY ALL
ORDER BY month, r.payer_id;

-- name: carc frequency with descriptions
SELECT a.reason_code, a.carc_description, a.carc_category, a.adjustment_class, count(*) AS adjustments, sum(a.amount) AS amount
FROM core.adjustments AS a
GROUP BY ALL
ORDER BY adjustments DESC
LIMIT 50;
