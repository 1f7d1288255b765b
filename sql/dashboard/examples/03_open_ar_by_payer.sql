-- Open insurance A/R at the as-of date by payer and aging bucket
SELECT payer_id, bucket, claims, balance
FROM mart.ar_aging
WHERE as_of_date = (SELECT as_of_date FROM mart.as_of)
ORDER BY payer_id, bucket_order
