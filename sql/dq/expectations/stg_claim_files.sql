-- Staging claims by file: submissions without a claim key, and service lines
-- whose claim is missing from the same file. Grain: one row per claim file
-- (837 or claims extract), pre-aggregated so millions of lines never leave DuckDB.
WITH subs AS (
    SELECT
        file_id,
        count(*) AS submissions,
        count(*) FILTER (WHERE billing_npi IS NULL) AS missing_billing_npi,
        count(*) FILTER (WHERE claim_id IS NULL) AS missing_claim_id,
        count(*) FILTER (WHERE submission_date IS NULL) AS missing_submission_date
    FROM staging.stg_submissions
    GROUP BY file_id
),
orphans AS (
    SELECT l.file_id, count(*) AS orphan_lines
    FROM staging.stg_claim_lines AS l
    ANTI JOIN staging.stg_submissions AS s USING (file_id, claim_index)
    GROUP BY l.file_id
)
SELECT
    f.file_name,
    s.submissions,
    s.missing_billing_npi,
    s.missing_claim_id,
    s.missing_submission_date,
    coalesce(o.orphan_lines, 0) AS orphan_lines
FROM subs AS s
JOIN meta.files AS f USING (file_id)
LEFT JOIN orphans AS o USING (file_id)
