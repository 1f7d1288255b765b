-- Record an official reference load; `official` keeps `rcm load` from replacing it with the extract.
INSERT OR REPLACE INTO ref.versions
    (table_name, file_name, source, effective_date, version, sha256, loaded_at, official)
VALUES (?, ?, ?, ?, ?, ?, now(), true)
