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
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from rcm.etl import csv_extracts
from rcm.etl.x12.schemas import TABLES as X12_TABLES

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
        # Per table: (the file ids a piece holds, the piece with its file_id column).
        self.pending: dict[str, list[tuple[frozenset[int], pa.Table]]] = defaultdict(list)
        self.pending_rows = 0
        self.appended: dict[int, set[str]] = defaultdict(set)

    def add(self, table: str, file_id: int, batch: pa.RecordBatch) -> None:
        """One file's batch: stamped with its file_id here."""
        if batch.num_rows == 0:
            return
        ids = pa.array(np.full(batch.num_rows, file_id, dtype=np.int32))
        stamped = pa.RecordBatch.from_arrays(
            [ids, *batch.columns],
            schema=pa.schema([pa.field("file_id", pa.int32()), *batch.schema]),
        )
        self._pending(table, frozenset((file_id,)), pa.Table.from_batches([stamped]))

    def add_files(self, table: str, rows: pa.Table, file_ids: frozenset[int]) -> None:
        """Rows of several files at once, already carrying their `file_id` column."""
        if rows.num_rows:
            self._pending(table, file_ids, rows)

    def _pending(self, table: str, file_ids: frozenset[int], rows: pa.Table) -> None:
        self.pending[table].append((file_ids, rows))
        self.pending_rows += rows.num_rows
        if self.pending_rows >= self.flush_rows:
            self.flush()

    def flush(self) -> None:
        for table, items in self.pending.items():
            if not items:
                continue
            # One contiguous chunk per column: DuckDB scans it far faster than
            # thousands of small batches.
            incoming = pa.concat_tables([rows for _, rows in items]).combine_chunks()  # noqa: F841
            self.con.execute(f"INSERT INTO raw.{table} BY NAME SELECT * FROM incoming")
            for file_ids, _ in items:
                for file_id in file_ids:
                    self.appended[file_id].add(table)
        self.pending.clear()
        self.pending_rows = 0

    def discard(self, file_id: int) -> None:
        for table, items in self.pending.items():
            kept = []
            for file_ids, rows in items:
                if file_id not in file_ids:
                    kept.append((file_ids, rows))
                    continue
                others = rows.filter(pc.not_equal(rows["file_id"], file_id))
                self.pending_rows -= rows.num_rows - others.num_rows
                if others.num_rows:
                    kept.append((file_ids - {file_id}, others))
            self.pending[table] = kept
        for table in sorted(self.appended.pop(file_id, set())):
            self.con.execute(f"DELETE FROM raw.{table} WHERE file_id = ?", [file_id])
