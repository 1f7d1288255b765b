-- meta.files: the file ledger.
-- Grain: one row per file a run loaded or rejected.
-- Purpose: what was loaded, when, from which bytes, and what was refused and
-- why. A file whose SHA-256 is already here, loaded or rejected, is not read
-- again (unless it was rejected for changing while it was read: read_again).
CREATE TABLE IF NOT EXISTS meta.files (
    file_id INTEGER PRIMARY KEY,
    load_run_id INTEGER NOT NULL,
    path VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 VARCHAR NOT NULL,
    kind VARCHAR,
    sender_ids VARCHAR[],
    interchange_control_numbers VARCHAR[],
    interchange_keys VARCHAR[],
    transaction_control_numbers VARCHAR[],
    row_counts MAP(VARCHAR, BIGINT),
    status VARCHAR NOT NULL,
    error VARCHAR,
    warning VARCHAR,
    quarantine_path VARCHAR,
    loaded_at TIMESTAMPTZ NOT NULL,
    seconds DOUBLE,
    read_again BOOLEAN
);

-- Warehouses made before the column existed.
ALTER TABLE meta.files ADD COLUMN IF NOT EXISTS read_again BOOLEAN;

COMMENT ON TABLE meta.files IS
    'The file ledger: every file loaded or rejected, with its SHA-256, envelope control numbers, row counts, error and warning.';
