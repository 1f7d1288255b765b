"""Ad hoc read-only SQL: the engine behind `rcm sql` and the dashboard's SQL workbench.

A query is first parsed by DuckDB itself: it must be exactly one statement of
a read-only kind (SELECT, WITH ... SELECT, VALUES, FROM ..., DESCRIBE, SHOW,
SUMMARIZE, EXPLAIN [ANALYZE] of one of those), and its syntax tree may call
only table functions that read the warehouse (no `query()`, no file readers,
no logging or checkpoint switches) and no scalar function with a side effect.
It then runs on a sandboxed read-only connection to the published snapshot
(no file access, settings locked, a time limit, the readers' memory cap and
spill folder outside the warehouse) and returns at most a row limit and a
byte limit of values, saying which limit cut the result. Every failure is a
`QueryRefused` with one clear line, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import duckdb

from rcm.warehouse import Warehouse

DEFAULT_ROW_LIMIT = 10_000
DEFAULT_TIME_LIMIT_S = 30.0
DEFAULT_BYTE_LIMIT = 16 * 1024 * 1024
_FETCH_BATCH = 256

READ_ONLY_KINDS = "SELECT, WITH ... SELECT, DESCRIBE, SHOW, SUMMARIZE and EXPLAIN"

# Table functions a query may call: generators and the catalog's own views of
# the warehouse. Everything else (file readers, `query()` and
# `json_execute_serialized_sql` that run SQL text this check cannot see,
# checkpoint, logging and profiling switches, secrets, pointer scans of the
# Python client) is refused; the warehouse's own table macros are allowed.
SAFE_TABLE_FUNCTIONS: frozenset[str] = frozenset(
    {
        "range",
        "generate_series",
        "unnest",
        "repeat",
        "repeat_row",
        "summary",
        "histogram",
        "histogram_values",
        "json_each",
        "json_tree",
        "test_all_types",
        "icu_calendar_names",
        "pg_timezone_names",
        "duckdb_columns",
        "duckdb_constraints",
        "duckdb_databases",
        "duckdb_dependencies",
        "duckdb_functions",
        "duckdb_indexes",
        "duckdb_keywords",
        "duckdb_memory",
        "duckdb_schemas",
        "duckdb_sequences",
        "duckdb_settings",
        "duckdb_tables",
        "duckdb_temporary_files",
        "duckdb_types",
        "duckdb_views",
        "pragma_database_size",
        "pragma_table_info",
        "pragma_storage_info",
        "pragma_show",
        "pragma_version",
        "pragma_platform",
        "pragma_collations",
    }
)
# Scalar functions with an effect beyond their value (sequences, the log, the
# random seed, sleeping a worker) or that run SQL text.
REFUSED_FUNCTIONS: frozenset[str] = frozenset(
    {
        "nextval",
        "setval",
        "setseed",
        "write_log",
        "sleep_ms",
        "pg_sleep",
        "json_execute_serialized_sql",
    }
)
_TEMPORAL_TYPES = ("DATE", "TIMESTAMP")


class QueryRefused(RuntimeError):
    """The query was not run, or stopped: forbidden, invalid, too slow, too big."""


class Infinite(str):
    """DuckDB's `infinity` / `-infinity` date or timestamp (Python would say 9999-12-31)."""

    __slots__ = ()


INFINITY = Infinite("infinity")
MINUS_INFINITY = Infinite("-infinity")


