"""Ad hoc read-only SQL: the engine behind `rcm sql` and the dashboard's SQL workbench.

Queries run on a sandboxed read-only connection to the published snapshot
(no file access, no ATTACH/INSTALL, settings locked, a time limit) and return
at most a row limit, saying so when the limit cut the result. Every failure is
a `QueryRefused` with one clear line, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from dataclasses import dataclass
from typing import Any

import duckdb

from rcm.warehouse import Warehouse

DEFAULT_ROW_LIMIT = 10_000
DEFAULT_TIME_LIMIT_S = 30.0


class QueryRefused(RuntimeError):
    """The query was not run, or stopped: forbidden, invalid, too slow."""


@dataclass
class QueryResult:
    columns: list[str]
    types: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool
    row_limit: int

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_json(self) -> str:
        """A JSON array of row objects; DECIMAL as exact strings, dates as ISO strings."""
        return json.dumps(self.records(), default=_json_value, ensure_ascii=False)

    def text_rows(self) -> list[list[str]]:
        return [[_text(value) for value in row] for row in self.rows]


def run(
    warehouse: Warehouse,
    sql: str,
    *,
    row_limit: int = DEFAULT_ROW_LIMIT,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
) -> QueryResult:
    """Run one read-only query against the published snapshot."""
    if not sql.strip():
        raise QueryRefused("empty query")
    con = warehouse.connect(sandbox=True, time_limit_ms=int(time_limit_s * 1000))
    try:
        try:
            cursor = con.execute(sql)
            if cursor.description is None:
                return QueryResult([], [], [], False, row_limit)
            rows = cursor.fetchmany(row_limit + 1)
        except duckdb.InterruptException:
            raise QueryRefused(
                f"query stopped: it ran longer than the time limit of {time_limit_s:g} s"
            ) from None
        except duckdb.Error as exc:
            raise QueryRefused(_explain(exc)) from None
        columns = [d[0] for d in cursor.description]
        types = [str(d[1]) for d in cursor.description]
        truncated = len(rows) > row_limit
        return QueryResult(columns, types, rows[:row_limit], truncated, row_limit)
    finally:
        con.close()


def _explain(exc: duckdb.Error) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, duckdb.PermissionException) or "disabled by configuration" in message:
        return f"query refused: access to files, databases and extensions is disabled ({message})"
    if "read-only mode" in message:
        return f"query refused: the warehouse is read-only here ({message})"
    if "configuration has been locked" in message:
        return f"query refused: settings cannot be changed here ({message})"
    return f"query failed: {message}"


def _json_value(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)
