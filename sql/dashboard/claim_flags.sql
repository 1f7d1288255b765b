-- Coding flags on one claim, and provider-level flags of its rendering provider.
SELECT rule, severity, line_number, provider_npi, detail, CAST(evidence AS VARCHAR) AS evidence
FROM dq.coding_flags
WHERE (billing_npi = $billing_npi AND claim_id = $claim_id)
    OR (claim_id IS NULL AND provider_npi = (
        SELECT rendering_npi FROM core.claims
        WHERE billing_npi = $billing_npi AND claim_id = $claim_id
    ))
ORDER BY claim_id NULLS LAST, rule, line_number
