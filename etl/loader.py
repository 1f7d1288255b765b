"""Files in, raw tables and the file ledger out, in a snapshot being written.

Each file is parsed by a pure reader (`rcm.etl.reading`) and its Arrow batches are
appended to the `raw` tables; a file lands whole or not at all: a file that
cannot be parsed has every row it already sent taken back, is copied to the
quarantine folder with its error, and is listed in the ledger, while the other
files of the run still load. What comes after the raw tables (the models of
`sql/`, the checks, publishing) is the pipeline's (`rcm.pipeline`); `writing`
wraps all of it, so a load that fails or is killed leaves the published
warehouse as it was and keeps no quarantine copy of its own.

Files are hashed when found, to skip the ones already loaded or rejected
without parsing them; the ledger records the hash of the bytes the parse read.
When the two differ, the file changed while it was read (a file still being
written): it is rejected, nothing of it is kept, and the next load reads it
again. Whatever a folder holds that is not loaded (hidden files, READMEs,
pipes, sockets, broken links, unreadable files, a link back to a folder
already read) is listed in the report as skipped, with the reason.
"""

from __future__ import annotations

import contextlib
import errno
import multiprocessing
import os
import re
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import duckdb
import numpy as np
import pyarrow as pa
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from rcm.etl import ledger, raw_tables, reference
from rcm.etl.ledger import FileResult, label_of, printable, text_of
from rcm.etl.reading import BytesRead, FileMeta, GroupResult, read_file, read_group, worker_started
from rcm.warehouse import SnapshotWriter, Warehouse, WarehouseError

SKIPPED_NAMES = {"README", "README.md", "README.txt"}
# Files up to this size are parsed whole in worker processes; larger ones
# stream through the loader's own process so memory stays flat.
WORKER_FILE_LIMIT = 64 << 20
# Below this much new data, starting worker processes costs more than it saves.
WORKER_MIN_BYTES = 8 << 20
# Small files are read in groups of up to this many bytes or files: one Arrow
# conversion per table and one message back from the worker for the whole group.
GROUP_BYTES = 4 << 20
GROUP_FILES = 1000
# A quarantine copy keeps at most this many bytes of data (holes stay holes), so a
# huge or sparse rejected file cannot fill the disk; the note says when it was cut.
QUARANTINE_KEEP_BYTES = 64 << 20
QUARANTINE_NAME_CHARS = 100
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
# How DuckDB reports a file it could not write (it raises IO, transaction or
# memory errors for the same full disk, depending on where the write failed).
_WRITE_FAILURE = re.compile(
    r"No space left|Read-only file system|Permission denied|File too large|Disk quota"
    r"|Could not (?:write|open|create|truncate|sync)|Cannot open file",
    re.IGNORECASE,
)


class LoadFailed(WarehouseError):
    """The load could not write (disk full, read-only folder...): nothing was published."""


@dataclass(frozen=True)
class Found:
    """A regular file to load: where it is, its size when found, how messages name it."""

    path: Path
    size_bytes: int
    label: str


@dataclass(frozen=True)
class Skipped:
    """Something under the given paths that is not loaded, and why."""

    path: str
    reason: str


@dataclass
class Discovery:
    files: list[Found] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


@dataclass
class LoadReport:
    run_id: int
    results: list[FileResult] = field(default_factory=list)
    snapshot_number: int | None = None
    seconds: float = 0.0
    table_rows: dict[str, int] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def refused(self) -> list[FileResult]:
        return [r for r in self.results if r.refused]


def discover(paths: Iterable[Path]) -> Discovery:
    """Every regular file under the given paths, folders recursed, in a stable order.

    Symbolic links to folders are followed; a folder already read (a link back
    to a parent, or two links to one folder) is read once. Nothing is opened
    here: a FIFO is known from its `stat` and skipped, so it cannot hang the load.
    """
    found = Discovery()
    folders: dict[tuple[int, int], str] = {}
    files: dict[tuple[int, int], str] = {}
    for path in paths:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            if not os.path.lexists(path):
                raise FileNotFoundError(f"{text_of(path)}: no such file or folder") from None
            found.skipped.append(Skipped(_shown(path), "a broken symbolic link"))
            continue
        except OSError as exc:
            found.skipped.append(Skipped(_shown(path), _cannot(exc)))
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk(Path(path), info, found, folders, files)
        else:
            _take(Path(path), info, found, files)
    return found


