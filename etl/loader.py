"""`rcm load`: files in, one new warehouse snapshot out.

Each file is parsed by a pure reader (`etl.reading`) and its Arrow batches are
appended to the `raw` tables; a file lands whole or not at all: a file that
cannot be parsed has every row it already sent taken back, is copied to the
quarantine folder with its error, and is listed in the ledger, while the other
files of the run still load. The models of `sql/` are rebuilt once at the end,
and the snapshot is published only when everything has succeeded, so a load
that fails or is killed leaves the published warehouse as it was.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from etl import ledger, raw_tables, reference
from etl.ledger import FileResult
from etl.reading import REJECTIONS, FileMeta, GroupResult, read_file, read_group
from rcm import sqlfiles
from rcm.warehouse import Warehouse

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


@dataclass
class LoadReport:
    run_id: int
    results: list[FileResult] = field(default_factory=list)
    snapshot_number: int | None = None
    seconds: float = 0.0
    table_rows: dict[str, int] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def refused(self) -> list[FileResult]:
        return [r for r in self.results if r.refused]


def discover(paths: Iterable[Path]) -> list[Path]:
    """Every file under the given paths, folders recursed, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and not _hidden(p.relative_to(path)) and p.name not in SKIPPED_NAMES
            )
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return found


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def load(
    warehouse: Warehouse,
    paths: Iterable[Path],
    *,
    progress: bool = False,
    wait_seconds: float = 0.0,
    after_load: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    workers: int | None = None,
) -> LoadReport:
    """Load files and folders into a new snapshot and publish it.

    `after_load` runs on the new snapshot after the models are rebuilt and
    before it is published (the data-quality checks hook in here). `workers`
    parse processes (default: one per core) take the small files when there is
    enough new data to be worth starting them.
    """
    files = discover(paths)
    started = time.perf_counter()
    hashes = {path: ledger.sha256_of(path) for path in files}
    unchanged = _nothing_new(warehouse, hashes)
    if unchanged is not None:
        unchanged.seconds = time.perf_counter() - started
        return unchanged
    with warehouse.writer(wait_seconds=wait_seconds, reason="load") as writer:
        con = writer.connection
        ledger.ensure_tables(con)
        raw_tables.ensure(con)
        reference.ensure(con)
        run = ledger.RunLedger(con)
        raw = raw_tables.RawWriter(con)
        report = LoadReport(run_id=run.run_id, snapshot_number=writer.number)
        new = [p for p in files if hashes[p] not in run.known]
        with (
            _progress(progress, sum(p.stat().st_size for p in files), len(files)) as advance,
            _parsed_ahead(new, workers) as parsed,
        ):
            for path in files:
                result = _load_one(writer.warehouse, run, raw, path, hashes[path], parsed)
                report.results.append(result)
                advance(path, result.size_bytes)
            parsed.check()
        raw.flush()
        run.write(writer.number)
        rebuild(con)
        if after_load is not None:
            after_load(con)
        report.table_rows = table_rows(con)
    report.seconds = time.perf_counter() - started
    return report


