"""The SQL under `sql/`: named files, run layer by layer in file-name order.

Business logic that defines a number lives in these files, not in Python
strings, so an analyst can read how every table is made.
"""

from __future__ import annotations

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


def run_models(con: duckdb.DuckDBPyConnection, layers: Iterable[str] = LAYERS) -> list[SqlModel]:
    """Run every model of the given layers, in layer order then file-name order."""
    ran: list[SqlModel] = []
    for layer in layers:
        for model in models(layer):
            try:
                con.execute(model.text)
            except duckdb.Error as exc:
                raise RuntimeError(f"sql/{layer}/{model.path.name}: {exc}") from exc
            ran.append(model)
    return ran