@dataclass
class QueryResult:
    columns: list[str]
    types: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool
    row_limit: int
    byte_limit: int = DEFAULT_BYTE_LIMIT
    cut_by: str | None = None  # "rows" or "bytes" when `truncated`

    @property
    def note(self) -> str | None:
        """Why the result is shorter than the query's answer, in one line (None: complete)."""
        if self.cut_by == "bytes":
            return (
                f"truncated at {self.byte_limit / 2**20:g} MB (the result-size limit) "
                f"after {len(self.rows):,} rows"
            )
        if self.truncated:
            return f"cut at the row limit of {self.row_limit:,} rows"
        return None

    def records(self) -> list[dict[str, Any]]:
        """Rows as objects keyed by column name; refused when two columns share a name."""
        duplicates = sorted(c for c, n in Counter(self.columns).items() if n > 1)
        if duplicates:
            names = ", ".join(repr(c) for c in duplicates)
            raise QueryRefused(
                f"query refused: the result has more than one column named {names}; "
                "give each column its own name (AS ...) for JSON output"
            )
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_json(self) -> str:
        """A JSON array of row objects.

        DECIMAL and HUGEINT-sized numbers as exact strings, dates and times as
        ISO strings, infinite dates as "infinity"/"-infinity", NaN and
        infinite floats as null.
        """
        records = [{k: json_value(v) for k, v in r.items()} for r in self.records()]
        return json.dumps(records, ensure_ascii=False, allow_nan=False)

    def text_rows(self) -> list[list[str]]:
        return [[_text(value) for value in row] for row in self.rows]


@dataclass(frozen=True)
class Checked:
    """A statement that passed the check: what to run and what to inspect."""

    sql: str
    select: str  # the SELECT part (the statement itself, or what EXPLAIN explains)
    explain: bool


def check(sql: str) -> Checked:
    """The one read-only statement in `sql`, decided by DuckDB's parser; else QueryRefused."""
    if not sql or not sql.strip():
        raise QueryRefused("empty query")
    statements = _parse(sql)
    if not statements:
        raise QueryRefused("empty query")
    if len(statements) > 1:
        raise QueryRefused(
            f"query refused: {len(statements)} statements given; run one statement at a time"
        )
    statement = statements[0]
    text = statement.query.strip()
    kind = _kind(statement)
    if kind == duckdb.StatementType.SELECT:
        return Checked(text, text, explain=False)
    if kind == duckdb.StatementType.EXPLAIN:
        inner = _explained(text)
        inner_statements = _parse(inner)
        if len(inner_statements) == 1 and _kind(inner_statements[0]) == duckdb.StatementType.SELECT:
            return Checked(text, inner_statements[0].query.strip(), explain=True)
        raise QueryRefused(
            f"query refused: EXPLAIN of {_first_word(inner)} is not allowed; "
            f"only {READ_ONLY_KINDS} of a query run here"
        )
    raise QueryRefused(
        f"query refused: {_first_word(text)} is not a read-only statement; "
        f"only {READ_ONLY_KINDS} run here"
    )


def run(
    warehouse: Warehouse,
    sql: str,
    *,
    row_limit: int = DEFAULT_ROW_LIMIT,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    byte_limit: int = DEFAULT_BYTE_LIMIT,
) -> QueryResult:
    """Run one read-only query against the published snapshot."""
    checked = check(sql)
    con = warehouse.connect(sandbox=True, time_limit_ms=int(time_limit_s * 1000))
    try:
        try:
            _check_references(con, checked.select)
            columns, types, cursor, flags = _execute(con, checked)
            if cursor.description is None:
                return QueryResult([], [], [], False, row_limit, byte_limit)
            rows, cut_by = _fetch(cursor, len(columns), flags, row_limit, byte_limit)
        except duckdb.InterruptException:
            raise QueryRefused(
                f"query stopped: it ran longer than the time limit of {time_limit_s:g} s"
            ) from None
        except duckdb.Error as exc:
            raise QueryRefused(_explain(exc)) from None
        return QueryResult(columns, types, rows, cut_by is not None, row_limit, byte_limit, cut_by)
    finally:
        con.close()


def _kind(statement: duckdb.Statement) -> duckdb.StatementType | None:
    """The statement's kind; None for a kind the Python client cannot name."""
    try:
        return statement.type
    except ValueError:
        return None


