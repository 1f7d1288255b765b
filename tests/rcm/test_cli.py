"""The command-line contract: every command is there, documented, and honest about what it does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rcm.cli import app
from rcm.config import WAREHOUSE_ENV, warehouse_dir

CONTRACT = ["demo", "generate", "load", "check", "kpis", "sql", "status", "serve", "reference"]
runner = CliRunner()


def test_help_lists_every_contract_command() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for command in CONTRACT:
        assert f" {command} " in result.output, command


@pytest.mark.parametrize("command", CONTRACT)
def test_every_command_documents_itself(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_reference_load_is_registered() -> None:
    result = runner.invoke(app, ["reference", "load", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "--ncci-ptp" in result.output and "--mue" in result.output


def test_bad_usage_exits_2() -> None:
    assert runner.invoke(app, ["kpis", "--by", "week"]).exit_code == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2


def test_installed_entry_point_runs() -> None:
    rcm = Path(sys.executable).with_name("rcm")
    result = subprocess.run([str(rcm), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "generate" in result.stdout


def test_warehouse_location_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(WAREHOUSE_ENV, raising=False)
    assert warehouse_dir() == tmp_path / "warehouse"
    monkeypatch.setenv(WAREHOUSE_ENV, str(tmp_path / "env"))
    assert warehouse_dir() == tmp_path / "env"
    assert warehouse_dir(tmp_path / "opt") == tmp_path / "opt"


@pytest.mark.parametrize(
    ("options", "checks", "wait"),
    [([], True, 0.0), (["--no-check"], False, 0.0), (["--wait", "5"], True, 5.0)],
)
def test_load_calls_the_pipeline_with_the_checks_unless_told_not_to(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    options: list[str],
    checks: bool,
    wait: float,
) -> None:
    from rcm import pipeline
    from rcm.etl.loader import LoadReport

    calls: list[dict[str, object]] = []

    def load(warehouse: object, paths: list[Path], **options: object) -> pipeline.LoadOutcome:
        calls.append({"paths": paths, **options})
        return pipeline.LoadOutcome(LoadReport(run_id=7, snapshot_number=3), None)

    monkeypatch.setattr(pipeline, "load", load)
    folder = tmp_path / "in"
    args = ["--warehouse", str(tmp_path / "wh"), "load", str(folder), *options]
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    [call] = calls
    assert call["paths"] == [folder]
    assert call["checks"] is checks and call["wait_seconds"] == wait
    assert "Load run 7" in result.output
