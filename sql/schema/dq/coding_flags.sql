-- dq.coding_flags: the coding-rule findings of the latest check run. Created
-- with the warehouse so the marts that read it work before the first check.
CREATE TABLE IF NOT EXISTS dq.coding_flags (
    check_run_id INTEGER NOT NULL,
    rule VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    billing_npi VARCHAR,
    claim_id VARCHAR,
    line_number INTEGER,
    provider_npi VARCHAR,
    detail VARCHAR NOT NULL,
    evidence JSON
);

COMMENT ON TABLE dq.coding_flags IS
    'Coding-anomaly findings of the latest check run: rule, severity, claim or provider, plain-English detail and JSON evidence.';
