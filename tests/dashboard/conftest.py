"""A real warehouse built once per test run from the committed sample data.

`rcm load` runs with the data-quality checks so the compliance pages have
flags; when the checks cannot run it loads again without them. The rejected
sample files (sample_data/bad) are offered too, so the ledger has rejections.
RCM_DASHBOARD_TEST_WAREHOUSE may name a warehouse folder built beforehand.

The dashboard signs users in against a work store: `users` holds one user per
role (name = role) with the password PASSWORD, and `sign_in` gives a Flask test
client signed in as one of them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rcm.dashboard.data import DashboardData
from rcm.warehouse import Warehouse
from rcm.workstore import ROLES, WorkStore

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"

LOAD_FOLDERS = ("837", "835", "csv", "bad")
PASSWORD = "a long test password"


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


@pytest.fixture(scope="session")
def users(tmp_path_factory: pytest.TempPathFactory) -> WorkStore:
    """A work store with one active user per role, each named after the role."""
    store = WorkStore(f"sqlite:///{tmp_path_factory.mktemp('work') / 'work.sqlite'}")
    for role in ROLES:
        store.add_user(role, role, PASSWORD, actor="test")
    return store


@pytest.fixture(scope="session")
def app(warehouse: Warehouse, users: WorkStore):
    from rcm.dashboard import create_app

    return create_app(warehouse, users)


ORIGIN = {"Origin": "http://localhost"}


def csrf_token(html: bytes) -> str:
    found = re.search(rb'name="csrf" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1).decode()


def sign_in_client(app, name: str, password: str = PASSWORD):
    """A test client that went through the sign-in form."""
    client = app.server.test_client()
    token = csrf_token(client.get("/login").data)
    response = client.post(
        "/login", data={"name": name, "password": password, "csrf": token}, headers=ORIGIN
    )
    assert response.status_code == 302, response.data[:500]
    return client


@pytest.fixture(scope="session")
def sign_in(app):
    clients: dict[str, object] = {}

    def signed_in(role: str):
        if role not in clients:
            clients[role] = sign_in_client(app, role)
        return clients[role]

    return signed_in
