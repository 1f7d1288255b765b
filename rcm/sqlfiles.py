"""The SQL under `sql/`: named files, run layer by layer in file-name order.

Business logic that defines a number lives in these files, not in Python
strings, so an analyst can read how every table is made.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from rcm.config import SQL_ROOT

LAYERS: tuple[str, ...] = ("staging", "core", "marts")


@dataclass(frozen=True)
class SqlModel:
    """One SQL file: its layer, its name and its text."""

    layer: str
    name: str
    path: Path

    @property
    def text(self) -> str:
        return read(self.path.relative_to(SQL_ROOT).as_posix())


@cache
def read(relative: str) -> str:
    """The text of `sql/<relative>`, read once per process."""
    path = SQL_ROOT / relative
    if not path.is_file():
        raise FileNotFoundError(f"no SQL file {path}")
    return path.read_text(encoding="utf-8")


def models(layer: str) -> list[SqlModel]:
    """The models of one layer in the order they run (file name order)."""
    folder = SQL_ROOT / layer
    if not folder.is_dir():
        return []
    return [SqlModel(layer, path.stem, path) for path in sorted(folder.glob("*.sql"))]


def run_models(
    con: duckdb.DuckDBPyConnection, layers: Iterable[str] = LAYERS
) -> list[tuple[SqlModel, float]]:
    """Run every model of the given layers, in layer order then file-name order.

    Returns each model with the seconds it took, for benchmarks and slow-model hunts.
    """
    return run([model for layer in layers for model in models(layer)], con)


def run(chosen: Iterable[SqlModel], con: duckdb.DuckDBPyConnection) -> list[tuple[SqlModel, float]]:
    """Run the given models in the order given; each with the seconds it took."""
    ran: list[tuple[SqlModel, float]] = []
    for model in chosen:
        started = time.perf_counter()
        try:
            con.execute(model.text)
        except duckdb.Error as exc:
            raise RuntimeError(f"sql/{model.layer}/{model.path.name}: {exc}") from exc
        ran.append((model, time.perf_counter() - started))
    return ran


_CREATED = re.compile(
    r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW|MACRO)\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w.]+)",
    re.IGNORECASE,
)


def models_reading(layer: str, schema: str) -> list[SqlModel]:
    """The models of a layer that read `schema` directly or through an earlier
    model of the layer, in run order: what must run again when only `schema`
    changed (the marts after the data-quality checks rewrite the dq tables)."""
    chosen: list[SqlModel] = []
    tainted = [f"{schema}."]
    for model in models(layer):
        text = model.text.lower()
        if any(name in text for name in tainted):
            chosen.append(model)
            tainted += [f"{name.lower()}(" for name in _CREATED.findall(model.text)]
            tainted += [f"{name.lower()} " for name in _CREATED.findall(model.text)]
    return chosen


DESCRIBED_SCHEMAS: tuple[str, ...] = ("staging", "core", "mart", "ref", "meta", "dq")


def descriptions() -> dict[tuple[str, str], str]:
    """Column descriptions from `sql/descriptions.csv`: (table, column) -> text.

    A row whose table is `*` describes that column name wherever it appears
    (the same name means the same thing in every layer); a row naming a
    table (`core.claims`) overrides it there.
    """
    import csv

    with open(SQL_ROOT / "descriptions.csv", newline="", encoding="utf-8") as handle:
        return {(row["table"], row["column"]): row["description"] for row in csv.DictReader(handle)}


def apply_descriptions(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """COMMENT ON every column of the documented schemas; return the columns left undescribed."""
    texts = descriptions()
    columns = con.execute(
        read("meta/queries/documented_columns.sql"), [list(DESCRIBED_SCHEMAS)]
    ).fetchall()
    missing: list[tuple[str, str]] = []
    con.execute("BEGIN TRANSACTION")
    for schema, table, column in columns:
        qualified = f"{schema}.{table}"
        text = texts.get((qualified, column)) or texts.get(("*", column))
        if text is None:
            missing.append((qualified, column))
            continue
        con.execute(f'COMMENT ON COLUMN {qualified}."{column}" IS ' + literal(text))
    con.execute("COMMIT")
    return missing


def literal(text: str) -> str:
    """A SQL string literal, for the statements that take no parameters (COMMENT ON)."""
    return "'" + text.replace("'", "''") + "'"
