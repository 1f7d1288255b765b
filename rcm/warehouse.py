"""Warehouse snapshots: one writer builds a new DuckDB file, readers only ever see published ones.

DuckDB lets one process hold a file read-write and then locks every other
process out, readers included. So a writer never opens the published file: it
copies it to a new snapshot, writes there, checkpoints, and publishes by
replacing a small pointer file with `os.replace` (atomic on POSIX). Readers
resolve the pointer each time they connect and open that file read-only. A
writer that fails or is killed leaves the published file and the pointer
untouched; its half-built snapshot is an orphan the next writer removes.

Layout of a warehouse folder::

    CURRENT             names the published snapshot: snapshots/rcm-000012.duckdb
    snapshots/          the published snapshot and the one before it (kept for
                        readers that resolved the pointer just before a publish)
                        and, while a writer runs, its `.building` file
    quarantine/         rejected input files, kept with their error
    writer.lock         held (flock) by the one writer
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import fcntl
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

POINTER = "CURRENT"
SNAPSHOT_DIR = "snapshots"
QUARANTINE_DIR = "quarantine"
LOCK_FILE = "writer.lock"
_SNAPSHOT_NAME = re.compile(r"^rcm-(\d{6,})\.duckdb$")
_BUILDING_SUFFIX = ".building"
# What a writer leaves beside a snapshot: DuckDB's write-ahead log, and the
# spill folder of a `.building` file (DuckDB's default `<database>.tmp`).
_OWN_FILE = re.compile(r"^rcm-\d{6,}\.duckdb(\.building)?(\.wal)?$")
_OWN_FOLDER = re.compile(r"^rcm-\d{6,}\.duckdb\.building\.tmp$")

log = logging.getLogger(__name__)

# Settings every sandboxed reader gets; `lock_configuration` makes them final
# for the connection, so a query cannot switch them back.
DEFAULT_TIME_LIMIT_MS = 30_000
DEFAULT_MEMORY_LIMIT = "2GB"
# Readers spill to a folder of their own process outside the warehouse (DuckDB's
# default, `<snapshot>.tmp` beside the file, would put it in the writer's way),
# capped so that one query cannot fill the disk.
READER_TEMP_ENV = "RCM_READER_TEMP"
READER_TEMP_LIMIT_ENV = "RCM_READER_TEMP_LIMIT"
READER_MEMORY_LIMIT_ENV = "RCM_READER_MEMORY_LIMIT"
DEFAULT_READER_TEMP_LIMIT = "2GB"
_READER_TEMP_PREFIX = "rcm-reader-"
# The as-of joins of the marts (balances at many dates) take a nested-loop plan
# when DuckDB guesses the date list is small, which is quadratic in claims.
# What duckdb.connect takes as `config`.
DuckDBConfig = dict[str, str | bool | int | float | list[str]]
PLANNER_CONFIG: DuckDBConfig = {"asof_loop_join_threshold": 0}

SANDBOX_CONFIG: DuckDBConfig = {
    "enable_external_access": False,
    "lock_configuration": True,
}


class WarehouseError(RuntimeError):
    """A warehouse problem worth one clear line to the user (no traceback)."""


class NoWarehouse(WarehouseError):
    """Nothing has been published yet."""


class WarehouseBusy(WarehouseError):
    """Another writer holds the warehouse."""


@dataclass(frozen=True)
class Snapshot:
    """A published warehouse file."""

    number: int
    path: Path

    @property
    def published_at(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.path.stat().st_mtime, tz=dt.UTC)


class Warehouse:
    """A warehouse folder of DuckDB snapshots with a single writer and any number of readers."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        # what the last garbage collection left in place, for the command line to show
        self.garbage_warnings: list[str] = []

    # -- paths ---------------------------------------------------------------

    @property
    def pointer(self) -> Path:
        return self.root / POINTER

    @property
    def snapshot_dir(self) -> Path:
        return self.root / SNAPSHOT_DIR

    @property
    def quarantine_dir(self) -> Path:
        return self.root / QUARANTINE_DIR

    # -- readers -------------------------------------------------------------

    def current(self) -> Snapshot:
        """The published snapshot, resolved from the pointer now."""
        try:
            name = self.pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise NoWarehouse(
                f"no warehouse has been published in {self.root} yet; run `rcm load` first"
            ) from None
        path = self.root / name
        match = _SNAPSHOT_NAME.match(path.name)
        if not match or not path.is_file():
            raise WarehouseError(f"{self.pointer} names {name!r}, which is not a snapshot here")
        return Snapshot(int(match.group(1)), path)

    def exists(self) -> bool:
        return self.pointer.is_file()

    def connect(
        self, *, sandbox: bool = True, time_limit_ms: int = DEFAULT_TIME_LIMIT_MS
    ) -> duckdb.DuckDBPyConnection:
        """A read-only connection to the published snapshot.

        With `sandbox` (the default) the connection cannot read or write files
        outside the warehouse, attach databases or install extensions, and
        cannot change those settings back. In one process every connection to
        the same file must share one configuration, so readers use the sandbox
        unless they have a reason not to. `time_limit_ms` stops any query
        that runs longer (0: no limit).
        """
        snapshot = self.current()
        # DuckDB refuses a temp_directory given before enable_external_access
        config = {**(SANDBOX_CONFIG if sandbox else {}), **reader_config()}
        config["max_execution_time"] = time_limit_ms
        return duckdb.connect(str(snapshot.path), read_only=True, config=config)

    @contextlib.contextmanager
    def reader(self, *, sandbox: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        con = self.connect(sandbox=sandbox)
        try:
            yield con
        finally:
            con.close()

    # -- the writer ----------------------------------------------------------

    @contextlib.contextmanager
    def writer(self, *, wait_seconds: float = 0.0, reason: str = "") -> Iterator[SnapshotWriter]:
        """Open a new snapshot for writing; publish it when the block ends without error.

        Only one writer at a time: a second one waits up to `wait_seconds` for
        the lock, then raises `WarehouseBusy`.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        self.snapshot_dir.mkdir(exist_ok=True)
        self.quarantine_dir.mkdir(exist_ok=True)
        with self._lock(wait_seconds):
            self._collect_garbage()
            try:
                writer = SnapshotWriter(self, reason)
            except BaseException:
                self._discard_unpublished()
                raise
            try:
                yield writer
                writer.publish()
            except BaseException:
                writer.abandon()
                self._discard_unpublished()
                raise
            self._collect_garbage()

    def _discard_unpublished(self) -> None:
        """After a failed copy, build or publish, remove what this writer left (a partial
        copy, a snapshot the pointer never named); the failure itself is what the caller
        must see, so a clean-up that cannot finish stays quiet."""
        with contextlib.suppress(OSError, WarehouseError):
            self._collect_garbage()

    @contextlib.contextmanager
    def _lock(self, wait_seconds: float) -> Iterator[None]:
        path = self.root / LOCK_FILE
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + wait_seconds
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
                        raise WarehouseBusy(
                            f"another writer ({holder or 'unknown process'}) is updating "
                            f"{self.root}; try again when it has finished"
                        ) from None
                    time.sleep(0.1)
            started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}, since {started}".encode(), 0)
            try:
                yield
            finally:
                os.ftruncate(fd, 0)
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _snapshot_numbers(self) -> list[int]:
        numbers = []
        for entry in self.snapshot_dir.iterdir():
            match = _SNAPSHOT_NAME.match(entry.name.removesuffix(_BUILDING_SUFFIX))
            if match:
                numbers.append(int(match.group(1)))
        return numbers

    def _collect_garbage(self) -> list[str]:
        """Keep the published snapshot and the one before it; remove the rest of our own.

        Runs only under the writer lock, so a snapshot that is not kept, its
        write-ahead log, and a `.building` file with its spill folder are
        orphans of a writer that failed or was killed. Anything else found
        here (a folder or file this module did not write) is left in place
        and reported: one warning per entry, logged and returned.
        """
        keep: set[str] = set()
        if self.exists():
            current = self.current()
            keep.add(current.path.name)
            older = sorted(n for n in self._snapshot_numbers() if n < current.number)
            if older:
                keep.add(_snapshot_name(older[-1]))
        warnings: list[str] = []
        for entry in sorted(self.snapshot_dir.iterdir()):
            if entry.name.removesuffix(".wal") in keep:
                continue
            problem = _remove_own(entry)
            if problem:
                warnings.append(problem)
        for entry in self.root.glob(f"{POINTER}.tmp-*"):
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
        for warning in warnings:
            log.warning(warning)
        self.garbage_warnings = warnings
        return warnings


def _remove_own(entry: Path) -> str | None:
    """Remove a leftover of a writer; a warning instead for anything else or on failure."""
    try:
        if entry.is_symlink() or not (entry.is_file() or entry.is_dir()):
            own = False
        elif entry.is_dir():
            own = bool(_OWN_FOLDER.match(entry.name))
        else:
            own = bool(_OWN_FILE.match(entry.name))
        if not own:
            return f"{entry} was not written by a warehouse writer; left in place"
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{entry} could not be removed ({exc.strerror or exc}); left in place"
    return None


class SnapshotWriter:
    """The one read-write connection of a load or check, on a private copy of the warehouse."""

    def __init__(self, warehouse: Warehouse, reason: str) -> None:
        self.warehouse = warehouse
        numbers = warehouse._snapshot_numbers()
        self.number = max(numbers, default=0) + 1
        self.final_path = warehouse.snapshot_dir / _snapshot_name(self.number)
        self.path = self.final_path.with_name(self.final_path.name + _BUILDING_SUFFIX)
        self.base: Snapshot | None = warehouse.current() if warehouse.exists() else None
        if self.base is not None:
            shutil.copyfile(self.base.path, self.path)
        self.connection = duckdb.connect(str(self.path), config=writer_config())
        self._record_start(reason)

    def _record_start(self, reason: str) -> None:
        con = self.connection
        con.execute("CREATE SCHEMA IF NOT EXISTS meta")
        con.execute(
            """
            CREATE TABLE IF NOT EXISTS meta.snapshots (
                snapshot_number INTEGER PRIMARY KEY,
                based_on INTEGER,
                reason VARCHAR,
                started_at TIMESTAMPTZ,
                published_at TIMESTAMPTZ
            )
            """
        )
        con.execute(
            "COMMENT ON TABLE meta.snapshots IS "
            "'One row per warehouse snapshot: what it was based on, why and when it was published.'"
        )
        con.execute(
            "INSERT INTO meta.snapshots VALUES (?, ?, ?, now(), NULL)",
            [self.number, self.base.number if self.base else None, reason],
        )

    def publish(self) -> Snapshot:
        con = self.connection
        con.execute(
            "UPDATE meta.snapshots SET published_at = now() WHERE snapshot_number = ?",
            [self.number],
        )
        con.execute("CHECKPOINT")
        con.close()
        _fsync_file(self.path)
        os.replace(self.path, self.final_path)
        root = self.warehouse.root
        tmp = root / f"{POINTER}.tmp-{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(f"{SNAPSHOT_DIR}/{self.final_path.name}\n")
            handle.flush()
            os.fsync(handle.fileno())
        _fsync_dir(self.final_path.parent)
        os.replace(tmp, self.warehouse.pointer)
        _fsync_dir(root)
        return Snapshot(self.number, self.final_path)

    def abandon(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.close()
        for path in (self.path, Path(str(self.path) + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def reader_config() -> DuckDBConfig:
    """DuckDB settings every reader connection of this process shares.

    DuckDB requires one configuration for every connection to a file within a
    process, so the spill folder is one per process: under `RCM_READER_TEMP`
    or the system's temporary folder, never beside the snapshot, capped by
    `RCM_READER_TEMP_LIMIT`, removed when the process exits. Memory:
    `RCM_READER_MEMORY_LIMIT`, else `RCM_MEMORY_LIMIT`, for all of the
    process's queries on a snapshot together.
    """
    memory = os.environ.get(READER_MEMORY_LIMIT_ENV) or os.environ.get(
        "RCM_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT
    )
    return {
        **PLANNER_CONFIG,
        "memory_limit": memory,
        "temp_directory": str(reader_temp_dir()),
        "max_temp_directory_size": os.environ.get(READER_TEMP_LIMIT_ENV, DEFAULT_READER_TEMP_LIMIT),
    }


_reader_temp: Path | None = None
_reader_temp_lock = threading.Lock()


def reader_temp_dir() -> Path:
    """This process's spill folder for readers, made on first use (mode 0700)."""
    global _reader_temp
    with _reader_temp_lock:
        if _reader_temp is None or not _reader_temp.is_dir():
            base = Path(os.environ.get(READER_TEMP_ENV) or tempfile.gettempdir())
            try:
                base.mkdir(parents=True, exist_ok=True)
                _remove_stale_reader_temps(base)
                _reader_temp = Path(
                    tempfile.mkdtemp(prefix=f"{_READER_TEMP_PREFIX}{os.getpid()}-", dir=base)
                )
            except OSError as exc:
                raise WarehouseError(
                    f"cannot make the readers' temporary folder in {base} "
                    f"({exc.strerror or exc}); set {READER_TEMP_ENV} to a writable folder"
                ) from None
            atexit.register(shutil.rmtree, _reader_temp, True)
        return _reader_temp


def _remove_stale_reader_temps(base: Path) -> None:
    """Spill folders of reader processes that were killed (their pid is gone)."""
    for entry in base.glob(f"{_READER_TEMP_PREFIX}*-*"):
        pid_text = entry.name.removeprefix(_READER_TEMP_PREFIX).split("-", 1)[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid() or _alive(int(pid_text)):
            continue
        if entry.is_dir() and not entry.is_symlink() and entry.stat().st_uid == os.getuid():
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def writer_config() -> DuckDBConfig:
    """DuckDB settings of the writer: a memory ceiling (spilling to disk beyond it).

    `RCM_MEMORY_LIMIT` (e.g. `4GB`) overrides the default, sized so a load of
    millions of claims fits beside its parse workers on a small machine.
    """
    return {
        **PLANNER_CONFIG,
        "memory_limit": os.environ.get("RCM_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT),
    }


def _snapshot_name(number: int) -> str:
    return f"rcm-{number:06d}.duckdb"


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
