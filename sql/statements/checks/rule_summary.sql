-- Findings of one check run by rule: how many, on how many claims and providers.
SELECT
    rule,
    count(*) AS findings,
    count(DISTINCT billing_npi || '|' || claim_id) AS claims,
    count(DISTINCT provider_npi) AS providers
FROM dq.coding_flags
WHERE check_run_id = ?
GROUP BY rule