def _walk(
    folder: Path,
    info: os.stat_result,
    found: Discovery,
    folders: dict[tuple[int, int], str],
    files: dict[tuple[int, int], str],
) -> None:
    key = (info.st_dev, info.st_ino)
    if key in folders:
        found.skipped.append(
            Skipped(_shown(folder), f"the folder {folders[key]} again (already read)")
        )
        return
    folders[key] = _shown(folder)
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        found.skipped.append(Skipped(_shown(folder), f"folder {_cannot(exc, 'listed')}"))
        return
    for entry in entries:
        path = folder / entry.name
        if entry.name.startswith("."):
            found.skipped.append(Skipped(_shown(path), "hidden (name starts with a dot)"))
            continue
        try:
            entry_info = entry.stat()  # follows links
        except FileNotFoundError:
            found.skipped.append(Skipped(_shown(path), "a broken symbolic link"))
            continue
        except OSError as exc:
            reason = "a symbolic link loop" if exc.errno == errno.ELOOP else _cannot(exc)
            found.skipped.append(Skipped(_shown(path), reason))
            continue
        if stat.S_ISDIR(entry_info.st_mode):
            _walk(path, entry_info, found, folders, files)
        elif entry.name in SKIPPED_NAMES:
            found.skipped.append(Skipped(_shown(path), "a README, not data"))
        else:
            _take(path, entry_info, found, files)


def _take(
    path: Path, info: os.stat_result, found: Discovery, files: dict[tuple[int, int], str]
) -> None:
    mode = info.st_mode
    if not stat.S_ISREG(mode):
        found.skipped.append(Skipped(_shown(path), _kind_of(mode)))
        return
    key = (info.st_dev, info.st_ino)
    if key in files:
        found.skipped.append(Skipped(_shown(path), f"the same file as {files[key]}"))
        return
    files[key] = _shown(path)
    found.files.append(Found(path, info.st_size, label_of(path)))


def _shown(path: str | os.PathLike[str]) -> str:
    return printable(text_of(path))


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file: never opened"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    return "not a regular file"


def _cannot(exc: OSError, what: str = "read") -> str:
    return f"cannot be {what}: {exc.strerror or exc}"


@dataclass
class Prepared:
    """The files of a load, found and hashed before any writer is opened.

    `quarantined` collects the copies `load_raw` makes of refused files, so that
    `writing` can remove them when the snapshot is not published.
    """

    files: list[Found]
    hashes: dict[Path, str]
    skipped: list[Skipped]
    started: float
    quarantined: list[Path] = field(default_factory=list)


def prepare(paths: Iterable[Path]) -> Prepared:
    """Find and hash every file under `paths`; nothing is opened in the warehouse."""
    started = time.perf_counter()
    found = discover(paths)
    files, hashes, skipped = _hashed(found)
    return Prepared(files, hashes, skipped, started)


def already_loaded(
    con: duckdb.DuckDBPyConnection, prepared: Prepared, snapshot_number: int
) -> LoadReport | None:
    """The report of a load that has nothing to do, or None when it has.

    Nothing to do: every file's bytes are already loaded or rejected and no
    reference file changed. Loading the same bytes again must change nothing,
    not even publish an identical snapshot, so this reads the published
    snapshot (`con`) only; the caller adds the row counts.
    """
    known = ledger.known_hashes(con)
    if any(digest not in known for digest in prepared.hashes.values()) or reference.changed(con):
        return None
    report = LoadReport(run_id=0, snapshot_number=snapshot_number, skipped=prepared.skipped)
    for item in prepared.files:
        digest = prepared.hashes[item.path]
        status, message = known[digest].outcome()
        report.results.append(
            FileResult(
                path=Path(text_of(item.path)),
                size_bytes=item.size_bytes,
                sha256=digest,
                status=status,
                error=message,
            )
        )
    return report


@contextlib.contextmanager
def writing(warehouse: Warehouse, prepared: Prepared) -> Iterator[None]:
    """Around everything a load does in its writer, the publish included.

    SIGTERM ends it as Ctrl+C does; when it fails nothing is published, so the
    run's quarantine copies go with its snapshot; a warehouse that cannot be
    written (disk full, read-only) raises `LoadFailed` with one line, leaving
    no partial file.
    """
    try:
        with _terminate_cleanly():
            yield
    except BaseException as exc:
        _remove(prepared.quarantined)
        if isinstance(exc, OSError) or (
            isinstance(exc, duckdb.Error) and _WRITE_FAILURE.search(str(exc))
        ):
            raise LoadFailed(_write_failure(warehouse, exc)) from None
        raise


