-- Files per status, for `rcm status`.
SELECT status, count(*) AS files, sum(size_bytes) AS bytes
FROM meta.files
GROUP BY status
ORDER BY status
