"""One input file in, its kind and its Arrow batches out: X12 or a known CSV extract.

Pure (no database), so it runs in the loader's process for large files, which
stream with flat memory, and in worker processes for the many small files of
a billing office's day, which parse side by side on every core.

The SHA-256 the ledger records is of the bytes parsed, computed from those
same bytes as they are read (small files are read once, whole; large ones
through a stream that hashes what passes through it), so a file that changes
between discovery and parse can never be recorded under the other version's
hash.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import re
import signal
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa

from rcm.etl import csv_extracts
from rcm.etl.x12 import FileGroup, X12Error, iter_batches, looks_like_x12
from rcm.etl.x12.tokenizer import ByteStream

HEAD_BYTES = 4096
# A segment id and an element separator: X12 text, with or without its ISA.
_X12_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*[A-Z][A-Z0-9]{1,2}[*|^~:!]")
_PR_SET_PDEATHSIG = 1

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


@dataclass(frozen=True)
class BytesRead:
    """The SHA-256 and length of the bytes a parse actually read."""

    sha256: str
    size_bytes: int


class HashingReader:
    """A binary stream that hashes every byte read through it, whoever reads it.

    `head()` peeks at the first bytes without losing them for the parser;
    `finish()` reads what the parser left (trailing bytes) so the digest is of
    the whole file as it was read.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._digest = hashlib.sha256()
        self._size = 0
        self._pending = b""
        self.closed = False

    def _take(self, n: int) -> bytes:
        data = self._raw.read(n)
        self._digest.update(data)
        self._size += len(data)
        return data

    def head(self, n: int) -> bytes:
        while len(self._pending) < n:
            more = self._take(n - len(self._pending))
            if not more:
                break
            self._pending += more
        return self._pending[:n]

    def read(self, n: int | None = -1) -> bytes:
        if n is None or n < 0:
            data, self._pending = self._pending + self._take(-1), b""
            return data
        parts = [self._pending[:n]]
        self._pending = self._pending[n:]
        got = len(parts[0])
        while got < n:
            more = self._take(n - got)
            if not more:
                break
            parts.append(more)
            got += len(more)
        return b"".join(parts)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        self.closed = True

    def finish(self) -> BytesRead:
        while self._take(1 << 20):
            pass
        return BytesRead(self._digest.hexdigest(), self._size)


def bytes_read(data: bytes) -> BytesRead:
    return BytesRead(hashlib.sha256(data).hexdigest(), len(data))


