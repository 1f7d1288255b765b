-- Data-quality check runs, newest first (timestamps as ISO text).
SELECT
    check_run_id,
    CAST(started_at AS VARCHAR) AS started_at,
    CAST(finished_at AS VARCHAR) AS finished_at,
    icd10cm_release,
    flags,
    expectations,
    expectations_failed
FROM dq.check_runs
ORDER BY check_run_id DESC
