"""Per-model SQL tests: given a few input rows, run one model, expect rows.

The warehouse is built once per test run, empty, from the real DDL (raw
tables, reference tables, ledger and data-quality tables) and every staging,
core and mart model, so every object exists with its real column types. A case
then runs in its own in-memory catalog holding only what its model reads:
each input the case gives becomes a table of that object's columns and types
with the given rows (columns left out are NULL); every other input is an empty
table of the same shape, except the reference tables (schema `ref`), which keep
their shipped rows. Only the model under test runs, looked up by the object it
creates (`sqlfiles.model("core.claims")`), so a case pins that model alone.

Fixtures:

- `run_model(name, given=None, *, columns=None, query=None) -> list[dict]`:
  runs model `name` (a qualified object name) over `given` (object name ->
  list of rows, each a dict of column -> Python value: str, int, bool, Decimal,
  date) and returns the rows of `name`, or of `query` when given (for a table
  macro: `SELECT * FROM mart.claim_facts(DATE '2026-06-30')`), as dicts.
  `columns` keeps only those columns. Rows of `name` come ordered by every
  returned column (`ORDER BY ALL`); rows of `query` in the query's own order.
  Giving rows for an object the model does not read, or a column the object
  does not have, fails the case: a misspelt input never passes silently.
- `model_columns(name) -> dict[str, str]`: the columns of a warehouse object
  and their DuckDB types, from the empty warehouse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any, Protocol

import duckdb
import pytest

from rcm import sqlfiles
from rcm.etl import ledger, raw_tables, reference

Row = Mapping[str, Any]

# The SQL files do not change during a run; a lookup parses every file.
_model = cache(sqlfiles.model)

# Schemas whose tables keep their rows when a case does not give them.
_KEPT_SCHEMAS = frozenset({"ref"})


class RunModel(Protocol):
    def __call__(
        self,
        name: str,
        given: Mapping[str, Sequence[Row]] | None = None,
        *,
        columns: Sequence[str] | None = None,
        query: str | None = None,
    ) -> list[dict[str, Any]]: ...


@pytest.fixture(scope="session")
def _empty_warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    """Every object of the real DDL and models, with no data, in the in-memory catalog `memory`.

    A case runs in its own attached in-memory catalog, so it sees none of these
    objects but the ones copied into it.
    """
    con = duckdb.connect()
    ledger.ensure_tables(con)
    raw_tables.ensure(con)
    reference.ensure(con)
    sqlfiles.run_models(con)
    yield con
    con.close()


@pytest.fixture(scope="session")
def _catalog(_empty_warehouse: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every object of the empty warehouse, lower-case qualified name -> kind (table, view, macro)."""
    relations = _empty_warehouse.execute(
        "SELECT table_schema || '.' || table_name, table_type FROM information_schema.tables "
        "WHERE table_catalog = 'memory'"
    ).fetchall()
    macros = _empty_warehouse.execute(
        "SELECT DISTINCT schema_name || '.' || function_name FROM duckdb_functions() "
        "WHERE database_name = 'memory' AND NOT internal "
        "AND function_type IN ('macro', 'table_macro')"
    ).fetchall()
    kinds = {name.lower(): "view" if kind == "VIEW" else "table" for name, kind in relations}
    kinds.update({name.lower(): "macro" for (name,) in macros})
    return kinds


@pytest.fixture(scope="session")
def model_columns(_empty_warehouse: duckdb.DuckDBPyConnection) -> Callable[[str], dict[str, str]]:
    def columns(name: str) -> dict[str, str]:
        described = _empty_warehouse.execute(f"DESCRIBE memory.{name}").fetchall()
        return {row[0]: row[1] for row in described}

    return columns


@pytest.fixture(scope="session")
def run_model(_empty_warehouse: duckdb.DuckDBPyConnection, _catalog: dict[str, str]) -> RunModel:
    con = _empty_warehouse

    def run(
        name: str,
        given: Mapping[str, Sequence[Row]] | None = None,
        *,
        columns: Sequence[str] | None = None,
        query: str | None = None,
    ) -> list[dict[str, Any]]:
        given = {key.lower(): rows for key, rows in (given or {}).items()}
        model = _model(name)
        inputs, macros = _inputs(model, _catalog)
        unread = sorted(set(given) - set(inputs))
        if unread:
            raise AssertionError(f"{name} does not read {', '.join(unread)}")
        con.execute("ATTACH ':memory:' AS model_case")
        try:
            con.execute("USE model_case")
            for schema in sorted({obj.split(".")[0] for obj in [*inputs, name.lower()]}):
                con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            for obj in sorted(inputs):
                _copy(con, obj, given.get(obj))
            for macro in macros:
                con.execute(macro.text)
            con.execute(model.text)
            sql = query or f"SELECT {_select(columns)} FROM {name} ORDER BY ALL"
            result = con.execute(sql)
            names = [column[0] for column in result.description]
            rows = [dict(zip(names, values, strict=True)) for values in result.fetchall()]
        finally:
            con.execute("USE memory")
            con.execute("DETACH model_case")
        if query is not None and columns is not None:
            rows = [{column: row[column] for column in columns} for row in rows]
        return rows

    return run


def _select(columns: Sequence[str] | None) -> str:
    return "*" if columns is None else ", ".join(f'"{column}"' for column in columns)


def _inputs(
    model: sqlfiles.SqlModel, catalog: Mapping[str, str]
) -> tuple[set[str], list[sqlfiles.SqlModel]]:
    """The relations a model reads, and the macro models it needs, through the macros it calls."""
    relations: set[str] = set()
    macros: list[sqlfiles.SqlModel] = []
    pending = [obj.lower() for obj in model.reads]
    seen: set[str] = set()
    while pending:
        obj = pending.pop()
        if obj in seen:
            continue
        seen.add(obj)
        kind = catalog.get(obj)
        if kind is None:
            raise AssertionError(f"{model.object_name} reads {obj}, which the warehouse lacks")
        if kind == "macro":
            defining = _model(obj)
            macros.append(defining)
            pending += [read.lower() for read in defining.reads]
        else:
            relations.add(obj)
    # A macro may call another macro: define callees first.
    return relations, list(reversed(macros))


def _copy(con: duckdb.DuckDBPyConnection, obj: str, rows: Sequence[Row] | None) -> None:
    """`obj` as a table of the empty warehouse's columns: the given rows, or its own."""
    keep = rows is None and obj.split(".")[0] in _KEPT_SCHEMAS
    limit = "" if keep else " LIMIT 0"
    con.execute(f"CREATE TABLE {obj} AS SELECT * FROM memory.{obj}{limit}")
    if not rows:
        return
    known = {row[0] for row in con.execute(f"DESCRIBE {obj}").fetchall()}
    for row in rows:
        unknown = sorted(set(row) - known)
        if unknown:
            raise AssertionError(f"{obj} has no column {', '.join(unknown)}")
        names = list(row)
        quoted = ", ".join(f'"{name}"' for name in names)
        marks = ", ".join("?" for _ in names)
        con.execute(f"INSERT INTO {obj} ({quoted}) VALUES ({marks})", [row[n] for n in names])
