-- Files in the ledger by kind and status.
SELECT kind, status, count(*) AS files, sum(size_bytes) AS bytes
FROM meta.files
GROUP BY ALL
ORDER BY kind, status
