-- Reference data versions, for `rcm status`.
SELECT table_name, file_name, source, effective_date, version
FROM ref.versions
ORDER BY table_name
