-- dash_filter: the request's filters (one row, set by set_filters.sql).
-- The dashboard's temporary objects (nothing is written to the warehouse;
-- temporary tables are allowed on read-only connections) define once the claim
-- set the global filters select, so every page filters claims the same way and
-- the KPI macros of the marts can run over it.
CREATE OR REPLACE TEMP TABLE dash_filter (
    payer VARCHAR,
    provider VARCHAR,
    location VARCHAR,
    period_start DATE,
    period_end DATE
);
