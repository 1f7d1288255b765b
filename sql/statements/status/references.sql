-- Reference data versions, for `rcm status`: each ref table's file, source,
-- effective date and version, whether it came from official CMS files
-- (`rcm reference load`) or the shipped CSV, and the ICD-10-CM code set the
-- latest check run used.
SELECT
    table_name,
    file_name,
    source,
    effective_date,
    version,
    CASE WHEN official THEN 'official CMS files' ELSE 'shipped CSV' END AS origin
FROM ref.versions
UNION ALL
SELECT
    'icd10cm (code set)',
    'simple-icd-10-cm package',
    'CMS ICD-10-CM',
    NULL,
    icd10cm_release,
    'used by check run ' || check_run_id
FROM (SELECT * FROM dq.check_runs WHERE finished_at IS NOT NULL ORDER BY check_run_id DESC LIMIT 1)
ORDER BY 1
