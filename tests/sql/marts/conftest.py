"""Mart tests: the macros that read a table named by an argument.

mart.kpis_of, mart.monthly_flows_of, mart.kpi_months_of and
mart.ar_snapshots_of read `query_table(facts)` or `query_table(buckets)`: a
table the caller names, shaped like mart.claim_summary or mart.ar_month_ends.
That table is no input the model declares, so `run_model` cannot be given it.
`run_macro` makes it inside the case's own database (gone with the case), as a table of
the shape's real column types holding hand-made rows, then runs the query.

- `run_macro(name, query, *, given=None, tables=None) -> list[dict]`: runs
  model `name` as `run_model` does (over `given`), first creating every table
  of `tables` (table name -> (shape object, rows)), then `query`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol

import pytest

Row = Mapping[str, Any]


class RunMacro(Protocol):
    def __call__(
        self,
        name: str,
        query: str,
        *,
        given: Mapping[str, Sequence[Row]] | None = None,
        tables: Mapping[str, tuple[str, Sequence[Row]]] | None = None,
    ) -> list[dict[str, Any]]: ...


def literal(value: object) -> str:
    """A SQL literal for a test value (the statements are built, not bound:
    one `execute` runs the table, its rows and the query together)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {value!r}")


def table_statements(name: str, shape: Mapping[str, str], rows: Sequence[Row]) -> str:
    """CREATE TABLE `name` with the shape's columns, and INSERT the rows."""
    columns = ", ".join(f'"{column}" {kind}' for column, kind in shape.items())
    statements = [f"CREATE TABLE {name} ({columns})"]
    for row in rows:
        unknown = sorted(set(row) - set(shape))
        if unknown:
            raise AssertionError(f"{name} has no column {', '.join(unknown)}")
        quoted = ", ".join(f'"{column}"' for column in row)
        values = ", ".join(literal(value) for value in row.values())
        statements.append(f"INSERT INTO {name} ({quoted}) VALUES ({values})")
    return ";\n".join(statements)


@pytest.fixture(scope="session")
def run_macro(run_model: Any, model_columns: Callable[[str], dict[str, str]]) -> RunMacro:
    def run(
        name: str,
        query: str,
        *,
        given: Mapping[str, Sequence[Row]] | None = None,
        tables: Mapping[str, tuple[str, Sequence[Row]]] | None = None,
    ) -> list[dict[str, Any]]:
        made = [
            table_statements(table, model_columns(shape), rows)
            for table, (shape, rows) in (tables or {}).items()
        ]
        rows: list[dict[str, Any]] = run_model(name, given, query=";\n".join([*made, query]))
        return rows

    return run
