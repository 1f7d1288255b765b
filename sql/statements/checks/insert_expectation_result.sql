-- One expectation's result under a check run.
INSERT INTO dq.expectation_results
    (check_run_id, suite, expectation, expectation_type, table_name, column_name, grain,
     severity, success, observed_value, element_count, unexpected_count, unexpected_sample,
     checked_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
