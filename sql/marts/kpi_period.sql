-- mart.kpi_period
-- Grain: one row per payer, plus one row with payer 'ALL'.
-- Implements the metric definitions, section 3, for the default period
-- [first date, D + 1 day) at the default as-of date D: what `rcm kpis` prints
-- without options, kept ready so it answers at once. mart.kpis_of over
-- mart.claim_summary; other periods and dates ask the macro directly.
CREATE OR REPLACE TABLE mart.kpi_period AS
SELECT *
FROM mart.kpis_of(
    'mart.claim_summary',
    (SELECT as_of_date FROM mart.as_of),
    (SELECT first_date FROM mart.as_of),
    (SELECT as_of_date + 1 FROM mart.as_of)
);

COMMENT ON TABLE mart.kpi_period IS
    'Every KPI of the metric definitions (section 3) by payer and for all payers, over the default period at the default as-of date.';
