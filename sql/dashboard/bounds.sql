-- The default as-of date D, the first date in the warehouse and the snapshot
-- number: the frame every page's period is read against.
SELECT
    a.as_of_date,
    a.first_date,
    (SELECT max(snapshot_number) FROM meta.snapshots) AS snapshot_number
FROM mart.as_of AS a
