"""`run_checks`: the expectation suites and the coding rules on one warehouse snapshot."""

from __future__ import annotations

import json
import time

import duckdb

from rcm import sqlfiles
from rcm.data_quality.expectations.run import run_expectations
from rcm.data_quality.expectations.validate import Validator
from rcm.data_quality.icd10 import code_set
from rcm.data_quality.report import CONTEXT_STEP, EXPECTATIONS_STEP, CheckReport, RuleCount
from rcm.data_quality.rules import RULES, RULES_BY_ID
from rcm.data_quality.rules.run import prepare, release, run_rules


def run_checks(con: duckdb.DuckDBPyConnection) -> CheckReport:
    """Replace the latest findings and expectation results with a fresh run; keep run history.

    Runs on the writer connection of a new snapshot. Great Expectations is
    imported in the background while the rules' SQL runs. The seconds of each
    step (rule context, each rule, expectations) go to the report and to
    dq.check_runs.step_seconds.
    """
    started = time.perf_counter()
    steps: dict[str, float] = {}
    validator = Validator()
    try:
        sqlfiles.create_tables(con, "dq")
        run_id = con.execute(sqlfiles.read("statements/checks/start_run.sql")).fetchone()[0]  # type: ignore[index]
        con.execute(sqlfiles.read("statements/checks/clear_latest.sql"))
        step = time.perf_counter()
        codes = code_set()
        prepare(con, codes)
        steps[CONTEXT_STEP] = time.perf_counter() - step
        try:
            steps.update(run_rules(con, run_id))
        finally:
            release(con)
        step = time.perf_counter()
        outcomes = run_expectations(con, validator, run_id)
        steps[EXPECTATIONS_STEP] = time.perf_counter() - step
    finally:
        validator.close()
    counts = {
        rule: (findings, claims, providers)
        for rule, findings, claims, providers in con.execute(
            sqlfiles.read("statements/checks/rule_summary.sql"), [run_id]
        ).fetchall()
    }
    versions = con.execute(sqlfiles.read("statements/checks/reference_versions.sql")).fetchone()[0]  # type: ignore[index]
    seconds = time.perf_counter() - started
    con.execute(
        sqlfiles.read("statements/checks/finish_run.sql"),
        [
            codes.release,
            versions,
            run_id,
            run_id,
            run_id,
            seconds,
            json.dumps({name: round(value, 3) for name, value in steps.items()}),
            run_id,
        ],
    )
    report = CheckReport(
        run_id=run_id, icd10cm_release=codes.release, seconds=seconds, step_seconds=steps
    )
    for rule in RULES:
        findings, claims, providers = counts.get(rule.rule_id, (0, 0, 0))
        report.rules.append(
            RuleCount(
                rule.rule_id,
                rule.level,
                rule.severity,
                findings,
                claims,
                providers,
                steps.get(rule.rule_id, 0.0),
            )
        )
    report.expectations = outcomes
    assert set(counts) <= set(RULES_BY_ID)
    return report
