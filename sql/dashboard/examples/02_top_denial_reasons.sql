-- Top denial reasons (CARC) by denied amount, with their category and text
SELECT reason_code, category, any_value(carc_description) AS description,
    count(*) AS denials, sum(amount) AS amount
FROM mart.denials
WHERE NOT is_reversal
GROUP BY reason_code, category
ORDER BY amount DESC
LIMIT 20
