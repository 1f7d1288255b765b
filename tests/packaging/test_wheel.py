"""A wheel built from the repository works without the repository.

The wheel is built, installed into a fresh virtual environment in a temporary
folder, and the installed `rcm` generates, loads, checks and reports KPIs from
there, with the repository out of reach: the SQL, the reference CSVs, the
dashboard assets and the work-store migrations must all travel inside it.
Third-party dependencies are taken from the test's own environment (a path in
the new environment's site-packages) so the test needs no download.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("etl", "data_quality", "dashboard", "generator")


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"{' '.join(map(str, args))}: {done.returncode}\n{done.stderr}"
    return done.stdout


# What the build reads: the project file, the README it names, and the package's
# folders (rcm/ holds links to the others).
SOURCES = ("pyproject.toml", "README.md", "rcm", *PACKAGES, "sql")
LEFT_OUT = shutil.ignore_patterns("__pycache__", "*.pyc")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built from a copy of the sources, so nothing a previous build left in the
    repository (setuptools reuses build/) can slip into the wheel."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=LEFT_OUT)
        else:
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", out, source, cwd=out)
    (built,) = out.glob("rcm_analytics-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment holding the wheel; returns its `bin` folder."""
    env_dir = tmp_path_factory.mktemp("venv")
    run(sys.executable, "-m", "venv", env_dir, cwd=env_dir)
    python = env_dir / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--no-deps", wheel, cwd=env_dir)
    site = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=env_dir
        ).strip()
    )
    # A plain path line: the dependencies resolve, while this environment's own
    # .pth files (the editable install of the repository) are not processed.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env_dir / "bin"


def test_the_wheel_carries_the_sql_and_only_the_rcm_namespace(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.startswith("rcm_analytics-")}
    assert tops == {"rcm"}
    sql = {name for name in names if name.startswith("rcm/sql/")}
    in_repo = {
        "rcm/sql/" + path.relative_to(ROOT / "sql").as_posix()
        for path in (ROOT / "sql").rglob("*")
        if path.is_file() and path.suffix in {".sql", ".csv", ".md"}
    }
    assert sql == in_repo
    for expected in (
        "rcm/sql/descriptions.csv",
        "rcm/dashboard/assets/style.css",
        "rcm/workstore/migrations/env.py",
        "rcm/etl/x12/__init__.py",
    ):
        assert expected in names


def test_the_installed_rcm_runs_outside_the_repository(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "RCM_WAREHOUSE"}}
    env["RCM_WORK_STORE"] = str(tmp_path / "work.sqlite")
    where = run(
        installed / "python",
        "-c",
        "import rcm, rcm.config as c; print(rcm.__file__);print(c.SQL_ROOT)",
        cwd=tmp_path,
        env=env,
    ).split()
    assert all(not Path(p).is_relative_to(ROOT) for p in where), where
    assert all(Path(p).is_relative_to(installed.parent) for p in where), where

    rcm = installed / "rcm"
    warehouse = ["--warehouse", str(tmp_path / "warehouse")]
    run(rcm, "generate", "--out", "data", "--claims", "300", "--seed", "11", cwd=tmp_path, env=env)
    folders = [
        f"data/{part}" for part in ("837", "835", "csv") if (tmp_path / "data" / part).is_dir()
    ]
    run(rcm, *warehouse, "load", *folders, cwd=tmp_path, env=env)
    run(rcm, *warehouse, "check", cwd=tmp_path, env=env)
    kpis = json.loads(run(rcm, *warehouse, "kpis", "--format", "json", cwd=tmp_path, env=env))
    assert kpis and kpis[0]["payer"] == "ALL"
    assert int(kpis[0]["remitted_claims"]) > 0
    assert kpis[0]["gross_charges"] not in (None, "0.00")
    rows = json.loads(
        run(
            rcm,
            *warehouse,
            "sql",
            "SELECT count(*) AS n FROM core.claims",
            "--format",
            "json",
            cwd=tmp_path,
            env=env,
        )
    )
    assert rows[0]["n"] >= 300
