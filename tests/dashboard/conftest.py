"""A real warehouse built once per test run from the committed sample data.

`rcm load` runs with the data-quality checks so the compliance pages have
flags; when the checks cannot run it loads again without them. The rejected
sample files (sample_data/bad) are offered too, so the ledger has rejections.
RCM_DASHBOARD_TEST_WAREHOUSE may name a warehouse folder built beforehand.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.data import DashboardData
from rcm.config import SAMPLE_DIR
from rcm.warehouse import Warehouse

LOAD_FOLDERS = ("837", "835", "csv", "bad")


def _load(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    paths = [str(SAMPLE_DIR / part) for part in LOAD_FOLDERS if (SAMPLE_DIR / part).is_dir()]
    command = [
        sys.executable,
        "-c",
        "from rcm.cli import main; main()",
        "--warehouse",
        str(root),
        "load",
        *options,
        *paths,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    given = os.environ.get("RCM_DASHBOARD_TEST_WAREHOUSE")
    if given:
        return Warehouse(given)
    root = tmp_path_factory.mktemp("dashboard") / "warehouse"
    done = _load(root)
    if not Warehouse(root).exists():
        done = _load(root, "--no-check")
    if not Warehouse(root).exists():
        pytest.fail(f"rcm load built no warehouse:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return Warehouse(root)


@pytest.fixture(scope="session")
def data(warehouse: Warehouse) -> DashboardData:
    return DashboardData(warehouse)


@pytest.fixture(scope="session")
def rcm_json(warehouse: Warehouse):
    """`rcm ... --format json` on the test warehouse, parsed."""
    return lambda *args: _rcm_json(warehouse, *args)


def _rcm_json(warehouse: Warehouse, *args: str) -> list[dict]:
    import json

    command = [
        sys.executable,
        "-c",
        "from rcm.cli import main; main()",
        "--warehouse",
        str(warehouse.root),
        *args,
        "--format",
        "json",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)
