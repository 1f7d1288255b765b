"""The SQL under `sql/`: named files, one object each, run in the order of what each reads.

Business logic that defines a number lives in these files, not in Python
strings, so an analyst can read how every table is made.
"""

from __future__ import annotations

import heapq
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from rcm.config import SQL_ROOT

LAYERS: tuple[str, ...] = ("staging", "core", "marts")
# The schema a layer's folder builds (the folder `marts` holds the models of `mart`).
SCHEMA_OF_LAYER: dict[str, str] = {"staging": "staging", "core": "core", "marts": "mart"}
# The warehouse's schemas: a `schema.name` in a model's text with one of these is a read.
WAREHOUSE_SCHEMAS: tuple[str, ...] = ("raw", "staging", "core", "mart", "ref", "meta", "dq")
# The schemas no model builds: the loader, the reference loader and the checks write them.
SOURCE_SCHEMAS: tuple[str, ...] = ("raw", "ref", "meta", "dq")


@dataclass(frozen=True)
class SqlModel:
    """One SQL file of a layer: the object it creates and the objects it reads.

    `reads` holds the qualified names (`core.claims`, `mart.kpis_of`) the text
    refers to outside comments and string literals; the run order comes from it.
    """

    layer: str
    name: str
    path: Path
    object_name: str
    reads: frozenset[str]
    creates: frozenset[str]

    @property
    def schema(self) -> str:
        return self.object_name.partition(".")[0]

    @property
    def text(self) -> str:
        return _text_of(self.path)


@cache
def read(relative: str) -> str:
    """The text of `sql/<relative>`, read once per process."""
    path = SQL_ROOT / relative
    if not path.is_file():
        raise FileNotFoundError(f"no SQL file {path}")
    return path.read_text(encoding="utf-8")


@cache
def _text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# A comment (line or block) or a string literal ('' is a quote inside one):
# what a reference inside of does not make a read.
_NOT_CODE = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", re.DOTALL)
_QUALIFIED = re.compile(
    r"(?<![\w.\"])(" + "|".join(WAREHOUSE_SCHEMAS) + r")\s*\.\s*([A-Za-z_]\w*)",
    re.IGNORECASE,
)
_NAME_ONLY = re.compile(r"(?:" + "|".join(WAREHOUSE_SCHEMAS) + r")\.[A-Za-z_]\w*", re.IGNORECASE)
_CREATED = re.compile(
    r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?(?:TABLE|VIEW|MACRO)\s+"
    r"(?:IF\s+NOT\s+EXISTS\s+)?([\w.]+)",
    re.IGNORECASE,
)


def code_of(text: str) -> str:
    """The text with comments and string literals blanked out (each becomes a space).

    A string that is nothing but a qualified warehouse name (`'mart.claim_summary'`)
    stays without its quotes: it is a table handed by name to a table macro, which
    reads it through `query_table`, so it is a read like any other.
    """
    return _NOT_CODE.sub(_kept, text)


def _kept(found: re.Match[str]) -> str:
    token = found.group(0)
    if token.startswith("'") and _NAME_ONLY.fullmatch(token[1:-1]):
        return f" {token[1:-1]} "
    return " "


def created_by(text: str) -> list[str]:
    """The objects a SQL text creates (tables, views, macros), lower case, in text order."""
    return [name.lower() for name in _CREATED.findall(code_of(text))]


def reads_of(text: str) -> frozenset[str]:
    """The qualified warehouse objects a SQL text refers to, outside comments and strings,
    the objects it creates included."""
    return frozenset(
        f"{schema.lower()}.{name.lower()}" for schema, name in _QUALIFIED.findall(code_of(text))
    )


def _model(layer: str, path: Path) -> SqlModel:
    text = _text_of(path)
    created = created_by(text)
    fallback = f"{SCHEMA_OF_LAYER.get(layer, layer)}.{path.stem}"
    object_name = created[0] if created else fallback
    creates = frozenset(created) or frozenset({object_name})
    return SqlModel(layer, path.stem, path, object_name, reads_of(text) - creates, creates)


def models(layer: str, root: Path = SQL_ROOT) -> list[SqlModel]:
    """The models of one layer, in file name order."""
    folder = root / layer
    if not folder.is_dir():
        return []
    return [_model(layer, path) for path in sorted(folder.glob("*.sql"))]


def model(object_name: str, layers: Iterable[str] = LAYERS, root: Path = SQL_ROOT) -> SqlModel:
    """The model that creates `object_name` (qualified, e.g. `core.claims`)."""
    wanted = object_name.lower()
    for layer in layers:
        for found in models(layer, root):
            if wanted in found.creates:
                return found
    raise KeyError(f"no model creates {object_name}")