def read_file(
    path: Path, sink: Sink, name: str | None = None
) -> tuple[FileMeta | None, str | None, BytesRead]:
    """Send every batch of the file to `sink` as (raw table name, batch).

    Returns the file's meta, or None and why it was rejected (then the caller
    takes back what `sink` got), with the hash of the bytes read. Streams: the
    file is read once, through a hashing stream, whatever its size; after a
    rejection the rest is read too, so the hash is always of the whole file.
    `name` is how messages call the file (default: its name). OSError propagates.
    """
    label = name or path.name
    meta = FileMeta()
    with open_regular(path) as handle:
        stream = HashingReader(handle)
        try:
            head = stream.head(HEAD_BYTES)
            if looks_like_x12(head) or _X12_START.match(head):
                batches = _x12_batches(stream, label, meta)
            else:
                batches = _csv_batches(stream, label, head, meta)
            for table, batch in batches:
                sink(table, batch)
                meta.row_counts[table] = meta.row_counts.get(table, 0) + batch.num_rows
        except REJECTIONS as exc:
            return None, str(exc), stream.finish()
        return meta, None, stream.finish()


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a regular file for reading, never blocking on a FIFO that took its place."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", os.fsdecode(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


@dataclass
class GroupResult:
    """Several files read in one go, as a worker process hands them back.

    `metas[k]` / `errors[k]`: the k-th file's meta, or why it was rejected
    (then none of its rows are in `tables`). `read[k]`: the hash and length of
    the bytes parsed, None when the file could not be read at all. `tables`:
    each raw table's rows of all the group's files as Arrow IPC stream bytes,
    with a leading int32 `file_position` column (k), ready for the loader to
    swap for file ids.
    """

    metas: list[FileMeta | None]
    errors: list[str | None]
    tables: dict[str, bytes]
    read: list[BytesRead | None] = field(default_factory=list)

    def table(self, name: str) -> pa.Table:
        return pa.ipc.open_stream(self.tables[name]).read_all()


POSITION = "file_position"


def read_group(paths: list[str], names: list[str] | None = None) -> GroupResult:
    """Read many small files together, so per-file fixed costs (Arrow conversion, schema
    work, one message between processes) are paid once per group instead of per file.

    Each file is read once: its bytes are hashed and parsed from the same buffer.
    `names[k]` is how messages call the k-th file (default: its name).
    """
    group = FileGroup()
    metas: list[FileMeta | None] = []
    errors: list[str | None] = []
    read: list[BytesRead | None] = []
    other: dict[str, list[tuple[int, pa.RecordBatch]]] = {}
    for position, name in enumerate(paths):
        path = Path(name)
        label = names[position] if names is not None else path.name
        meta = FileMeta()
        try:
            with open_regular(path) as handle:
                data = handle.read()
        except OSError as exc:
            group.skip(label)
            metas.append(None)
            errors.append(f"{label}: cannot be read: {exc.strerror or exc}")
            read.append(None)
            continue
        read.append(bytes_read(data))
        try:
            head = data[:HEAD_BYTES]
            if looks_like_x12(head) or _X12_START.match(head):
                found = group.add(data, label)
                meta.row_counts = {f"x12_{t}": n for t, n in found.counts.items()}
                kinds: set[str] = set()
                _note_transactions(meta, kinds, found.transactions)
                meta.kind = "+".join(sorted(kinds)) or "x12"
            else:
                group.skip(label)
                batches = list(_csv_batches(data, label, head, meta))
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
    return GroupResult(metas, errors, {t: _ipc(b) for t, b in tables.items()}, read)


def worker_started(parent_pid: int) -> None:
    """Initializer of a parse worker: it must not outlive the loader that started it.

    On Linux the kernel kills the worker when its parent dies (PR_SET_PDEATHSIG),
    however the parent ends, SIGKILL included; a parent that died before this
    ran is caught by its pid. Ctrl+C reaches the whole process group: the
    loader handles it and shuts its workers down, so they ignore it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


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


def _csv_batches(
    source: bytes | ByteStream, name: str, head: bytes, meta: FileMeta
) -> Iterator[tuple[str, pa.RecordBatch]]:
    csv_extracts.check_encoding(head, name)
    extract = csv_extracts.detect(head)
    if extract is None:
        reason = csv_extracts.near_miss(head) or (
            "not an X12 interchange (no ISA segment at the start) and not "
            "a known CSV extract (header row not recognised)"
        )
        raise UnknownFileKind(f"{name}: {reason}")
    meta.kind = f"csv:{extract.name}"
    return ((f"csv_{extract.name}", b) for b in csv_extracts.read(source, extract, name))


def _note_transactions(
    meta: FileMeta, kinds: set[str], transactions: Iterable[Mapping[str, str | None]]
) -> None:
    # Arrow batches carry an empty element as null, a file group as "": both are "" here.
    for row in transactions:
        kind = row["transaction_kind"]
        if kind:
            kinds.add(kind)
        meta.transaction_control_numbers.append(row["transaction_control_number"] or "")
        sender = row["sender_id"] or ""
        control = row["interchange_control_number"] or ""
        key = f"{sender}/{control}"
        if key not in meta.interchange_keys:
            meta.interchange_keys.append(key)
            meta.sender_ids.append(sender)
            meta.interchange_control_numbers.append(control)


def _x12_batches(
    stream: ByteStream, name: str, meta: FileMeta
) -> Iterator[tuple[str, pa.RecordBatch]]:
    kinds: set[str] = set()
    for table, batch in iter_batches(stream, name=name):
        if table == "transactions":
            _note_transactions(meta, kinds, batch.to_pylist())
        yield f"x12_{table}", batch
    meta.kind = "+".join(sorted(kinds)) or "x12"
