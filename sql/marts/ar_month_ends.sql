-- mart.ar_month_ends
-- Grain: one row per as-of date, payer and aging bucket; as-of dates are every
-- month end from the first submission up to the default as-of date D, and D.
-- The claim balances at those dates, computed once (mart.ar_buckets_at) for
-- both the A/R aging mart and the month-by-month snapshot KPIs (section 3).
CREATE OR REPLACE TABLE mart.ar_month_ends AS
SELECT *
FROM mart.ar_buckets_at((
    SELECT list(snapshot_date)
    FROM mart.month_ends(
        (SELECT as_of_date FROM mart.as_of),
        (SELECT first_date FROM mart.as_of),
        (SELECT as_of_date + 1 FROM mart.as_of)
    )
));

COMMENT ON TABLE mart.ar_month_ends IS
    'Insurance balances by month end (and the as-of date), payer and aging bucket, with the last 90 days'' charges: the source of A/R aging and the monthly snapshot KPIs.';
