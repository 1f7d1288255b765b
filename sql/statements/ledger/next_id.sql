-- The next free id of a ledger table (ids grow with load order).
SELECT coalesce(max({column}), 0) + 1 FROM {table}
