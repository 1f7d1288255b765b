-- Staging claims by file: submissions without a claim key, and service lines
-- whose claim is missing from the same file. Grain: one row per claim file
-- (837 or claims extract), pre-aggregated so millions of lines never leave DuckDB.
-- A submission without its billing NPI or claim id has no claim key and no
-- place in core; missing_key_at says where the first ten of them are: the CLM
-- segment of an 837 ("segment 19"), the first row of a claims extract ("row 5").
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
keyless AS (
    SELECT
        s.file_id,
        array_to_string(list(
            CASE WHEN x.claim_segment IS NOT NULL THEN 'segment ' || x.claim_segment
                ELSE 'row ' || s.claim_index END
            ORDER BY s.claim_index
        )[1:10], ', ') AS missing_key_at
    FROM staging.stg_submissions AS s
    LEFT JOIN raw.x12_claims AS x
        ON s.source = 'x12' AND x.file_id = s.file_id AND x.claim_index = s.claim_index
    WHERE s.billing_npi IS NULL OR s.claim_id IS NULL
    GROUP BY s.file_id
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
    k.missing_key_at,
    coalesce(o.orphan_lines, 0) AS orphan_lines
FROM subs AS s
JOIN meta.files AS f USING (file_id)
LEFT JOIN keyless AS k USING (file_id)
LEFT JOIN orphans AS o USING (file_id)
