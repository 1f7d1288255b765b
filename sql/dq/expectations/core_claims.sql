-- One row per claim with its key, money in whole cents (exact integers) and
-- the dates that must run in order: the current submission's first service
-- date <= that submission's date; birth date <= first service date. Line facts are pre-aggregated per
-- claim (lowest charge and units, line count) so lines never leave DuckDB.
WITH line_facts AS (
    SELECT
        billing_npi,
        claim_id,
        count(*) AS lines,
        min(service_date) AS first_service_date,
        CAST(min(charge) * 100 AS BIGINT) AS min_line_charge_cents,
        min(units) AS min_line_units
    FROM core.claim_lines
    GROUP BY billing_npi, claim_id
)
SELECT
    c.billing_npi || '|' || c.claim_id AS claim_key,
    CAST(c.billed_amount * 100 AS BIGINT) AS billed_amount_cents,
    c.first_submitted_date,
    s.submission_date AS current_submission_date,
    f.first_service_date,
    c.patient_birth_date,
    coalesce(f.lines, 0) AS lines,
    f.min_line_charge_cents,
    CAST(f.min_line_units AS DOUBLE) AS min_line_units
FROM core.claims AS c
LEFT JOIN line_facts AS f USING (billing_npi, claim_id)
LEFT JOIN core.submissions AS s
    ON s.file_id = c.current_file_id AND s.claim_index = c.current_claim_index
