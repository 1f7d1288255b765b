-- Every 837 claim (CLM) as sent, with CLM02 beside the sum of its service-line
-- charges (SV1-02 / SV2-03 / SV3-02). Grain: one row per 837 CLM loop, keyed by
-- the claim key and located by file name and the ordinal of the CLM segment
-- (the claim key is null when the 837 lacks the billing NPI or CLM01); money in
-- whole cents. A claim without lines sums to zero.
WITH lines AS (
    SELECT file_id, claim_index, sum(charge) AS charges, count(*) AS lines
    FROM staging.stg_x12_claim_lines
    GROUP BY file_id, claim_index
)
SELECT
    s.billing_npi || '|' || s.claim_id AS claim_key,
    f.file_name,
    c.claim_segment AS segment,
    coalesce(l.lines, 0) AS lines,
    CAST(s.total_charge * 100 AS BIGINT) AS expected_clm02_cents,
    CAST(coalesce(l.charges, 0) * 100 AS BIGINT) AS found_line_charges_cents,
    CAST((s.total_charge - coalesce(l.charges, 0)) * 100 AS BIGINT) AS difference_cents
FROM staging.stg_x12_submissions AS s
JOIN raw.x12_claims AS c ON c.file_id = s.file_id AND c.claim_index = s.claim_index
JOIN meta.files AS f ON f.file_id = s.file_id
LEFT JOIN lines AS l ON l.file_id = s.file_id AND l.claim_index = s.claim_index
