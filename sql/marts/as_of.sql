-- mart.as_of
-- Grain: one row. The warehouse's default as-of date D: the latest payment
-- (posting) date loaded, else the latest submission date. Every materialised
-- mart is computed at this date; `rcm kpis --as-of` asks the macros for others.
CREATE OR REPLACE VIEW mart.as_of AS
SELECT
    coalesce(
        (SELECT max(posting_date) FROM core.remittances WHERE matched),
        (SELECT max(submission_date) FROM core.submissions)
    ) AS as_of_date,
    (SELECT min(submission_date) FROM core.submissions) AS first_date;

COMMENT ON VIEW mart.as_of IS
    'The default as-of date D (latest posting date) and the first date in the warehouse.';
