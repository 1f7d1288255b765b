-- Write-offs of one claim from the practice-management adjustments extract.
SELECT *
FROM core.write_offs
WHERE billing_npi = $billing_npi AND claim_id = $claim_id
