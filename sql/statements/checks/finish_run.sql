-- Close a check run with what it used and found, and the seconds of each step.
UPDATE dq.check_runs SET
    finished_at = now(),
    icd10cm_release = ?,
    reference_versions = ?,
    flags = (SELECT count(*) FROM dq.coding_flags WHERE check_run_id = ?),
    expectations = (SELECT count(*) FROM dq.expectation_results WHERE check_run_id = ?),
    expectations_failed = (
        SELECT count(*) FROM dq.expectation_results WHERE check_run_id = ? AND NOT success
    ),
    seconds = ?,
    step_seconds = ?
WHERE check_run_id = ?
