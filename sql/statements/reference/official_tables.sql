-- Reference tables whose current version came from official CMS files
-- (`rcm reference load`); the shipped CSVs do not replace them.
SELECT table_name FROM ref.versions WHERE official
