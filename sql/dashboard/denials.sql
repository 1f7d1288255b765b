-- Denials posted in [$start, $end) on the claims the global filters select,
-- summed along each dimension the denials page charts: one row per
-- (dimension, key). `denials` counts denial rows (reversal rows excluded),
-- `claims` distinct claims, `amount` the signed sum (reversals net out).
WITH
rows AS (
    SELECT
        d.*,
        d.billing_npi || '|' || d.claim_id AS claim_key
    FROM mart.denials AS d
    SEMI JOIN dash_facts AS c
        ON c.billing_npi = d.billing_npi AND c.claim_id = d.claim_id
    WHERE d.posting_date >= $start AND d.posting_date < $end
)
SELECT
    CASE
        WHEN grouping(category) = 0 AND grouping(month) = 0 THEN 'month'
        WHEN grouping(category) = 0 THEN 'category'
        WHEN grouping(reason_code) = 0 THEN 'carc'
        WHEN grouping(payer_id) = 0 THEN 'payer'
        WHEN grouping(procedure_code) = 0 THEN 'procedure'
        WHEN grouping(rendering_npi) = 0 THEN 'provider'
        ELSE 'location'
    END AS dimension,
    coalesce(category, reason_code, payer_id, procedure_code, rendering_npi, location_id)
        AS key,
    month,
    any_value(carc_description) AS description,
    count(*) FILTER (WHERE NOT is_reversal) AS denials,
    count(DISTINCT claim_key) AS claims,
    sum(amount) AS amount
FROM rows
GROUP BY GROUPING SETS (
    (category), (reason_code), (payer_id), (procedure_code), (rendering_npi), (location_id),
    (month, category)
)
ORDER BY dimension, amount DESC
