-- dq.expectation_results: the expectation-suite results of the latest check run.
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

-- Columns added after the first release (warehouses made before them gain them here).
ALTER TABLE dq.expectation_results ADD COLUMN IF NOT EXISTS expectation_type VARCHAR;
ALTER TABLE dq.expectation_results ADD COLUMN IF NOT EXISTS grain VARCHAR;
ALTER TABLE dq.expectation_results ADD COLUMN IF NOT EXISTS element_count BIGINT;

COMMENT ON TABLE dq.expectation_results IS
    'Expectation-suite results of the latest check run, one row per expectation.';
