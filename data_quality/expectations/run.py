"""Run every expectation check and write `dq.expectation_results`."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from rcm import sqlfiles
from rcm.data_quality.expectations.suites import CHECKS, FILTERS, Check
from rcm.data_quality.expectations.validate import Outcome, Validator


def query_frame(con: duckdb.DuckDBPyConnection, query: str) -> pd.DataFrame:
    """A check's query result as a frame, dates as nanosecond timestamps.

    DuckDB hands DATE columns over as datetime64[us]; Great Expectations compares
    only nanosecond datetime columns with vectorised pandas and every other kind
    one value at a time in Python (seconds per million rows), with the same result.
    """
    try:
        frame = con.execute(sqlfiles.read(query)).df()
    except duckdb.Error as exc:
        raise RuntimeError(f"sql/{query}: {exc}") from exc
    for column, dtype in frame.dtypes.items():
        if pd.api.types.is_datetime64_dtype(dtype) and dtype != "datetime64[ns]":
            frame[column] = frame[column].astype("datetime64[ns]")
    return frame


def run_expectations(
    con: duckdb.DuckDBPyConnection,
    validator: Validator,
    run_id: int,
    checks: tuple[Check, ...] = CHECKS,
    today: dt.date | None = None,
) -> list[Outcome]:
    today = today or dt.date.today()
    frames: dict[str, pd.DataFrame] = {}
    outcomes: list[Outcome] = []
    for check in checks:
        if check.query not in frames:
            frames[check.query] = query_frame(con, check.query)
        frame = frames[check.query]
        if check.name in FILTERS:
            column, value = FILTERS[check.name]
            frame = frame[frame[column] == value].reset_index(drop=True)
        outcomes += validator.validate(check, frame, today)
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
        con.executemany(sqlfiles.read("statements/checks/insert_expectation_result.sql"), rows)
    return outcomes
