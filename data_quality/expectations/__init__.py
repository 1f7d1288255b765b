"""Expectation suites over staging and core, validated with Great Expectations."""
