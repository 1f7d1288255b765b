"""Validate query results with Great Expectations (1.x, pandas data source).

GX 1.x has no DuckDB data source, so DuckDB runs each check's query and GX
validates the frame. Importing GX takes seconds; `Validator` starts the import
on a thread as soon as it is made, so the import overlaps the coding rules,
whose SQL runs in DuckDB without holding the interpreter lock.
"""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pandas as pd

from rcm.data_quality.expectations.json_values import dumps, json_value
from rcm.data_quality.expectations.suites import TODAY, Check, Spec

SAMPLE_SIZE = 10
CENTS = "_cents"
# Dates may run this far past the check date (payers post ahead; synthetic data runs ahead).
HORIZON_DAYS = 366


@dataclass(frozen=True)
class Outcome:
    check: Check
    spec: Spec
    success: bool
    observed_value: str | None
    element_count: int | None
    unexpected_count: int | None
    unexpected_sample: str | None


class _Engine:
    def __init__(self) -> None:
        import great_expectations as gx
        import great_expectations.expectations as gxe
        from great_expectations.data_context.types.base import ProgressBarsConfig

        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        self.gx = gx
        self.gxe = gxe
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.source = self.context.data_sources.add_pandas("rcm_dq")
        self.assets = 0


class Validator:
    """Great Expectations, imported in the background and used once per check."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gx-import")
        self._engine: Future[_Engine] = self._pool.submit(_Engine)

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def validate(self, check: Check, frame: pd.DataFrame, today: dt.date) -> list[Outcome]:
        engine = self._engine.result()
        engine.assets += 1
        name = f"{check.suite}: {check.name} {engine.assets}"
        asset = engine.source.add_dataframe_asset(name=f"{check.suite}-{engine.assets}")
        batches = asset.add_batch_definition_whole_dataframe("all")
        suite = engine.gx.ExpectationSuite(name=name)
        for spec in check.expectations:
            suite.add_expectation(_expectation(engine, spec, today))
        suite = engine.context.suites.add(suite)
        # A validation definition reads the frame once; getting a batch and validating it
        # reads it twice, and GX fingerprints (hashes) the whole frame on every read.
        validation = engine.context.validation_definitions.add(
            engine.gx.ValidationDefinition(name=name, data=batches, suite=suite)
        )
        unsampled = _unsampled(check, frame)
        # Rows that cannot be sampled are rare; only then is every unexpected row's
        # index asked for, so they can be counted exactly and left out of the sample.
        result = validation.run(
            batch_parameters={"dataframe": frame},
            result_format={
                "result_format": "COMPLETE" if unsampled.any() else "SUMMARY",
                "partial_unexpected_count": SAMPLE_SIZE,
            },
        )
        by_name = {spec.name: spec for spec in check.expectations}
        outcomes = []
        for item in result.results:
            config = item.expectation_config
            assert config is not None, "a validated suite's result names its expectation"
            spec = by_name[config.meta["name"]]
            outcomes.append(_outcome(check, spec, item, frame, unsampled))
        return outcomes


def _expectation(engine: _Engine, spec: Spec, today: dt.date) -> Any:
    kwargs = {key: _value(value, today) for key, value in spec.kwargs.items()}
    if spec.column is not None and "column_A" not in kwargs:
        kwargs["column"] = spec.column
    cls = getattr(engine.gxe, spec.gx_type)
    return cls(**kwargs, meta={"name": spec.name, "severity": spec.severity})


def _value(value: Any, today: dt.date) -> Any:
    """Dates as pandas timestamps: DuckDB hands DATE columns to pandas as datetime64."""
    if value == TODAY:
        return pd.Timestamp(today + dt.timedelta(days=HORIZON_DAYS))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return pd.Timestamp(value)
    return value


def _plain(value: Any) -> str:
    if isinstance(value, pd.Timestamp) and value == value.normalize():
        return value.date().isoformat()
    return str(value)


def _unsampled(check: Check, frame: pd.DataFrame) -> pd.Series:
    """Rows a sample cannot name: a null key part and nothing (or no locator) to locate them."""
    keys = [column for column in check.key if column in frame.columns]
    if not keys:
        return pd.Series(False, index=frame.index)
    keyless = frame[keys].isna().any(axis=1)
    located = [column for column in check.locator if column in frame.columns]
    if located:
        keyless &= frame[located].isna().all(axis=1)
    return keyless


def _tested(spec: Spec) -> list[str]:
    columns = [spec.kwargs.get("column_A"), spec.kwargs.get("column_B"), spec.column]
    return [c for c in dict.fromkeys(columns) if c]


def _record(check: Check, spec: Spec, row: pd.Series) -> dict[str, Any]:
    """One sampled row: its key (null parts kept), where it came from, what was tested."""
    record = {column: json_value(row[column]) for column in check.key}
    for column in check.locator:
        value = json_value(row[column])
        if value is not None:
            record[column] = value
    for column in spec.sample:
        if column.endswith(CENTS):
            record[column.removesuffix(CENTS)] = _amount(row[column])
        else:
            record[column] = json_value(row[column])
    for column in _tested(spec):
        if column not in record and column not in spec.sample:
            record[column] = json_value(row[column])
    return record


def _amount(cents: Any) -> str | None:
    """Whole cents as the amount they are: 1000 -> "10.00", -500 -> "-5.00"."""
    value = json_value(cents)
    if value is None:
        return None
    units, rest = divmod(abs(int(value)), 100)
    return f"{'-' if value < 0 else ''}{units}.{rest:02d}"


def _sample(
    check: Check, spec: Spec, result: dict[str, Any], frame: pd.DataFrame, unsampled: pd.Series
) -> tuple[list[dict[str, Any]], int]:
    """Up to SAMPLE_SIZE unexpected rows that can be named, and how many cannot."""
    indexes = result.get("unexpected_index_list") or result.get("partial_unexpected_index_list")
    if not indexes:
        return [], 0
    skipped = int(unsampled.loc[indexes].sum()) if unsampled.any() else 0
    named = [i for i in indexes if not unsampled.loc[i]][:SAMPLE_SIZE]
    return [_record(check, spec, frame.loc[i]) for i in named], skipped


def _exception(info: Any) -> str | None:
    """GX reports exceptions either flat or keyed by metric; return the first message."""
    if not info:
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    for value in info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message"))
    return None


def _outcome(
    check: Check, spec: Spec, item: Any, frame: pd.DataFrame, unsampled: pd.Series
) -> Outcome:
    result = item.result or {}
    message = _exception(item.exception_info)
    if message:
        return Outcome(check, spec, False, f"could not evaluate: {message}", None, None, None)
    sample, skipped = _sample(check, spec, result, frame, unsampled)
    observed = json_value(result.get("observed_value"))
    unexpected = result.get("unexpected_count")
    if spec.gx_type == "ExpectTableRowCountToEqual" and not item.success:
        unexpected = abs(int(observed or 0) - int(spec.kwargs.get("value", 0)))
        sample = [
            {column: json_value(row[column]) for column in check.key}
            for _, row in frame.head(SAMPLE_SIZE).iterrows()
        ]
    if observed is None and unexpected is not None:
        observed = f"{unexpected} of {result.get('element_count')} {check.grain} rows unexpected"
        if skipped:
            observed += f"; {skipped} without a key or a place in a file, not in the sample"
    return Outcome(
        check=check,
        spec=spec,
        success=bool(item.success),
        observed_value=None if observed is None else str(observed),
        element_count=result.get("element_count"),
        unexpected_count=None if unexpected is None else int(unexpected),
        unexpected_sample=dumps(sample) if sample else None,
    )
