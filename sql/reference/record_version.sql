-- Record (or replace) the version of one ref table.
INSERT OR REPLACE INTO ref.versions VALUES (?, ?, ?, ?, ?, ?, now())
