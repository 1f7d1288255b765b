-- Reference data versions of a warehouse not loaded since ref.versions gained `official`.
SELECT table_name, file_name, source, effective_date, version, '' AS origin
FROM ref.versions
ORDER BY table_name
