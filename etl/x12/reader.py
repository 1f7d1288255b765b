"""The engine's entry points: a file or stream in, Arrow batches out."""

from __future__ import annotations

import gc
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from rcm.etl.x12.batches import TRANSACTIONS, Output
from rcm.etl.x12.envelope import Envelopes
from rcm.etl.x12.errors import X12Error
from rcm.etl.x12.schemas import TABLES
from rcm.etl.x12.tokenizer import CHUNK_SIZE, ByteStream, Segments

Source = str | os.PathLike[str] | ByteStream | bytes


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
        stream: ByteStream = io.BytesIO(bytes(source))
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


def _open(source: Source, name: str | None) -> tuple[ByteStream, str, bool]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(source)), name or "<stream>", False
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        return open(path, "rb"), name or path.name, True
    return source, name or "<stream>", False


# The transactions columns a loader's ledger records for each file.
_LEDGER_FIELDS = (
    "transaction_kind",
    "transaction_control_number",
    "sender_id",
    "interchange_control_number",
)


@dataclass
class FileRows:
    """What one file of a group added: rows per table, and its transactions' ledger fields."""

    counts: dict[str, int]
    transactions: list[dict[str, str]]


# A converted batch and, per row, the group position of the file it came from.
Positioned = tuple[pa.RecordBatch, pa.Array]


@dataclass
class _Span:
    separator: str
    start: list[int]
    end: list[int]


class FileGroup:
    """Many small files parsed into one set of row buffers and converted to Arrow together.

    Turning rows into Arrow has a fixed cost of about half a millisecond per
    table and call, and a billing office's day is thousands of files of a few
    kilobytes each: converted file by file, that fixed cost outweighs the
    parse. Here each file appends to shared buffers; a file that fails is cut
    back out (its rows are the tail it added), and `finish` converts each table
    once, with the position of the file every row came from.
    """

    def __init__(self, chunk_size: int = CHUNK_SIZE) -> None:
        self.chunk_size = chunk_size
        self.names: list[str] = []
        self._outputs: dict[str, Output] = {}
        self._spans: list[_Span | None] = []

    def add(self, source: Source, name: str | None = None) -> FileRows:
        """Parse one whole file into the group; on X12Error none of its rows stay."""
        stream, label, owned = _open(source, name)
        self.names.append(label)
        self._spans.append(None)
        collector = _Collector()
        collector.pause()
        try:
            segments = Segments(stream, label, self.chunk_size)
            separator = segments.delimiters.element
            out = self._outputs.get(separator)
            if out is None:
                out = self._outputs[separator] = Output(label, separator)
            marks = out.start_file(label)
            try:
                for _ in Envelopes(segments, out).run():
                    pass
            except BaseException:
                out.rollback(marks)
                raise
        finally:
            collector.resume()
            if owned:
                stream.close()
        end = [len(buffer) for buffer in out.buffers.values()]
        self._spans[-1] = _Span(separator, marks, end)
        counts = {
            table: stop - begin
            for table, begin, stop in zip(out.buffers, marks, end, strict=True)
            if stop > begin
        }
        position = list(out.buffers).index("transactions")
        transactions = [
            {field: values[TRANSACTIONS[field]] for field in _LEDGER_FIELDS}
            for values in (
                row.split(separator)
                for row in out.buffers["transactions"].rows[marks[position] : end[position]]
            )
        ]
        return FileRows(counts, transactions)

    def skip(self, name: str) -> None:
        """Hold a position for a file that is not X12, so positions match the caller's list."""
        self.names.append(name)
        self._spans.append(None)

    def finish(self) -> tuple[dict[str, list[Positioned]], dict[int, X12Error]]:
        """Every table's batches, each with the group position of its rows' files (int32).

        A value that does not convert (a bad amount or date) rejects its file:
        the second dict maps such files' positions to their errors, and their
        rows are not in the batches.
        """
        tables: dict[str, list[Positioned]] = {}
        rejected: dict[int, X12Error] = {}
        for separator, out in self._outputs.items():
            members = [
                k for k, span in enumerate(self._spans) if span and span.separator == separator
            ]
            try:
                converted = self._convert(out, members)
            except X12Error:
                rejected.update(self._failures(out, members))
                members = [k for k in members if k not in rejected]
                converted = self._convert(out, members)
            for table, pair in converted.items():
                tables.setdefault(table, []).append(pair)
            for buffer in out.buffers.values():
                buffer.rows.clear()
        return tables, rejected

    def _convert(self, out: Output, members: list[int]) -> dict[str, Positioned]:
        converted = {}
        for t, (table, buffer) in enumerate(out.buffers.items()):
            counts = [self._spans[k].end[t] - self._spans[k].start[t] for k in members]  # type: ignore[union-attr]
            if not sum(counts):
                continue
            if sum(counts) == len(buffer.rows):
                rows = buffer.rows
            else:
                rows = [
                    row
                    for k in members
                    for row in buffer.rows[self._spans[k].start[t] : self._spans[k].end[t]]  # type: ignore[union-attr]
                ]
            buffer.file = "<group>"
            batch = buffer.convert(rows)
            positions = pa.array(np.repeat(np.array(members, dtype=np.int32), counts))
            converted[table] = (batch, positions)
        return converted

    def _failures(self, out: Output, members: list[int]) -> dict[int, X12Error]:
        """Convert file by file to find which files hold the values that did not convert."""
        failures: dict[int, X12Error] = {}
        for k in members:
            span = self._spans[k]
            assert span is not None
            for t, buffer in enumerate(out.buffers.values()):
                if span.end[t] == span.start[t]:
                    continue
                buffer.file = self.names[k]
                try:
                    buffer.convert(buffer.rows[span.start[t] : span.end[t]])
                except X12Error as error:
                    failures[k] = error
                    break
        return failures


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
