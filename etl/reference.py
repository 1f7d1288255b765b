"""Reference data: the versioned CSVs of `sql/reference/` as `ref.*` tables.

Each CSV listed in `sql/reference/manifest.csv` becomes `ref.<file stem>`,
loaded as text and then typed by `sql/schema/ref/<stem>.sql` when that
file exists. `ref.versions` records the source, effective date and SHA-256 of
every loaded file; a table is reloaded only when its file's bytes change, so
users can edit a CSV (for example the CARC categories) and see it on the next load.
A table whose current version was loaded from official CMS files (`rcm
reference load`, marked `official`) is left alone: the shipped extract never
silently replaces it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb

from rcm import sqlfiles
from rcm.config import REFERENCE_DIR
from rcm.etl.ledger import sha256_of

MANIFEST = "manifest.csv"


@dataclass(frozen=True)
class ReferenceFile:
    table: str
    path: Path
    source: str
    effective_date: str
    version: str


def manifest(folder: Path = REFERENCE_DIR) -> list[ReferenceFile]:
    """The reference files the manifest lists and that exist."""
    with open(folder / MANIFEST, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    files = []
    for row in rows:
        path = folder / row["file"]
        if path.is_file():
            files.append(
                ReferenceFile(
                    table=path.stem,
                    path=path,
                    source=row.get("source", ""),
                    effective_date=row.get("effective_date", ""),
                    version=row.get("version", ""),
                )
            )
    return files


def changed(con: duckdb.DuckDBPyConnection, folder: Path = REFERENCE_DIR) -> list[str]:
    """Reference tables whose file differs from the version loaded (read-only check)."""
    try:
        loaded = dict(con.execute("SELECT table_name, sha256 FROM ref.versions").fetchall())
    except duckdb.CatalogException:
        return [item.table for item in manifest(folder)]
    official = _official(con)
    return [
        item.table
        for item in manifest(folder)
        if item.table not in official and loaded.get(item.table) != sha256_of(item.path)
    ]


def _official(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Tables loaded from official CMS files (none in a warehouse older than the flag)."""
    try:
        rows = con.execute(sqlfiles.read("statements/reference/official_tables.sql")).fetchall()
    except duckdb.BinderException:
        return set()
    return {row[0] for row in rows}


def ensure(con: duckdb.DuckDBPyConnection, folder: Path = REFERENCE_DIR) -> list[str]:
    """Load each reference file whose bytes changed since its last load; return their tables."""
    sqlfiles.create_tables(con, "ref")
    loaded = dict(con.execute("SELECT table_name, sha256 FROM ref.versions").fetchall())
    official = _official(con)
    changed = []
    for item in manifest(folder):
        digest = sha256_of(item.path)
        if item.table in official or loaded.get(item.table) == digest:
            continue
        load_table(con, item, digest)
        changed.append(item.table)
    return changed


def load_table(con: duckdb.DuckDBPyConnection, item: ReferenceFile, digest: str) -> None:
    """Replace `ref.<table>` with the file's rows and record its version."""
    con.execute(
        f"CREATE OR REPLACE TABLE ref.{item.table} AS "
        "SELECT * FROM read_csv(?, header = true, all_varchar = true)",
        [str(item.path)],
    )
    comment = f"{item.source} ({item.path.name}, version {item.version or 'unversioned'})"
    con.execute(f"COMMENT ON TABLE ref.{item.table} IS " + sqlfiles.literal(comment))
    types = sqlfiles.SQL_ROOT / "schema" / "ref" / f"{item.table}.sql"
    if types.is_file():
        con.execute(sqlfiles.read(f"schema/ref/{item.table}.sql"))
    con.execute(
        sqlfiles.read("statements/reference/record_version.sql"),
        [item.table, item.path.name, item.source, item.effective_date, item.version, digest],
    )
