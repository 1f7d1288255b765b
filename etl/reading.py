"""One input file in, its kind and its Arrow batches out: X12 or a known CSV extract.

Pure (no database), so it runs in the loader's process for large files, which
stream with flat memory, and in worker processes for the many small files of
a billing office's day, which parse side by side on every core.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from etl import csv_extracts
from etl.x12 import FileGroup, X12Error, iter_batches, looks_like_x12

HEAD_BYTES = 4096
# A segment id and an element separator: X12 text, with or without its ISA.
_X12_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*[A-Z][A-Z0-9]{1,2}[*|^~:!]")

Sink = Callable[[str, pa.RecordBatch], None]


class UnknownFileKind(ValueError):
    """A file that is neither X12 nor one of the known CSV extracts."""


# Everything that rejects a file whole; anything else is a bug and propagates.
REJECTIONS: tuple[type[Exception], ...] = (X12Error, csv_extracts.CsvExtractError, UnknownFileKind)


@dataclass
class FileMeta:
    """What the ledger records of a file besides its rows."""

    kind: str | None = None
    row_counts: dict[str, int] = field(default_factory=dict)
    sender_ids: list[str] = field(default_factory=list)
    interchange_control_numbers: list[str] = field(default_factory=list)
    interchange_keys: list[str] = field(default_factory=list)
    transaction_control_numbers: list[str] = field(default_factory=list)


def read_file(path: Path, sink: Sink) -> FileMeta:
    """Send every batch of the file to `sink` as (raw table name, batch); raise on bad input."""
    meta = FileMeta()
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    if looks_like_x12(head) or _X12_START.match(head):
        batches = _x12_batches(path, meta)
    else:
        batches = _csv_batches(path, head, meta)
    for table, batch in batches:
        sink(table, batch)
        meta.row_counts[table] = meta.row_counts.get(table, 0) + batch.num_rows
    return meta


@dataclass
class GroupResult:
    """Several files read in one go, as a worker process hands them back.

    `metas[k]` / `errors[k]`: the k-th file's meta, or why it was rejected
    (then none of its rows are in `tables`). `tables`: each raw table's rows
    of all the group's files as Arrow IPC stream bytes, with a leading int32
    `file_position` column (k), ready for the loader to swap for file ids.
    """

    metas: list[FileMeta | None]
    errors: list[str | None]
    tables: dict[str, bytes]

    def table(self, name: str) -> pa.Table:
        return pa.ipc.open_stream(self.tables[name]).read_all()


POSITION = "file_position"


def read_group(paths: list[str]) -> GroupResult:
    """Read many small files together, so per-file fixed costs (Arrow conversion, schema
    work, one message between processes) are paid once per group instead of per file."""
    group = FileGroup()
    metas: list[FileMeta | None] = []
    errors: list[str | None] = []
    other: dict[str, list[tuple[int, pa.RecordBatch]]] = {}
    for position, name in enumerate(paths):
        path = Path(name)
        meta = FileMeta()
        try:
            with open(path, "rb") as handle:
                data = handle.read()
            head = data[:HEAD_BYTES]
            if looks_like_x12(head) or _X12_START.match(head):
                found = group.add(data, path.name)
                meta.row_counts = {f"x12_{t}": n for t, n in found.counts.items()}
                kinds: set[str] = set()
                _note_transactions(meta, kinds, found.transactions)
                meta.kind = "+".join(sorted(kinds)) or "x12"
            else:
                group.skip(path.name)
                batches = list(_csv_batches(path, head, meta))
                for table, batch in batches:
                    meta.row_counts[table] = meta.row_counts.get(table, 0) + batch.num_rows
                    other.setdefault(table, []).append((position, batch))
        except REJECTIONS as exc:
            metas.append(None)
            errors.append(str(exc))
            continue
        metas.append(meta)
        errors.append(None)
    converted, rejected = group.finish()
    for position, error in rejected.items():
        metas[position] = None
        errors[position] = str(error)
    tables: dict[str, list[pa.RecordBatch]] = {}
    for table, pairs in converted.items():
        for batch, positions in pairs:
            tables.setdefault(f"x12_{table}", []).append(_positioned(batch, positions))
    for table, items in other.items():
        for position, batch in items:
            positions = pa.array(np.full(batch.num_rows, position, dtype=np.int32))
            tables.setdefault(table, []).append(_positioned(batch, positions))
    return GroupResult(metas, errors, {t: _ipc(b) for t, b in tables.items()})


def _positioned(batch: pa.RecordBatch, positions: pa.Array) -> pa.RecordBatch:
    return pa.RecordBatch.from_arrays(
        [positions, *batch.columns],
        schema=pa.schema([pa.field(POSITION, pa.int32()), *batch.schema]),
    )


def _ipc(batches: list[pa.RecordBatch]) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batches[0].schema) as writer:
        for batch in batches:
            writer.write_batch(batch)
    return sink.getvalue().to_pybytes()


def _csv_batches(path: Path, head: bytes, meta: FileMeta) -> Iterator[tuple[str, pa.RecordBatch]]:
    extract = csv_extracts.detect(head)
    if extract is None:
        raise UnknownFileKind(
            f"{path.name}: not an X12 interchange (no ISA segment at the start) and not "
            "a known CSV extract (header row not recognised)"
        )
    meta.kind = f"csv:{extract.name}"
    return ((f"csv_{extract.name}", b) for b in csv_extracts.read(path, extract))


def _note_transactions(
    meta: FileMeta, kinds: set[str], transactions: Iterable[dict[str, str | None]]
) -> None:
    for row in transactions:
        kind = row["transaction_kind"]
        if kind:
            kinds.add(kind)
        meta.transaction_control_numbers.append(row["transaction_control_number"])  # type: ignore[arg-type]
        sender = row["sender_id"]
        control = row["interchange_control_number"]
        key = f"{sender}/{control}"
        if key not in meta.interchange_keys:
            meta.interchange_keys.append(key)
            meta.sender_ids.append(sender)  # type: ignore[arg-type]
            meta.interchange_control_numbers.append(control)  # type: ignore[arg-type]


def _x12_batches(path: Path, meta: FileMeta) -> Iterator[tuple[str, pa.RecordBatch]]:
    kinds: set[str] = set()
    for table, batch in iter_batches(path, name=path.name):
        if table == "transactions":
            _note_transactions(meta, kinds, batch.to_pylist())
        yield f"x12_{table}", batch
    meta.kind = "+".join(sorted(kinds)) or "x12"
