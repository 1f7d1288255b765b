-- The flag and expectation tables hold the latest run only; dq.check_runs keeps the history.
DELETE FROM dq.coding_flags;
DELETE FROM dq.expectation_results;
