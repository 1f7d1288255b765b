"""The engine's entry points: a file or stream in, Arrow batches out."""

from __future__ import annotations

import gc
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa

from etl.x12.batches import Output
from etl.x12.envelope import Envelopes
from etl.x12.schemas import TABLES
from etl.x12.tokenizer import CHUNK_SIZE, Segments

Source = str | os.PathLike[str] | BinaryIO | bytes


def iter_batches(
    source: Source,
    *,
    name: str | None = None,
    batch_rows: int = 50_000,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[tuple[str, pa.RecordBatch]]:
    """Stream `(table_name, RecordBatch)` pairs, each batch of `schemas.TABLES[table_name]`.

    Batches come out as buffers fill, so a large file never sits in memory;
    an X12Error can therefore follow batches already yielded, and the caller
    discards what it took from this file. Row ordinals are 1-based:
    `transaction_index` counts ST segments and `claim_index` CLM/CLP segments
    from the start of the file.
    """
    if batch_rows < 1:
        raise ValueError("batch_rows must be at least 1")
    if isinstance(source, (bytes, bytearray, memoryview)):
        stream: BinaryIO = io.BytesIO(bytes(source))
        label = name or "<stream>"
        owned = False
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        label = name or path.name
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after the generator ends
        owned = True
    else:
        stream = source
        label = name or "<stream>"
        owned = False
    collector = _Collector()
    try:
        segments = Segments(stream, label, chunk_size)
        out = Output(label, segments.delimiters.element)
        envelopes = Envelopes(segments, out)
        collector.pause()
        for _ in envelopes.run():
            ready = list(out.full(batch_rows))
            if ready:
                collector.resume()
                yield from ready
                collector.pause()
        ready = list(out.rest())
        collector.resume()
        yield from ready
    finally:
        collector.resume()
        if owned:
            stream.close()


def parse(source: Source, *, name: str | None = None) -> dict[str, pa.Table]:
    """The whole file as one Table per table name that had rows."""
    batches: dict[str, list[pa.RecordBatch]] = {}
    for table, batch in iter_batches(source, name=name):
        batches.setdefault(table, []).append(batch)
    return {
        table: pa.Table.from_batches(parts, schema=TABLES[table])
        for table, parts in batches.items()
    }


class _Collector:
    """Pauses the cyclic garbage collector while this module builds rows.

    The parse allocates millions of small lists and tuples that live until
    their batch is built; the collector would walk them over and over (a
    quarter of the run time) looking for cycles they cannot form. The
    caller's code, between batches, runs with the collector as it had it.
    """

    def __init__(self) -> None:
        self._was_enabled = gc.isenabled()
        self._paused = False

    def pause(self) -> None:
        if self._was_enabled and not self._paused:
            gc.disable()
            self._paused = True

    def resume(self) -> None:
        if self._paused:
            gc.enable()
            self._paused = False
