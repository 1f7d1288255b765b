"""The `raw` schema: parser output appended as it comes, one table per parser table.

Each raw table is the parser's Arrow schema with the ledger's `file_id` in
front, so every row can be traced to the file (and bytes) it came from.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from etl import csv_extracts
from etl.x12.schemas import TABLES as X12_TABLES


def schemas() -> dict[str, pa.Schema]:
    """Every raw table's schema, file_id first."""
    tables = {f"x12_{name}": schema for name, schema in X12_TABLES.items()}
    tables.update({f"csv_{e.name}": e.schema for e in csv_extracts.EXTRACTS})
    return {name: pa.schema([pa.field("file_id", pa.int32()), *s]) for name, s in tables.items()}


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Create any raw table that does not exist yet (empty, with the parser's types)."""
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    existing = {
        row[0]
        for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw'"
        ).fetchall()
    }
    for name, schema in schemas().items():
        if name in existing:
            continue
        empty = schema.empty_table()  # noqa: F841 - read by DuckDB's replacement scan
        con.execute(f"CREATE TABLE raw.{name} AS SELECT * FROM empty")


def append(con: duckdb.DuckDBPyConnection, table: str, file_id: int, batch: pa.RecordBatch) -> None:
    """Append one parser batch to `raw.<table>`, stamped with its file."""
    stamped = pa.RecordBatch.from_arrays(
        [pa.array([file_id] * batch.num_rows, pa.int32()), *batch.columns],
        names=["file_id", *batch.schema.names],
    )
    con.register("incoming_batch", stamped)
    try:
        con.execute(f"INSERT INTO raw.{table} BY NAME SELECT * FROM incoming_batch")
    finally:
        con.unregister("incoming_batch")
