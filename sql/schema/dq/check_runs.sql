-- dq.check_runs: one row per `rcm check` run. Created with the warehouse so the
-- marts that read it (clean claim rate) work before the first check has run.
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

-- Columns added after the first release (warehouses made before them gain them here).
ALTER TABLE dq.check_runs ADD COLUMN IF NOT EXISTS seconds DOUBLE;
ALTER TABLE dq.check_runs ADD COLUMN IF NOT EXISTS step_seconds JSON;

COMMENT ON TABLE dq.check_runs IS 'One row per rcm check run.';