def _nothing_new(warehouse: Warehouse, hashes: dict[Path, str]) -> LoadReport | None:
    """When every file is already loaded and no reference file changed, say so without writing.

    Loading the same bytes again must change nothing, not even publish an
    identical snapshot; this check reads the published snapshot only.
    """
    if not warehouse.exists():
        return None
    with warehouse.reader() as con:
        known = ledger.loaded_hashes(con)
        if any(digest not in known for digest in hashes.values()) or reference.changed(con):
            return None
        report = LoadReport(run_id=0, snapshot_number=warehouse.current().number)
        report.table_rows = table_rows(con)
    for path, digest in hashes.items():
        report.results.append(
            FileResult(
                path=path,
                size_bytes=path.stat().st_size,
                sha256=digest,
                status=ledger.ALREADY_LOADED,
                error=f"same bytes as {known[digest]}, already loaded",
            )
        )
    return report


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild staging, core and marts from the raw tables, and document every column."""
    sqlfiles.run_models(con)
    sqlfiles.apply_descriptions(con)


def table_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = con.execute(sqlfiles.read("meta/queries/core_row_counts.sql")).fetchall()
    return {name: int(count) for name, count in rows}


class _Rejected(ValueError):
    """A rejection that happened in a worker process, carried back as its message."""


def _load_one(
    warehouse: Warehouse,
    run: ledger.RunLedger,
    raw: raw_tables.RawWriter,
    path: Path,
    digest: str,
    parsed: ParsedAhead,
) -> FileResult:
    """Append one file to the raw buffer, or take all of it back and quarantine it."""
    started = time.perf_counter()
    result = FileResult(path=path, size_bytes=path.stat().st_size, sha256=digest)
    ahead = parsed.take(path)
    if digest in run.known:
        result.status = ledger.ALREADY_LOADED
        result.error = f"same bytes as {run.known[digest]}, already loaded"
        if ahead is not None:
            ahead[0].seen(raw)
        run.add(result)
        return result
    file_id = result.file_id = run.new_file_id()

    def sink(table: str, batch: pa.RecordBatch) -> None:
        raw.add(table, file_id, batch)

    try:
        if ahead is None:
            meta = read_file(path, sink)
        else:
            group, position = ahead
            done = group.result()
            error = done.errors[position]
            if error is not None:
                raise _Rejected(error)
            meta = done.metas[position]  # type: ignore[assignment]
            group.keep(position, file_id)
    except (*REJECTIONS, _Rejected) as exc:
        raw.discard(file_id)
        result.status = ledger.REJECTED
        result.error = str(exc)
        result.quarantine_path = _quarantine(warehouse, path, result)
    else:
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

    def __init__(self, paths: list[Path], pool: ProcessPoolExecutor | None) -> None:
        self.paths = paths
        names = [str(p) for p in paths]
        self.future = pool.submit(read_group, names) if pool is not None else None
        self.names = names
        self.file_ids = np.full(len(paths), -1, dtype=np.int32)
        self.visited = 0
        self._result: GroupResult | None = None

    def result(self) -> GroupResult:
        if self._result is None:
            self._result = (
                self.future.result() if self.future is not None else read_group(self.names)
            )
        return self._result

    def keep(self, position: int, file_id: int) -> None:
        self.file_ids[position] = file_id

    @property
    def finished(self) -> bool:
        return self.visited == len(self.paths)

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

    def __init__(self, pool: ProcessPoolExecutor | None, files: list[Path], window: int) -> None:
        self.pool = pool
        self.queue = iter(_grouped(files))
        self.window = max(window, 1)
        self.where: dict[Path, tuple[_Group, int]] = {}
        self.active: list[_Group] = []
        self._top_up()

    def _top_up(self) -> None:
        self.active = [g for g in self.active if not g.finished]
        while len(self.active) < self.window:
            paths = next(self.queue, None)
            if paths is None:
                return
            group = _Group(paths, self.pool)
            self.active.append(group)
            for position, path in enumerate(paths):
                self.where[path] = (group, position)

    def take(self, path: Path) -> tuple[_Group, int] | None:
        """This file's group and position, or None when the loader must stream it itself."""
        self._top_up()
        return self.where.pop(path, None)

    def check(self) -> None:
        """Every group read must have been seen whole, or rows would be missing."""
        self._top_up()
        if self.active or self.where:
            raise RuntimeError("the loader skipped files it had read ahead")


def _grouped(files: list[Path]) -> Iterator[list[Path]]:
    group: list[Path] = []
    size = 0
    for path in dict.fromkeys(files):
        if group and (size >= GROUP_BYTES or len(group) >= GROUP_FILES):
            yield group
            group, size = [], 0
        group.append(path)
        size += path.stat().st_size
    if group:
        yield group


@contextlib.contextmanager
def _parsed_ahead(new_files: list[Path], workers: int | None) -> Iterator[ParsedAhead]:
    small = [p for p in new_files if p.stat().st_size <= WORKER_FILE_LIMIT]
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 2 or sum(p.stat().st_size for p in small) < WORKER_MIN_BYTES:
        yield ParsedAhead(None, small, 1)
        return
    # spawn, not fork: the loader holds DuckDB and Arrow thread pools.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield ParsedAhead(pool, small, window=workers * 2)


def _quarantine(warehouse: Warehouse, path: Path, result: FileResult) -> Path:
    """Keep a copy of the refused file beside a note of why, named by its hash."""
    folder = warehouse.quarantine_dir
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{result.sha256[:12]}-{path.name}"
    shutil.copyfile(path, target)
    target.with_name(target.name + ".error.txt").write_text(
        f"{result.error}\nsource: {path}\nsha256: {result.sha256}\n", encoding="utf-8"
    )
    return target


@contextlib.contextmanager
def _progress(enabled: bool, total_bytes: int, total_files: int) -> Iterator[Callable]:
    if not enabled:
        yield lambda path, size: None
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

        def advance(path: Path, size: int) -> None:
            nonlocal done
            done += 1
            bar.update(task, advance=size, files=f"{done}/{total_files}", name=path.name)

        yield advance