def _parse(sql: str) -> list[duckdb.Statement]:
    try:
        return list(duckdb.extract_statements(sql))
    except duckdb.Error as exc:
        raise QueryRefused(_explain(exc)) from None
    except ValueError:  # a statement kind the Python client does not know
        raise QueryRefused(
            f"query refused: {_first_word(sql)} is not a read-only statement; "
            f"only {READ_ONLY_KINDS} run here"
        ) from None


def _explained(text: str) -> str:
    """What an EXPLAIN statement explains: the text after EXPLAIN [ANALYZE] [(options)]."""
    words = _words(text)
    position = 1  # words[0] is EXPLAIN
    if position < len(words) and words[position][1].upper() == "ANALYZE":
        position += 1
    if position < len(words) and words[position][1] == "(":
        depth = 0
        while position < len(words):
            depth += {"(": 1, ")": -1}.get(words[position][1], 0)
            position += 1
            if depth == 0:
                break
    if position >= len(words):
        return ""
    return text.encode("utf-8")[words[position][0] :].decode("utf-8", "replace")


def _words(text: str) -> list[tuple[int, str]]:
    """DuckDB's tokens of `text` as (byte offset, text), comments left out."""
    data = text.encode("utf-8")
    tokens = duckdb.tokenize(text)
    words = []
    for index, (start, kind) in enumerate(tokens):
        if kind == duckdb.token_type.comment:
            continue
        end = tokens[index + 1][0] if index + 1 < len(tokens) else len(data)
        words.append((start, data[start:end].decode("utf-8", "replace").strip()))
    return words


def _first_word(text: str) -> str:
    words = _words(text) if text.strip() else []
    for _, word in words:
        if word:
            return word.split()[0].upper()
    return "an empty statement"


def _check_references(con: duckdb.DuckDBPyConnection, select: str) -> None:
    """Refuse table functions, file paths and scalar functions a read-only query must not use."""
    row = con.execute("SELECT json_serialize_sql(?)", [select]).fetchone()
    assert row is not None, "a scalar SELECT returns one row"
    tree = json.loads(row[0])
    if tree.get("error"):
        message = tree.get("error_message") or "it cannot be analysed"
        raise QueryRefused(f"query refused: {message}")
    macros: set[str] | None = None
    for kind, name in _references(tree):
        lowered = name.lower()
        if kind == "table":
            if any(mark in name for mark in ("/", "\\", ":", ".")):
                raise QueryRefused(
                    f"query refused: {name!r} looks like a file; only the warehouse's "
                    "tables and views can be read here"
                )
        elif kind == "table_function":
            if lowered in SAFE_TABLE_FUNCTIONS:
                continue
            if macros is None:
                macros = _table_macros(con)
            if lowered not in macros:
                raise QueryRefused(
                    f"query refused: the table function {name}() is not allowed here "
                    "(it reads files, runs other SQL or changes the session)"
                )
        elif lowered in REFUSED_FUNCTIONS or lowered.startswith("__internal"):
            raise QueryRefused(
                f"query refused: the function {name}() has side effects and is not allowed here"
            )


