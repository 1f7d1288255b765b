-- Provider-level coding flags of one provider with their JSON evidence.
SELECT rule, severity, detail, CAST(evidence AS VARCHAR) AS evidence
FROM dq.coding_flags
WHERE provider_npi = $npi AND claim_id IS NULL
ORDER BY rule
