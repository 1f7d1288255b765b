-- A/R aging at the default as-of date D by payer and bucket, over the claims
-- the global filters select: the buckets of mart.ar_aging (0-30, 31-60,
-- 61-90, 91-120, 121+ days of age_days(D)), summing insurance_balance(D) of
-- non-voided claims whose balance is not zero. mart.claim_summary holds
-- exactly these facts at D; a test holds the unfiltered result equal to
-- mart.ar_aging at D.
SELECT
    payer_id,
    mart.aging_bucket(age_days) AS bucket_order,
    count(*) AS claims,
    sum(insurance_balance) AS balance
FROM dash_facts
WHERE NOT is_voided AND insurance_balance <> 0
GROUP BY ALL
ORDER BY payer_id, bucket_order