def load_raw(
    writer: SnapshotWriter,
    prepared: Prepared,
    *,
    progress: bool = False,
    workers: int | None = None,
) -> LoadReport:
    """Parse the new files of `prepared` into the raw tables of the snapshot being written,
    and record every file in the ledger; the models are not run here.

    `workers` parse processes (default: one per core) take the small files when
    there is enough new data to be worth starting them. Run it inside
    `writing(warehouse, prepared)`, which owns what a failure leaves behind.
    """
    con = writer.connection
    ledger.ensure_tables(con)
    raw_tables.ensure(con)
    reference.ensure(con)
    run = ledger.RunLedger(con)
    raw = raw_tables.RawWriter(con)
    files, hashes = prepared.files, prepared.hashes
    report = LoadReport(run_id=run.run_id, snapshot_number=writer.number, skipped=prepared.skipped)
    new = [f for f in files if hashes[f.path] not in run.known]
    with (
        _progress(progress, sum(f.size_bytes for f in files), len(files)) as advance,
        _parsed_ahead(new, workers) as parsed,
    ):
        for item in files:
            result = _load_one(
                writer.warehouse, run, raw, item, hashes[item.path], parsed, prepared.quarantined
            )
            report.results.append(result)
            advance(item.label, result.size_bytes)
        parsed.check()
    raw.flush()
    run.write(writer.number)
    report.seconds = time.perf_counter() - prepared.started
    return report


def _hashed(found: Discovery) -> tuple[list[Found], dict[Path, str], list[Skipped]]:
    """The SHA-256 of every file as found; a file that cannot be read is skipped, with why."""
    files: list[Found] = []
    hashes: dict[Path, str] = {}
    skipped = list(found.skipped)
    for item in found.files:
        try:
            hashes[item.path] = ledger.sha256_of(item.path)
        except OSError as exc:
            skipped.append(Skipped(_shown(item.path), _cannot(exc)))
            continue
        files.append(item)
    return files, hashes, skipped


