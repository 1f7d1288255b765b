-- ref.versions: which reference file each ref table was loaded from.
-- Grain: one row per ref table. Shown by `rcm status`.
CREATE TABLE IF NOT EXISTS ref.versions (
    table_name VARCHAR PRIMARY KEY,
    file_name VARCHAR,
    source VARCHAR,
    effective_date VARCHAR,
    version VARCHAR,
    sha256 VARCHAR,
    loaded_at TIMESTAMPTZ
);
-- official: loaded from the official CMS files by `rcm reference load`; a
-- later load of the shipped CSVs leaves such a table alone.
ALTER TABLE ref.versions ADD COLUMN IF NOT EXISTS official BOOLEAN DEFAULT false;
COMMENT ON TABLE ref.versions IS
    'Which file, source, effective date and version each ref table was loaded from.';
