"""Run every expectation check and write `dq.expectation_results`."""

from __future__ import annotations

import datetime as dt

import duckdb

from data_quality.expectations.suites import CHECKS, FILTERS, Check
from data_quality.expectations.validate import Outcome, Validator
from rcm import sqlfiles


def run_expectations(
    con: duckdb.DuckDBPyConnection,
    validator: Validator,
    run_id: int,
    checks: tuple[Check, ...] = CHECKS,
    today: dt.date | None = None,
) -> list[Outcome]:
    today = today or dt.date.today()
    frames: dict[str, object] = {}
    outcomes: list[Outcome] = []
    for check in checks:
        if check.query not in frames:
            try:
                frames[check.query] = con.execute(sqlfiles.read(check.query)).df()
            except duckdb.Error as exc:
                raise RuntimeError(f"sql/{check.query}: {exc}") from exc
        frame = frames[check.query]
        if check.name in FILTERS:
            column, value = FILTERS[check.name]
            frame = frame[frame[column] == value].reset_index(drop=True)  # type: ignore[index]
        outcomes += validator.validate(check, frame, today)  # type: ignore[arg-type]
    rows = [
        (
            run_id,
            o.check.suite,
            o.spec.name,
            o.spec.gx_type,
            o.check.table,
            o.spec.column,
            o.check.grain,
            o.spec.severity,
            o.success,
            o.observed_value,
            o.element_count,
            o.unexpected_count,
            o.unexpected_sample,
        )
        for o in outcomes
    ]
    if rows:
        con.executemany(sqlfiles.read("dq/queries/insert_expectation_result.sql"), rows)
    return outcomes
