-- meta.load_runs: the runs of the file ledger.
-- Grain: one row per `rcm load` run: when, and how many files it loaded,
-- skipped and rejected.
CREATE TABLE IF NOT EXISTS meta.load_runs (
    load_run_id INTEGER PRIMARY KEY,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    files_seen INTEGER,
    files_loaded INTEGER,
    files_already_loaded INTEGER,
    files_rejected INTEGER,
    bytes_loaded BIGINT,
    snapshot_number INTEGER
);

COMMENT ON TABLE meta.load_runs IS 'One row per rcm load run: when, how many files loaded, skipped and rejected.';