class ModelCycle(ValueError):
    """Models that read each other, so no order runs each after what it reads."""


def plan(layers: Iterable[str] = LAYERS, root: Path = SQL_ROOT) -> list[SqlModel]:
    """The models of the given layers in dependency order.

    A model comes after every model of the plan that creates something it reads;
    reads outside the plan (sources, or layers not asked for) add no order. Ties
    go by layer (in the order of `LAYERS`, whatever order they are asked in), then
    object name, so the order is the same on every run.
    """
    layer_list = list(layers)
    chosen = [found for layer in layer_list for found in models(layer, root)]
    maker: dict[str, SqlModel] = {}
    for found in chosen:
        for name in found.creates:
            if name in maker:
                raise ValueError(
                    f"{name} is created by both {maker[name].path.name} and {found.path.name}"
                )
            maker[name] = found
    needs = {
        found.object_name: {maker[name].object_name for name in found.reads if name in maker}
        for found in chosen
    }
    by_name = {found.object_name: found for found in chosen}

    def rank(name: str) -> tuple[int, str]:
        layer = by_name[name].layer
        known = LAYERS.index(layer) if layer in LAYERS else len(LAYERS) + layer_list.index(layer)
        return (known, name)

    waiting = {name: set(required) for name, required in needs.items()}
    ready = [(rank(name), name) for name, required in waiting.items() if not required]
    heapq.heapify(ready)
    ordered: list[SqlModel] = []
    while ready:
        _, name = heapq.heappop(ready)
        ordered.append(by_name[name])
        del waiting[name]
        for other, required in waiting.items():
            if name in required:
                required.discard(name)
                if not required:
                    heapq.heappush(ready, (rank(other), other))
    if waiting:
        raise ModelCycle("models read each other in a cycle: " + ", ".join(_cycle(waiting)))
    return ordered


def _cycle(waiting: dict[str, set[str]]) -> list[str]:
    """The objects on the cycles among models left unordered (not those only after one)."""
    left = {name: set(required) for name, required in waiting.items()}
    changed = True
    while changed:
        changed = False
        for name in list(left):
            if not any(name in required for other, required in left.items() if other != name):
                del left[name]
                changed = True
    return sorted(left)


def downstream(
    objects_or_schemas: Iterable[str], layers: Iterable[str] = LAYERS, root: Path = SQL_ROOT
) -> list[SqlModel]:
    """The models that read any of the given objects (`dq.coding_flags`) or schemas
    (`dq`), directly or through other models of the plan, in plan order: what must
    run again when only those changed."""
    objects: set[str] = set()
    schemas: set[str] = set()
    for entry in objects_or_schemas:
        (objects if "." in entry else schemas).add(entry.lower())
    chosen: list[SqlModel] = []
    for found in plan(layers, root):
        if any(name in objects or name.partition(".")[0] in schemas for name in found.reads):
            chosen.append(found)
            objects |= found.creates
    return chosen


def run_models(
    con: duckdb.DuckDBPyConnection, layers: Iterable[str] = LAYERS
) -> list[tuple[SqlModel, float]]:
    """Run every model of the given layers once, in plan order.

    Returns each model with the seconds it took, for benchmarks and slow-model hunts.
    """
    return run(plan(layers), con)


def run(chosen: Iterable[SqlModel], con: duckdb.DuckDBPyConnection) -> list[tuple[SqlModel, float]]:
    """Run the given models in the order given, each after its schema exists; each
    with the seconds it took."""
    ran: list[tuple[SqlModel, float]] = []
    for found in chosen:
        started = time.perf_counter()
        try:
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {found.schema}")
            con.execute(found.text)
        except duckdb.Error as exc:
            raise RuntimeError(f"sql/{found.layer}/{found.path.name}: {exc}") from exc
        ran.append((found, time.perf_counter() - started))
    return ran


def create_tables(con: duckdb.DuckDBPyConnection, schema: str, root: Path = SQL_ROOT) -> list[str]:
    """Create the tables the application writes in `schema` (`sql/schema/<schema>/`),
    if absent, and bring those of older warehouses up to date; return their names.

    Only the files that create their table run: the other files of a schema folder
    type the columns of a table another step loads (the reference CSVs).
    """
    made: list[str] = []
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    for path in sorted((root / "schema" / schema).glob("*.sql")):
        text = _text_of(path)
        if created_by(text):
            try:
                con.execute(text)
            except duckdb.Error as exc:
                raise RuntimeError(f"sql/schema/{schema}/{path.name}: {exc}") from exc
            made.append(f"{schema}.{path.stem}")
    return made


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
        read("statements/catalog/documented_columns.sql"), [list(DESCRIBED_SCHEMAS)]
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
