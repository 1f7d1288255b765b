"""The file ledger: what each load run saw, loaded, skipped and refused.

The ledger lives in the warehouse (`meta.files`, `meta.load_runs`) so it is
published with the data it describes: a killed load leaves no ledger rows for
files whose rows never reached the published snapshot. During a run it is
kept in memory and written once at the end, with the run's other writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from rcm import sqlfiles
from rcm.etl.reading import open_regular

LOADED = "loaded"
ALREADY_LOADED = "already_loaded"
REJECTED = "rejected"
ALREADY_REJECTED = "already_rejected"


@dataclass
class FileResult:
    """The outcome of one file in one run.

    `path` is the file's path as text: bytes of a name that are not UTF-8 are
    shown as `\\xNN` (`text_of`), so the ledger and the summary can always hold it.
    `read_again`: rejected for how the file was read (it changed while read, or
    could not be read), not for its bytes; a later load reads the same bytes again.
    """

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
    read_again: bool = False

    @property
    def refused(self) -> bool:
        return self.status == REJECTED


FILES_SCHEMA = pa.schema(
    [
        ("file_id", pa.int32()),
        ("load_run_id", pa.int32()),
        ("path", pa.string()),
        ("file_name", pa.string()),
        ("size_bytes", pa.int64()),
        ("sha256", pa.string()),
        ("kind", pa.string()),
        ("sender_ids", pa.list_(pa.string())),
        ("interchange_control_numbers", pa.list_(pa.string())),
        ("interchange_keys", pa.list_(pa.string())),
        ("transaction_control_numbers", pa.list_(pa.string())),
        ("row_counts", pa.map_(pa.string(), pa.int64())),
        ("status", pa.string()),
        ("error", pa.string()),
        ("warning", pa.string()),
        ("quarantine_path", pa.string()),
        ("loaded_at", pa.timestamp("us", tz="UTC")),
        ("seconds", pa.float64()),
        ("read_again", pa.bool_()),
    ]
)


def text_of(path: str | os.PathLike[str]) -> str:
    """A path as text that can be stored and printed: the original bytes of a name that is
    not UTF-8 (Python keeps them as surrogates) become `\\xNN` escapes."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def printable(text: str) -> str:
    """Text for one-line messages: control characters (a newline in a name) escaped."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def label_of(path: str | os.PathLike[str]) -> str:
    """A file's name for one-line messages."""
    return printable(text_of(os.path.basename(os.fspath(path))))


def sha256_of(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    # The dq tables too: the marts read them (clean claim rate) before the first check.
    for schema in ("meta", "dq"):
        sqlfiles.create_tables(con, schema)


@dataclass(frozen=True)
class Known:
    """Bytes the ledger has seen: the name they came under, and whether they loaded."""

    file_name: str
    status: str

    def outcome(self) -> tuple[str, str]:
        """The status and message of a file with these bytes met again."""
        if self.status == LOADED:
            return ALREADY_LOADED, f"same bytes as {self.file_name}, already loaded"
        return ALREADY_REJECTED, f"same bytes as {self.file_name}, already rejected"


def known_hashes(con: duckdb.DuckDBPyConnection) -> dict[str, Known]:
    """SHA-256 of every file already loaded or rejected for its bytes, with its name."""
    rows = con.execute(sqlfiles.read("statements/ledger/loaded_hashes.sql")).fetchall()
    return {sha: Known(name, status) for sha, name, status in rows}


class RunLedger:
    """The ledger of one load run, written to `meta.files` in one go when the run ends."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.run_id = _next_id(con, "meta.load_runs", "load_run_id")
        self.next_file_id = _next_id(con, "meta.files", "file_id")
        self.known = known_hashes(con)
        self.interchanges: dict[str, str] = dict(
            con.execute(sqlfiles.read("statements/ledger/loaded_interchanges.sql")).fetchall()
        )
        self.results: list[FileResult] = []

    def new_file_id(self) -> int:
        file_id = self.next_file_id
        self.next_file_id += 1
        return file_id

    def earlier_owner(self, result: FileResult) -> str | None:
        """An earlier loaded file that carried one of this file's interchanges."""
        for key in result.interchange_keys:
            if key in self.interchanges:
                return self.interchanges[key]
        return None

    def add(self, result: FileResult) -> None:
        self.results.append(result)
        if result.status == REJECTED and not result.read_again:
            self.known.setdefault(result.sha256, Known(result.path.name, REJECTED))
        if result.status == LOADED:
            self.known[result.sha256] = Known(result.path.name, LOADED)
            for key in result.interchange_keys:
                self.interchanges.setdefault(key, result.path.name)

    def write(self, snapshot_number: int) -> None:
        """Append this run's files and its summary row to the ledger tables."""
        now = dt.datetime.now(dt.UTC)
        recorded = [r for r in self.results if r.file_id is not None]
        rows = pa.Table.from_pylist(
            [
                {
                    "file_id": r.file_id,
                    "load_run_id": self.run_id,
                    "path": str(r.path),
                    "file_name": r.path.name,
                    "size_bytes": r.size_bytes,
                    "sha256": r.sha256,
                    "kind": r.kind,
                    "sender_ids": r.sender_ids,
                    "interchange_control_numbers": r.interchange_control_numbers,
                    "interchange_keys": r.interchange_keys,
                    "transaction_control_numbers": r.transaction_control_numbers,
                    "row_counts": sorted(r.row_counts.items()),
                    "status": r.status,
                    "error": r.error,
                    "warning": r.warning,
                    "quarantine_path": str(r.quarantine_path) if r.quarantine_path else None,
                    "loaded_at": now,
                    "seconds": r.seconds,
                    "read_again": r.read_again,
                }
                for r in recorded
            ],
            schema=FILES_SCHEMA,
        )
        self.con.register("ledger_rows", rows)
        try:
            self.con.execute(sqlfiles.read("statements/ledger/insert_files.sql"))
        finally:
            self.con.unregister("ledger_rows")
        self.con.execute(
            sqlfiles.read("statements/ledger/insert_run.sql"),
            [
                self.run_id,
                len(self.results),
                sum(r.status == LOADED for r in self.results),
                sum(r.status == ALREADY_LOADED for r in self.results),
                sum(r.refused for r in self.results),
                sum(r.size_bytes for r in self.results if r.status == LOADED),
                snapshot_number,
            ],
        )


def _next_id(con: duckdb.DuckDBPyConnection, table: str, column: str) -> int:
    query = sqlfiles.read("statements/ledger/next_id.sql").replace("{table}", table)
    return int(con.execute(query.replace("{column}", column)).fetchall()[0][0])
