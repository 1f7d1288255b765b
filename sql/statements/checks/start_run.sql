-- Open a check run; returns its id. Earlier runs stay as history.
INSERT INTO dq.check_runs (check_run_id, started_at)
SELECT coalesce(max(check_run_id), 0) + 1, now() FROM dq.check_runs
RETURNING check_run_id
