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