def _write_failure(warehouse: Warehouse, exc: OSError | duckdb.Error) -> str:
    if isinstance(exc, OSError):
        detail = exc.strerror or str(exc)
        if exc.filename:
            detail += f" ({text_of(exc.filename)})"
    else:
        detail = str(exc).strip().splitlines()[0].removeprefix("TransactionContext Error: ")
    return (
        f"the load could not write to {text_of(warehouse.root)}: {detail}; "
        "nothing was published and the warehouse is as it was"
    )


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """SIGTERM ends the load as Ctrl+C does: the snapshot is abandoned, workers shut down."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _load_one(
    warehouse: Warehouse,
    run: ledger.RunLedger,
    raw: raw_tables.RawWriter,
    found: Found,
    digest: str,
    parsed: ParsedAhead,
    quarantined: list[Path],
) -> FileResult:
    """Append one file to the raw buffer, or take all of it back and quarantine it."""
    started = time.perf_counter()
    result = FileResult(path=Path(text_of(found.path)), size_bytes=found.size_bytes, sha256=digest)
    ahead = parsed.take(found.path)
    known = run.known.get(digest)
    if known is not None:
        result.status, result.error = known.outcome()
        if ahead is not None:
            ahead[0].seen(raw)
        run.add(result)
        return result
    file_id = result.file_id = run.new_file_id()

    def sink(table: str, batch: pa.RecordBatch) -> None:
        raw.add(table, file_id, batch)

    meta: FileMeta | None = None
    got: BytesRead | None = None
    try:
        if ahead is None:
            try:
                meta, error, got = read_file(found.path, sink, found.label)
            except OSError as exc:
                error = f"{found.label}: {_cannot(exc)}"
        else:
            group, position = ahead
            done = group.result()
            meta, error, got = done.metas[position], done.errors[position], done.read[position]
        if got is None:
            result.read_again = True
        else:
            if got.sha256 != digest:
                result.read_again = True
                error = (
                    f"{found.label}: the file changed while it was read ({found.size_bytes:,} "
                    f"bytes when found, {got.size_bytes:,} bytes read, different bytes): "
                    "nothing of it was loaded; the next load reads it again"
                )
            result.sha256, result.size_bytes = got.sha256, got.size_bytes
        if error is not None or meta is None:
            raw.discard(file_id)
            result.status = ledger.REJECTED
            result.error = error or f"{found.label}: not read"
            if not result.read_again:
                result.quarantine_path = _quarantine(warehouse, found, result, quarantined)
        else:
            if ahead is not None:
                ahead[0].keep(ahead[1], file_id)
            _take_meta(result, meta)
            result.status = ledger.LOADED
            owner = run.earlier_owner(result)
            if owner is not None:
                # Senders that reuse control numbers exist; a real resend is caught by
                # its bytes. Load it, and say so where the ledger is read.
                result.warning = (
                    f"interchange {', '.join(result.interchange_keys)} was also loaded from "
                    f"{owner}, with different bytes: check this is not a resend"
                )
    finally:
        if ahead is not None:
            ahead[0].seen(raw)
    result.seconds = time.perf_counter() - started
    run.add(result)
    return result


def _take_meta(result: FileResult, meta: FileMeta) -> None:
    result.kind = meta.kind
    result.row_counts = meta.row_counts
    result.sender_ids = meta.sender_ids
    result.interchange_control_numbers = meta.interchange_control_numbers
    result.interchange_keys = meta.interchange_keys
    result.transaction_control_numbers = meta.transaction_control_numbers


class _Group:
    """Small files read together (in a worker, or here), and the file ids the run gives them.

    The loader visits the group's files in order; when it has seen them all,
    the rows of the files it kept go to the raw tables in one piece per table,
    each row's group position swapped for its file's id.
    """

    def __init__(self, files: list[Found], pool: ProcessPoolExecutor | None) -> None:
        self.files = files
        self.names = [os.fspath(f.path) for f in files]
        self.labels = [f.label for f in files]
        self.future = pool.submit(read_group, self.names, self.labels) if pool else None
        self.file_ids = np.full(len(files), -1, dtype=np.int32)
        self.visited = 0
        self._result: GroupResult | None = None

    def result(self) -> GroupResult:
        if self._result is None:
            self._result = (
                self.future.result()
                if self.future is not None
                else read_group(self.names, self.labels)
            )
        return self._result

    def keep(self, position: int, file_id: int) -> None:
        self.file_ids[position] = file_id

    @property
    def finished(self) -> bool:
        return self.visited == len(self.files)

    def seen(self, raw: raw_tables.RawWriter) -> None:
        self.visited += 1
        if not self.finished:
            return
        kept = self.file_ids >= 0
        if kept.any():
            done = self.result()
            ids = frozenset(int(f) for f in self.file_ids[kept])
            for table in done.tables:
                rows = done.table(table)
                file_ids = self.file_ids[rows.column(0).to_numpy()]
                rows = rows.set_column(0, FILE_ID, pa.array(file_ids, pa.int32()))
                if not kept.all():
                    rows = rows.filter(pa.array(file_ids >= 0))
                raw.add_files(table, rows, ids)
        self._result = None
        self.future = None


FILE_ID = pa.field("file_id", pa.int32())


class ParsedAhead:
    """Small files read in groups (in worker processes when there is a pool), in file
    order, a bounded number of groups ahead."""

    def __init__(self, pool: ProcessPoolExecutor | None, files: list[Found], window: int) -> None:
        self.pool = pool
        self.queue = iter(_grouped(files))
        self.window = max(window, 1)
        self.where: dict[Path, tuple[_Group, int]] = {}
        self.active: list[_Group] = []
        self._top_up()

    def _top_up(self) -> None:
        self.active = [g for g in self.active if not g.finished]
        while len(self.active) < self.window:
            items = next(self.queue, None)
            if items is None:
                return
            group = _Group(items, self.pool)
            self.active.append(group)
            for position, item in enumerate(items):
                self.where[item.path] = (group, position)

    def take(self, path: Path) -> tuple[_Group, int] | None:
        """This file's group and position, or None when the loader must stream it itself."""
        self._top_up()
        return self.where.pop(path, None)

    def check(self) -> None:
        """Every group read must have been seen whole, or rows would be missing."""
        self._top_up()
        if self.active or self.where:
            raise RuntimeError("the loader skipped files it had read ahead")


def _grouped(files: list[Found]) -> Iterator[list[Found]]:
    group: list[Found] = []
    size = 0
    for item in {f.path: f for f in files}.values():
        if group and (size >= GROUP_BYTES or len(group) >= GROUP_FILES):
            yield group
            group, size = [], 0
        group.append(item)
        size += item.size_bytes
    if group:
        yield group


