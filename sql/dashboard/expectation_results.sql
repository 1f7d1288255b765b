-- Expectation results of the latest check run: failures first.
SELECT
    suite,
    expectation,
    table_name,
    column_name,
    severity,
    success,
    observed_value,
    unexpected_count,
    unexpected_sample
FROM dq.expectation_results
ORDER BY success, CASE severity WHEN 'error' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END,
    suite, expectation
