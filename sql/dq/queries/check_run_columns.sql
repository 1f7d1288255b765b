-- Columns of dq.check_runs that the checks add to warehouses made before them.
-- step_seconds: JSON object of seconds per step of the run: the rule context,
-- each rule by id, and the expectation suites.
ALTER TABLE dq.check_runs ADD COLUMN IF NOT EXISTS step_seconds JSON;
