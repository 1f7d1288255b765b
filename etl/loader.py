"""`rcm load`: files in, one new warehouse snapshot out.

Each file is parsed by a pure parser and its Arrow batches are appended to the
`raw` tables inside one transaction per file, so a file lands whole or not at
all. A file that cannot be parsed is rolled back, copied to the quarantine
folder with its error, and listed in the ledger; the other files of the run
still load. The models of `sql/` are rebuilt once at the end, and the snapshot
is published only when everything has succeeded.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from etl import csv_extracts, ledger, raw_tables, reference
from etl.ledger import FileResult
from etl.x12 import X12Error, iter_batches, looks_like_x12
from rcm import sqlfiles
from rcm.warehouse import Warehouse

SKIPPED_NAMES = {"README", "README.md", "README.txt"}
HEAD_BYTES = 4096
# A segment id and an element separator: X12 text, with or without its ISA.
_X12_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*[A-Z][A-Z0-9]{1,2}[*|^~:!]")


class UnknownFileKind(ValueError):
    """A file that is neither X12 nor one of the known CSV extracts."""


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
) -> LoadReport:
    """Load files and folders into a new snapshot and publish it.

    `after_load` runs on the new snapshot after the models are rebuilt and
    before it is published (the data-quality checks hook in here).
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
        with _progress(progress, sum(p.stat().st_size for p in files), len(files)) as advance:
            for path in files:
                result = _load_one(writer.warehouse, run, raw, path, hashes[path])
                report.results.append(result)
                advance(path, result.size_bytes)
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


def _load_one(
    warehouse: Warehouse,
    run: ledger.RunLedger,
    raw: raw_tables.RawWriter,
    path: Path,
    digest: str,
) -> FileResult:
    """Parse one file into the raw buffer, or take all of it back and quarantine it."""
    started = time.perf_counter()
    result = FileResult(path=path, size_bytes=path.stat().st_size, sha256=digest)
    if digest in run.known:
        result.status = ledger.ALREADY_LOADED
        result.error = f"same bytes as {run.known[digest]}, already loaded"
        run.add(result)
        return result
    result.file_id = run.new_file_id()
    try:
        _append(raw, path, result)
    except (X12Error, csv_extracts.CsvExtractError, UnknownFileKind) as exc:
        raw.discard(result.file_id)
        result.status = ledger.REJECTED
        result.error = str(exc)
        result.row_counts = {}
        result.quarantine_path = _quarantine(warehouse, path, result)
    else:
        result.status = ledger.LOADED
        owner = run.earlier_owner(result)
        if owner is not None:
            # Senders that reuse control numbers exist; a real resend is caught by
            # its bytes. Load it, and say so where the ledger is read.
            result.warning = (
                f"interchange {', '.join(result.interchange_keys)} was also loaded from "
                f"{owner}, with different bytes: check this is not a resend"
            )
    result.seconds = time.perf_counter() - started
    run.add(result)
    return result


def _append(raw: raw_tables.RawWriter, path: Path, result: FileResult) -> None:
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    if looks_like_x12(head) or _X12_START.match(head):
        batches = _x12_batches(path, result)
    else:
        extract = csv_extracts.detect(head)
        if extract is None:
            raise UnknownFileKind(
                f"{path.name}: not an X12 interchange (no ISA segment at the start) and not "
                "a known CSV extract (header row not recognised)"
            )
        result.kind = f"csv:{extract.name}"
        batches = ((f"csv_{extract.name}", b) for b in csv_extracts.read(path, extract))
    for table, batch in batches:
        raw.add(table, result.file_id, batch)
        result.row_counts[table] = result.row_counts.get(table, 0) + batch.num_rows


def _x12_batches(path: Path, result: FileResult) -> Iterator[tuple[str, pa.RecordBatch]]:
    kinds: set[str] = set()
    for table, batch in iter_batches(path, name=path.name):
        if table == "transactions":
            rows = batch.to_pydict()
            kinds.update(k for k in rows["transaction_kind"] if k)
            result.transaction_control_numbers.extend(rows["transaction_control_number"])
            for sender, control in zip(
                rows["sender_id"], rows["interchange_control_number"], strict=True
            ):
                key = f"{sender}/{control}"
                if key not in result.interchange_keys:
                    result.interchange_keys.append(key)
                    result.sender_ids.append(sender)
                    result.interchange_control_numbers.append(control)
        yield f"x12_{table}", batch
    result.kind = "+".join(sorted(kinds)) or "x12"


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
