"""Expectation suites and coding-anomaly rules that write the dq tables."""
