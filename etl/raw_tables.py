"""The `raw` schema: parser output appended as it comes, one table per parser table.

Each raw table is the parser's Arrow schema with the ledger's `file_id` in
front, so every row can be traced to the file (and bytes) it came from.
Batches of many files are buffered and appended together: a billing office's
day is thousands of small files, and one INSERT per file and table would cost
more than the parsing.
"""

from __future__ import annotations

from collections import defaultdict

import duckdb
import pyarrow as pa

from etl import csv_extracts
from etl.x12.schemas import TABLES as X12_TABLES

FLUSH_ROWS = 200_000


def schemas() -> dict[str, pa.Schema]:
    """Every raw table's schema, file_id first."""
    tables = {f"x12_{name}": schema for name, schema in X12_TABLES.items()}
    tables.update({f"csv_{e.name}": e.schema for e in csv_extracts.EXTRACTS})
    return {name: pa.schema([pa.field("file_id", pa.int32()), *s]) for name, s in tables.items()}


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing raw tables, and add the columns a newer parser emits to existing ones.

    Columns are only ever added (NULL for rows loaded before), so a warehouse
    made by an older version keeps every row it has.
    """
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    existing: dict[str, set[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'raw'"
    ).fetchall():
        existing.setdefault(table, set()).add(column)
    for name, schema in schemas().items():
        con.register("empty_raw", schema.empty_table())
        try:
            if name not in existing:
                con.execute(f"CREATE TABLE raw.{name} AS SELECT * FROM empty_raw")
                continue
            types = {row[0]: row[1] for row in con.execute("DESCRIBE empty_raw").fetchall()}
            for column in (f.name for f in schema if f.name not in existing[name]):
                con.execute(f'ALTER TABLE raw.{name} ADD COLUMN "{column}" {types[column]}')
        finally:
            con.unregister("empty_raw")


class RawWriter:
    """Buffers parser batches, stamped with their file, and appends them in bulk.

    `discard(file_id)` takes back every row of a file, buffered or already
    appended, so a file that fails halfway leaves nothing behind.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, flush_rows: int = FLUSH_ROWS) -> None:
        self.con = con
        self.flush_rows = flush_rows
        self.pending: dict[str, list[tuple[int, pa.RecordBatch]]] = defaultdict(list)
        self.pending_rows = 0
        self.appended: dict[int, set[str]] = defaultdict(set)

    def add(self, table: str, file_id: int, batch: pa.RecordBatch) -> None:
        if batch.num_rows == 0:
            return
        stamped = pa.RecordBatch.from_arrays(
            [pa.array([file_id] * batch.num_rows, pa.int32()), *batch.columns],
            names=["file_id", *batch.schema.names],
        )
        self.pending[table].append((file_id, stamped))
        self.pending_rows += batch.num_rows
        if self.pending_rows >= self.flush_rows:
            self.flush()

    def flush(self) -> None:
        for table, items in self.pending.items():
            if not items:
                continue
            # One contiguous chunk per column: DuckDB scans it far faster than
            # thousands of small batches.
            incoming = pa.Table.from_batches([b for _, b in items]).combine_chunks()  # noqa: F841
            self.con.execute(f"INSERT INTO raw.{table} BY NAME SELECT * FROM incoming")
            for file_id, _ in items:
                self.appended[file_id].add(table)
        self.pending.clear()
        self.pending_rows = 0

    def discard(self, file_id: int) -> None:
        for table, items in self.pending.items():
            kept = [(fid, batch) for fid, batch in items if fid != file_id]
            self.pending_rows -= sum(b.num_rows for fid, b in items if fid == file_id)
            self.pending[table] = kept
        for table in sorted(self.appended.pop(file_id, set())):
            self.con.execute(f"DELETE FROM raw.{table} WHERE file_id = ?", [file_id])