@contextlib.contextmanager
def _parsed_ahead(new_files: list[Found], workers: int | None) -> Iterator[ParsedAhead]:
    small = [f for f in new_files if f.size_bytes <= WORKER_FILE_LIMIT]
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 2 or sum(f.size_bytes for f in small) < WORKER_MIN_BYTES:
        yield ParsedAhead(None, small, 1)
        return
    # spawn, not fork: the loader holds DuckDB and Arrow thread pools. Workers die
    # with the loader, however it ends (see reading.worker_started).
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=worker_started,
        initargs=(os.getpid(),),
    )
    try:
        yield ParsedAhead(pool, small, window=workers * 2)
    except BaseException:
        # Interrupted or failed: groups not yet started are dropped, not waited for.
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _quarantine(
    warehouse: Warehouse, found: Found, result: FileResult, quarantined: list[Path]
) -> Path:
    """Keep a copy of the refused file beside a note of why, named by its hash.

    Names are made safe (letters, digits, `._-`, at most QUARANTINE_NAME_CHARS);
    both files are written under a temporary name and renamed, so a full disk
    leaves neither half written.
    """
    folder = warehouse.quarantine_dir
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{result.sha256[:12]}-{_safe_name(found.path.name)}"
    note = target.with_name(target.name + ".error.txt")
    for path in (target, note):
        if not path.exists():
            quarantined.append(path)
    try:
        kept = _copy_bounded(found.path, target, QUARANTINE_KEEP_BYTES)
    except _SourceGone as exc:
        kept = f"no copy could be made: {exc}"
    text = f"{result.error}\nsource: {result.path}\nsha256: {result.sha256}\n"
    if kept:
        text += f"{kept}\n"
    _write_atomically(note, text.encode("utf-8"))
    return target


def _safe_name(name: str) -> str:
    safe = _UNSAFE_NAME.sub("_", text_of(name)).strip("._") or "file"
    if len(safe) <= QUARANTINE_NAME_CHARS:
        return safe
    suffix = Path(safe).suffix[:16]
    return safe[: QUARANTINE_NAME_CHARS - len(suffix)] + suffix


class _SourceGone(Exception):
    """The refused file could not be read again to copy it (moved or removed since)."""


_ZEROS = bytes(1 << 20)


def _copy_bounded(source: Path, target: Path, limit: int) -> str:
    """Copy `source` to `target`, holes and zero blocks left as holes, at most `limit`
    bytes of data; returns a note when the copy is cut short, else ''."""
    try:
        src = ledger.open_regular(source)
    except OSError as exc:
        raise _SourceGone(exc.strerror or str(exc)) from None
    part = target.with_name(target.name + ".part")
    with src:
        fd_in = src.fileno()
        size = os.fstat(fd_in).st_size
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            kept, end = _copy_data(fd_in, fd, size, limit)
            os.ftruncate(fd, end)
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                part.unlink()
            raise
        os.close(fd)
    try:
        os.replace(part, target)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise
    if end < size:
        return (
            f"only the first {end:,} of {size:,} bytes are kept here ({kept:,} bytes of data), "
            "so a huge file cannot fill the disk; the whole file is at its source"
        )
    return ""


def _copy_data(fd_in: int, fd_out: int, size: int, limit: int) -> tuple[int, int]:
    """Copy the data extents of fd_in (SEEK_DATA/SEEK_HOLE where the file system has them),
    skipping blocks of zeros; stop after `limit` bytes of data. Returns (data bytes
    written, where the copy ends)."""
    kept = 0
    offset = 0
    while offset < size:
        try:
            start = os.lseek(fd_in, offset, os.SEEK_DATA)
            stop = os.lseek(fd_in, start, os.SEEK_HOLE)
        except OSError as exc:
            if exc.errno == errno.ENXIO:  # only a hole is left
                return kept, size
            start, stop = offset, size
        position = start
        while position < stop:
            if kept >= limit:
                return kept, position
            block = os.pread(fd_in, min(len(_ZEROS), stop - position, limit - kept), position)
            if not block:
                return kept, size
            if block != _ZEROS[: len(block)]:
                os.pwrite(fd_out, block, position)
                kept += len(block)
            position += len(block)
        offset = stop
    return kept, size


def _write_atomically(path: Path, data: bytes) -> None:
    part = path.with_name(path.name + ".part")
    try:
        with open(part, "wb") as handle:
            handle.write(data)
        os.replace(part, path)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise


@contextlib.contextmanager
def _progress(enabled: bool, total_bytes: int, total_files: int) -> Iterator[Callable]:
    if not enabled:
        yield lambda name, size: None
        return
    columns = (
        TextColumn("[bold]loading[/] {task.fields[files]}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[name]}"),
    )
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("load", total=total_bytes, files=f"0/{total_files}", name="")
        done = 0

        def advance(name: str, size: int) -> None:
            nonlocal done
            done += 1
            bar.update(task, advance=size, files=f"{done}/{total_files}", name=name)

        yield advance
