-- The coding-flag worklist: flags of the filtered claims and providers
-- (dash_flags), errors first, at most $row_limit rows.
SELECT *, count(*) OVER () AS total
FROM dash_flags
ORDER BY
    CASE severity WHEN 'error' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END,
    rule, billing_npi, claim_id, line_number
LIMIT $row_limit
