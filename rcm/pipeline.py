"""The order of work, in one place: parse -> raw -> staging -> core -> checks -> marts
-> descriptions -> publish.

The command line calls one function here per command; etl and data_quality
never call each other, they meet in the snapshot this module writes. Every
write happens in one writer, so a step that fails (a model, a check, a mart)
publishes nothing and the previous snapshot stays. Each model runs once per
write: the marts come after the checks because some of them read the dq tables.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
from rich.table import Table

from rcm import sqlfiles
from rcm.data_quality import CheckReport, load_reference, run_checks
from rcm.etl import loader
from rcm.etl.loader import LoadReport
from rcm.warehouse import Warehouse
from rcm.workstore import WorkStore

# The layers built from the raw tables before the checks, and the one built after them.
BEFORE_CHECKS: tuple[str, ...] = ("staging", "core")
AFTER_CHECKS: tuple[str, ...] = ("marts",)
# What the checks rewrite: the marts downstream of it run again after `rcm check`.
CHECKED: tuple[str, ...] = ("dq",)
DEMO_FOLDERS: tuple[str, ...] = ("837", "835", "csv")
DEMO_USER = "demo"
DEMO_CLAIMS = 2000
DEMO_SEED = 2026


@dataclass(frozen=True)
class LoadOutcome:
    """What a load did: the files (with the row counts of the new snapshot), and the
    checks when they ran."""

    load: LoadReport
    checks: CheckReport | None


@dataclass(frozen=True)
class DemoReady:
    """A warehouse loaded and checked from the sample files, and the demo user's new password."""

    sample: Path
    sample_made: bool
    outcome: LoadOutcome
    user: str
    password: str


def load(
    warehouse: Warehouse,
    paths: Iterable[Path],
    *,
    progress: bool = False,
    wait_seconds: float = 0.0,
    workers: int | None = None,
    checks: bool = False,
) -> LoadOutcome:
    """Load files and folders into a new snapshot, build every model once, and publish it.

    With `checks`, the data-quality checks run between core and the marts, so
    the marts read the flags of this very data. Without them the marts read the
    dq tables of the last check, as the dashboard did before this load. When
    every file was loaded or rejected before, nothing is written at all.
    A warehouse that cannot be written raises `loader.LoadFailed`.
    """
    prepared = loader.prepare(paths)
    unchanged = _unchanged(warehouse, prepared)
    if unchanged is not None:
        unchanged.seconds = time.perf_counter() - prepared.started
        return LoadOutcome(unchanged, None)
    with (
        loader.writing(warehouse, prepared),
        warehouse.writer(wait_seconds=wait_seconds, reason="load") as writer,
    ):
        report = loader.load_raw(writer, prepared, progress=progress, workers=workers)
        con = writer.connection
        checked = build(con, checks=checks)
        report.table_rows = row_counts(con)
    report.seconds = time.perf_counter() - prepared.started
    return LoadOutcome(report, checked)


def build(con: duckdb.DuckDBPyConnection, *, checks: bool) -> CheckReport | None:
    """Every model from the raw tables up, each once, with the checks before the marts
    when asked; then the column descriptions."""
    sqlfiles.run(sqlfiles.plan(list(BEFORE_CHECKS)), con)
    checked = run_checks(con) if checks else None
    sqlfiles.run(sqlfiles.plan(list(AFTER_CHECKS)), con)
    sqlfiles.apply_descriptions(con)
    return checked


def check(warehouse: Warehouse, *, wait_seconds: float = 0.0) -> CheckReport:
    """Run the checks on the published data in a new snapshot; only the marts that read
    the dq tables run again, then the descriptions."""
    with warehouse.writer(wait_seconds=wait_seconds, reason="check") as writer:
        con = writer.connection
        report = run_checks(con)
        sqlfiles.run(sqlfiles.downstream(list(CHECKED), layers=list(AFTER_CHECKS)), con)
        sqlfiles.apply_descriptions(con)
    return report


def load_official_reference(
    warehouse: Warehouse, *, ncci_ptp: list[Path], mue: Path | None
) -> Table:
    """Load official CMS NCCI PTP and MUE files as a new reference version, then rebuild the
    marts on it; returns the summary of what was loaded."""
    with warehouse.writer(reason="reference") as writer:
        summary = load_reference(writer.connection, ncci_ptp=ncci_ptp, mue=mue)
        refresh_marts(writer.connection)
    return summary


def prepare_demo(
    warehouse: Warehouse, work_store_url: str, sample: Path, *, actor: str, progress: bool = False
) -> DemoReady:
    """What `rcm demo` serves: sample files (made when absent), loaded with the checks,
    and the demo admin with a new random password (the old one is never shown again)."""
    from rcm.generator import generate

    made = not has_sample(sample)
    if made:
        generate(sample, claims=DEMO_CLAIMS, seed=DEMO_SEED, progress=progress)
    folders = [sample / part for part in DEMO_FOLDERS if (sample / part).is_dir()]
    outcome = load(warehouse, folders, progress=progress, checks=True)
    password = secrets.token_urlsafe(12)
    with WorkStore(work_store_url) as store:
        if store.user(DEMO_USER) is None:
            store.add_user(DEMO_USER, "admin", password, actor=actor)
        else:
            store.set_role(DEMO_USER, "admin", actor=actor)
            store.set_password(DEMO_USER, password, actor=actor, activate=True)
    return DemoReady(sample, made, outcome, DEMO_USER, password)


def has_sample(sample: Path) -> bool:
    """Whether `sample` already holds generated files (`rcm demo` makes them only when not)."""
    return any((sample / "837").glob("*/*.837"))


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per core table, for the end-of-load summary."""
    rows = con.execute(sqlfiles.read("statements/catalog/core_row_counts.sql")).fetchall()
    return {name: int(count) for name, count in rows}


def _unchanged(warehouse: Warehouse, prepared: loader.Prepared) -> LoadReport | None:
    """The report of a load with nothing new, read from the published snapshot; None
    when there is something to load (or no warehouse yet)."""
    if not warehouse.exists():
        return None
    with warehouse.reader() as con:
        report = loader.already_loaded(con, prepared, warehouse.current().number)
        if report is not None:
            report.table_rows = row_counts(con)
    return report


def refresh_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Every mart again (and the descriptions), from core and dq as they are in `con`: what
    must follow a change under the marts that is not a load (new reference data)."""
    sqlfiles.run(sqlfiles.plan(list(AFTER_CHECKS)), con)
    sqlfiles.apply_descriptions(con)
