-- dq.check_runs, dq.coding_flags, dq.expectation_results: where the
-- data-quality checks write. Created with the warehouse so the marts that read
-- them (clean claim rate) work before the first check has run.
CREATE SCHEMA IF NOT EXISTS dq;

CREATE TABLE IF NOT EXISTS dq.check_runs (
    check_run_id INTEGER PRIMARY KEY,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    icd10cm_release VARCHAR,
    reference_versions VARCHAR,
    flags INTEGER,
    expectations INTEGER,
    expectations_failed INTEGER
);

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

CREATE TABLE IF NOT EXISTS dq.expectation_results (
    check_run_id INTEGER NOT NULL,
    suite VARCHAR NOT NULL,
    expectation VARCHAR NOT NULL,
    table_name VARCHAR,
    column_name VARCHAR,
    severity VARCHAR NOT NULL,
    success BOOLEAN NOT NULL,
    observed_value VARCHAR,
    unexpected_count BIGINT,
    unexpected_sample VARCHAR,
    checked_at TIMESTAMPTZ NOT NULL
);

COMMENT ON TABLE dq.check_runs IS 'One row per rcm check run.';
COMMENT ON TABLE dq.coding_flags IS
    'Coding-anomaly findings of the latest check run: rule, severity, claim or provider, plain-English detail and JSON evidence.';
COMMENT ON TABLE dq.expectation_results IS
    'Expectation-suite results of the latest check run, one row per expectation.';

-- Columns added after the first release (warehouses made before them gain them here).
ALTER TABLE dq.expectation_results ADD COLUMN IF NOT EXISTS expectation_type VARCHAR;
ALTER TABLE dq.expectation_results ADD COLUMN IF NOT EXISTS grain VARCHAR;
ALTER TABLE dq.expectation_results ADD COLUMN IF NOT EXISTS element_count BIGINT;
ALTER TABLE dq.check_runs ADD COLUMN IF NOT EXISTS seconds DOUBLE;
ALTER TABLE dq.check_runs ADD COLUMN IF NOT EXISTS step_seconds JSON;
