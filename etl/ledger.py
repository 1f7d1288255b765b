"""The file ledger: what each load run saw, loaded, skipped and refused.

The ledger lives in the warehouse (`meta.files`, `meta.load_runs`) so it is
published with the data it describes: a killed load leaves no ledger rows for
files whose rows never reached the published snapshot.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from rcm import sqlfiles

LOADED = "loaded"
ALREADY_LOADED = "already_loaded"
REJECTED = "rejected"


@dataclass
class FileResult:
    """The outcome of one file in one run."""

    path: Path
    size_bytes: int
    sha256: str
    status: str = REJECTED
    kind: str | None = None
    error: str | None = None
    warning: str | None = None
    row_counts: dict[str, int] = field(default_factory=dict)
    sender_ids: list[str] = field(default_factory=list)
    interchange_control_numbers: list[str] = field(default_factory=list)
    transaction_control_numbers: list[str] = field(default_factory=list)
    interchange_keys: list[str] = field(default_factory=list)
    quarantine_path: Path | None = None
    seconds: float = 0.0
    file_id: int | None = None

    @property
    def refused(self) -> bool:
        return self.status == REJECTED


def sha256_of(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    sqlfiles.run_models(con, ["meta"])


def next_id(con: duckdb.DuckDBPyConnection, table: str, column: str) -> int:
    query = sqlfiles.read("meta/queries/next_id.sql").replace("{table}", table)
    return int(con.execute(query.replace("{column}", column)).fetchall()[0][0])


def loaded_hashes(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """SHA-256 of every file already loaded, with the name it was loaded under."""
    rows = con.execute(sqlfiles.read("meta/queries/loaded_hashes.sql")).fetchall()
    return {sha: name for sha, name in rows}


def interchange_owner(con: duckdb.DuckDBPyConnection, result: FileResult) -> str | None:
    """The name of an earlier loaded file that carried one of this file's interchanges."""
    rows = con.execute(
        sqlfiles.read("meta/queries/interchange_owner.sql"),
        [result.file_id, result.interchange_keys],
    ).fetchall()
    return rows[0][0] if rows else None


def record_file(con: duckdb.DuckDBPyConnection, run_id: int, result: FileResult) -> None:
    con.execute(
        sqlfiles.read("meta/queries/insert_file.sql"),
        [
            result.file_id,
            run_id,
            str(result.path),
            result.path.name,
            result.size_bytes,
            result.sha256,
            result.kind,
            result.sender_ids,
            result.interchange_control_numbers,
            result.interchange_keys,
            result.transaction_control_numbers,
            dict(sorted(result.row_counts.items())),
            result.status,
            result.error,
            result.warning,
            str(result.quarantine_path) if result.quarantine_path else None,
            result.seconds,
        ],
    )


def record_run(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    results: list[FileResult],
    snapshot_number: int,
) -> None:
    con.execute(
        sqlfiles.read("meta/queries/insert_run.sql"),
        [
            run_id,
            len(results),
            sum(r.status == LOADED for r in results),
            sum(r.status == ALREADY_LOADED for r in results),
            sum(r.refused for r in results),
            sum(r.size_bytes for r in results if r.status == LOADED),
            snapshot_number,
        ],
    )