def _references(tree: Any) -> Iterator[tuple[str, str]]:
    """(kind, name) of every table, table function and function call in a serialized tree."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            kind = node.get("type")
            if kind == "BASE_TABLE":
                yield "table", str(node.get("table_name", ""))
            elif kind == "TABLE_FUNCTION" and isinstance(node.get("function"), dict):
                yield "table_function", str(node["function"].get("function_name", ""))
                stack.extend(node["function"].get("arguments") or [])
                stack.extend(v for k, v in node.items() if k != "function")
                continue
            elif node.get("class") == "FUNCTION" and "function_name" in node:
                yield "function", str(node["function_name"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _table_macros(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT DISTINCT lower(function_name) FROM duckdb_functions() "
        "WHERE function_type = 'table_macro' AND NOT internal"
    ).fetchall()
    return {row[0] for row in rows}


def _execute(
    con: duckdb.DuckDBPyConnection, checked: Checked
) -> tuple[list[str], list[str], duckdb.DuckDBPyConnection, list[int]]:
    """Run the statement; for a query with date or timestamp columns, with an infinity flag each.

    The Python client turns DuckDB's `infinity` date into 9999-12-31, a real
    date, so each such column gets a companion `isinf()` column that tells the
    two apart; the companions are positional (`#n`), so any column names work.
    """
    if not checked.explain:
        try:
            described = con.execute(_one_select(f"DESCRIBE {checked.sql}")).fetchall()
        except (duckdb.Error, QueryRefused):
            described = []
        temporal = [i for i, row in enumerate(described) if row[1].startswith(_TEMPORAL_TYPES)]
        if temporal:
            body = checked.sql.rstrip().rstrip(";")
            select = [f"#{i + 1}" for i in range(len(described))]
            select += [f"isinf(#{i + 1})" for i in temporal]
            wrapped = f"SELECT {', '.join(select)} FROM (\n{body}\n) AS q"
            cursor = con.execute(_one_select(wrapped))
            return [r[0] for r in described], [r[1] for r in described], cursor, temporal
    cursor = con.execute(checked.sql)
    description = cursor.description or []
    return [d[0] for d in description], [str(d[1]) for d in description], cursor, []


def _one_select(text: str) -> str:
    """`text` itself, once the parser confirms it is still exactly one SELECT."""
    statements = _parse(text)
    if len(statements) != 1 or _kind(statements[0]) != duckdb.StatementType.SELECT:
        raise QueryRefused("query refused: it cannot be run as one query")
    return text


def _fetch(
    cursor: duckdb.DuckDBPyConnection,
    width: int,
    flags: list[int],
    row_limit: int,
    byte_limit: int,
) -> tuple[list[tuple[Any, ...]], str | None]:
    """Rows in batches until the row or byte limit; which one cut the result, if any."""
    rows: list[tuple[Any, ...]] = []
    size = 0
    while True:
        batch = cursor.fetchmany(min(_FETCH_BATCH, row_limit + 1 - len(rows)))
        if not batch:
            return rows, None
        for raw in batch:
            row = _with_infinities(raw, width, flags) if flags else tuple(raw)
            size += _size(row)
            if size > byte_limit:
                return rows, "bytes"
            if len(rows) == row_limit:
                return rows, "rows"
            rows.append(row)


def _with_infinities(raw: tuple[Any, ...], width: int, flags: list[int]) -> tuple[Any, ...]:
    row = list(raw[:width])
    for offset, column in enumerate(flags):
        if raw[width + offset]:
            value = row[column]
            row[column] = INFINITY if value is not None and value.year > 5000 else MINUS_INFINITY
    return tuple(row)


def _size(value: Any) -> int:
    """Roughly the bytes a value takes once shown or serialized."""
    if value is None or isinstance(value, bool | int | float):
        return 8
    if isinstance(value, str | bytes):
        return len(value) + 2
    if isinstance(value, dict):
        return sum(_size(k) + _size(v) for k, v in value.items()) + 2
    if isinstance(value, list | tuple):
        return sum(_size(v) for v in value) + 2
    return 32


def _explain(exc: duckdb.Error) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, duckdb.PermissionException) or "disabled by configuration" in message:
        return f"query refused: access to files, databases and extensions is disabled ({message})"
    if "read-only mode" in message:
        return f"query refused: the warehouse is read-only here ({message})"
    if "configuration has been locked" in message:
        return f"query refused: settings cannot be changed here ({message})"
    if isinstance(exc, duckdb.OutOfMemoryException) or "Out of Memory" in message:
        return f"query stopped: it needs more memory or temporary space than allowed ({message})"
    return f"query failed: {message}"


def json_value(value: Any) -> Any:
    """A value as JSON can hold it exactly (see `QueryResult.to_json`)."""
    if value is None or isinstance(value, bool | int | str):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
            return str(value)  # beyond what a JSON reader keeps exactly
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, decimal.Decimal):
        return str(value) if value.is_finite() else None
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return str(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)
