-- One provider-level finding (the statistical test runs in Python).
INSERT INTO dq.coding_flags
    (check_run_id, rule, severity, billing_npi, claim_id, line_number, provider_npi, detail, evidence)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
