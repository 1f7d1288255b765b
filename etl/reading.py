"""One input file in, its kind and its Arrow batches out: X12 or a known CSV extract.

Pure (no database), so it runs in the loader's process for large files, which
stream with flat memory, and in worker processes for the many small files of
a billing office's day, which parse side by side on every core.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from etl import csv_extracts
from etl.x12 import X12Error, iter_batches, looks_like_x12

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
        extract = csv_extracts.detect(head)
        if extract is None:
            raise UnknownFileKind(
                f"{path.name}: not an X12 interchange (no ISA segment at the start) and not "
                "a known CSV extract (header row not recognised)"
            )
        meta.kind = f"csv:{extract.name}"
        batches = ((f"csv_{extract.name}", b) for b in csv_extracts.read(path, extract))
    for table, batch in batches:
        sink(table, batch)
        meta.row_counts[table] = meta.row_counts.get(table, 0) + batch.num_rows
    return meta


def read_whole(path: str) -> tuple[FileMeta | None, list[tuple[str, pa.RecordBatch]], str | None]:
    """The whole file at once, for a worker process: (meta, batches, None) or (None, [], error)."""
    batches: list[tuple[str, pa.RecordBatch]] = []
    try:
        meta = read_file(Path(path), lambda table, batch: batches.append((table, batch)))
    except REJECTIONS as exc:
        return None, [], str(exc)
    return meta, batches, None


def _x12_batches(path: Path, meta: FileMeta) -> Iterator[tuple[str, pa.RecordBatch]]:
    kinds: set[str] = set()
    for table, batch in iter_batches(path, name=path.name):
        if table == "transactions":
            rows = batch.to_pydict()
            kinds.update(k for k in rows["transaction_kind"] if k)
            meta.transaction_control_numbers.extend(rows["transaction_control_number"])
            for sender, control in zip(
                rows["sender_id"], rows["interchange_control_number"], strict=True
            ):
                key = f"{sender}/{control}"
                if key not in meta.interchange_keys:
                    meta.interchange_keys.append(key)
                    meta.sender_ids.append(sender)
                    meta.interchange_control_numbers.append(control)
        yield f"x12_{table}", batch
    meta.kind = "+".join(sorted(kinds)) or "x12"
