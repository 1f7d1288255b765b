"""The order of work: each model once per load, the checks between core and the marts,
`rcm check` rerunning only what reads the dq tables, nothing published on a failure,
and the loader stopping at the raw tables and the ledger."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pytest

from rcm import pipeline, sqlfiles
from rcm.data_quality import CheckReport
from rcm.etl import loader
from rcm.warehouse import Warehouse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "x12"
CHECKS = ("checks", "run_checks")
BUILT_LAYERS = ("staging", "core", "marts")


def files(folder: Path, *names: str, bad: bool = False) -> Path:
    """A folder with the named fixture files (and one unreadable 837 when `bad`)."""
    folder.mkdir(parents=True)
    for name in names:
        shutil.copyfile(FIXTURES / name, folder / name)
    if bad:
        (folder / "broken.837").write_text("ISA*00*this is not an interchange~")
    return folder


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every model run and every check run, in order, as (layer, name)."""
    steps: list[tuple[str, str]] = []
    real_run = sqlfiles.run
    real_checks = pipeline.run_checks

    def run(
        chosen: Iterable[sqlfiles.SqlModel], con: duckdb.DuckDBPyConnection
    ) -> list[tuple[sqlfiles.SqlModel, float]]:
        done = real_run(chosen, con)
        steps.extend((model.layer, model.name) for model, _ in done)
        return done

    def run_checks(con: duckdb.DuckDBPyConnection) -> CheckReport:
        steps.append(CHECKS)
        return real_checks(con)

    monkeypatch.setattr(sqlfiles, "run", run)
    monkeypatch.setattr(pipeline, "run_checks", run_checks)
    return steps


def built(steps: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [step for step in steps if step[0] in BUILT_LAYERS or step == CHECKS]


def every_model(layer: str) -> set[tuple[str, str]]:
    return {(model.layer, model.name) for model in sqlfiles.models(layer)}


@pytest.mark.parametrize("checks", [False, True])
def test_a_load_runs_each_model_once_with_the_checks_between_core_and_the_marts(
    tmp_path: Path, ran: list[tuple[str, str]], checks: bool
) -> None:
    folder = files(tmp_path / "in", "professional.837", "remit.835")
    outcome = pipeline.load(Warehouse(tmp_path / "wh"), [folder], checks=checks)
    assert not outcome.load.refused
    assert (outcome.checks is not None) is checks
    steps = built(ran)
    counts = Counter(steps)
    assert {step for step, n in counts.items() if n > 1} == set()
    expected = every_model("staging") | every_model("core") | every_model("marts")
    assert set(steps) - {CHECKS} == expected
    assert counts[CHECKS] == (1 if checks else 0)
    layers = [layer for layer, _ in steps]
    last_before_marts = max(i for i, layer in enumerate(layers) if layer in ("staging", "core"))
    first_mart = layers.index("marts")
    assert last_before_marts < first_mart
    if checks:
        assert last_before_marts < steps.index(CHECKS) < first_mart


def clean_claim_rate(wh: Warehouse) -> object:
    with wh.reader() as con:
        row = con.execute(
            "SELECT clean_claim_rate FROM mart.kpi_period WHERE payer = 'ALL'"
        ).fetchone()
    assert row is not None
    return row[0]


def test_check_reruns_only_the_marts_downstream_of_the_dq_tables(
    tmp_path: Path, ran: list[tuple[str, str]]
) -> None:
    wh = Warehouse(tmp_path / "wh")
    pipeline.load(wh, [files(tmp_path / "in", "professional.837", "remit.835")])
    assert clean_claim_rate(wh) is None  # no check has run on this warehouse
    before = wh.current()
    ran.clear()

    report = pipeline.check(wh)

    assert wh.current().number > before.number
    assert report.run_id >= 1
    rerun = built(ran)
    expected = [(m.layer, m.name) for m in sqlfiles.downstream(["dq"], layers=["marts"])]
    assert rerun == [CHECKS, *expected]
    assert expected and set(expected) < every_model("marts")
    # The kept-ready KPI table reads the flags: it was rebuilt on the new check run.
    assert clean_claim_rate(wh) is not None


def _fail_in_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(con: duckdb.DuckDBPyConnection) -> CheckReport:
        raise RuntimeError("a check broke")

    monkeypatch.setattr(pipeline, "run_checks", broken)


def _fail_in_marts(monkeypatch: pytest.MonkeyPatch) -> None:
    real_run = sqlfiles.run

    def run(
        chosen: Iterable[sqlfiles.SqlModel], con: duckdb.DuckDBPyConnection
    ) -> list[tuple[sqlfiles.SqlModel, float]]:
        chosen = list(chosen)
        if any(model.layer == "marts" for model in chosen):
            raise RuntimeError("a mart broke")
        return real_run(chosen, con)

    monkeypatch.setattr(sqlfiles, "run", run)


def _fail_in_descriptions(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
        raise RuntimeError("a description broke")

    monkeypatch.setattr(sqlfiles, "apply_descriptions", broken)


@pytest.mark.parametrize(
    "breaks", [_fail_in_checks, _fail_in_marts, _fail_in_descriptions], ids=lambda f: f.__name__
)
def test_a_failure_after_the_raw_tables_publishes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, breaks: object
) -> None:
    wh = Warehouse(tmp_path / "wh")
    pipeline.load(wh, [files(tmp_path / "first", "professional.837")])
    published = wh.current()
    data = published.path.read_bytes()
    assert callable(breaks)
    breaks(monkeypatch)

    more = files(tmp_path / "more", "remit.835", bad=True)
    with pytest.raises(RuntimeError, match="broke"):
        pipeline.load(wh, [more], checks=True)

    assert wh.current() == published
    assert published.path.read_bytes() == data
    assert not list(wh.snapshot_dir.glob("*.building"))
    # The refused file's quarantine copy went with the abandoned snapshot.
    assert not wh.quarantine_dir.exists() or not list(wh.quarantine_dir.iterdir())
    with wh.reader() as con:
        assert con.execute("SELECT count(*) FROM meta.files").fetchone() == (1,)


def test_the_loader_alone_leaves_only_raw_tables_and_the_ledger(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    prepared = loader.prepare([files(tmp_path / "in", "professional.837", "remit.835")])
    with loader.writing(wh, prepared), wh.writer(reason="load") as writer:
        report = loader.load_raw(writer, prepared)
    assert report.count("loaded") == 2 and report.table_rows == {}
    with wh.reader() as con:
        schemas = {
            schema
            for (schema,) in con.execute(
                "SELECT schema_name FROM duckdb_tables() WHERE NOT internal "
                "UNION SELECT schema_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        }
        assert con.execute("SELECT count(*) FROM meta.files").fetchone() == (2,)
        raw_rows = con.execute(
            "SELECT sum(estimated_size) FROM duckdb_tables() WHERE schema_name = 'raw'"
        ).fetchone()
    assert {"raw", "meta"} <= schemas
    assert not schemas & {"staging", "core", "mart"}, schemas
    assert raw_rows is not None and (raw_rows[0] or 0) > 0
