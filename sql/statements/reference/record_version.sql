-- Record (or replace) the version of one ref table.
INSERT OR REPLACE INTO ref.versions
    (table_name, file_name, source, effective_date, version, sha256, loaded_at, official)
VALUES (?, ?, ?, ?, ?, ?, now(), false)
