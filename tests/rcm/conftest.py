"""A private PostgreSQL server for the work-store tests, and the `work_url` fixture that runs
each work-store test once on SQLite and once on PostgreSQL.

The server is made from Debian's `postgresql` binaries (`make postgres` installs them): a new
cluster in a temporary folder, listening only on a Unix socket in that folder, stopped and
removed at the end of the run. PostgreSQL refuses to run as root, so under root the cluster
belongs to the `postgres` system user. A server that cannot start fails the tests: the
PostgreSQL mode of the store is part of what they pin.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

INSTALL_HINT = "install Debian's postgresql package (`make postgres` does it as root)"
_databases = itertools.count(1)


@dataclass(frozen=True)
class PostgresServer:
    socket_dir: Path
    port: int
    user: str = "rcm"

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@/{database}?host={self.socket_dir}&port={self.port}"

    def create_database(self) -> str:
        name = f"work_{os.getpid()}_{next(_databases)}"
        admin = sa.create_engine(
            f"postgresql+psycopg://{self.user}@/postgres?host={self.socket_dir}&port={self.port}",
            isolation_level="AUTOCOMMIT",
        )
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        finally:
            admin.dispose()
        return self.url(name)


def _binaries() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not found:
        pytest.fail(f"no PostgreSQL under /usr/lib/postgresql/*/bin: {INSTALL_HINT}")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(command: list[str], as_postgres: bool) -> subprocess.CompletedProcess[str]:
    prefix = ["runuser", "-u", "postgres", "--"] if as_postgres else []
    return subprocess.run(
        prefix + command, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    bin_dir = _binaries()
    as_postgres = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="rcm-pg-"))
    if as_postgres:
        shutil.chown(folder, "postgres", "postgres")
    data, log = folder / "data", folder / "server.log"
    port = _free_port()
    started = False
    try:
        made = _run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "rcm",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            as_postgres,
        )
        if made.returncode != 0:
            pytest.fail(f"initdb failed ({INSTALL_HINT}):\n{made.stdout}\n{made.stderr}")
        options = f"-p {port} -k {folder} -c listen_addresses='' -F"
        start = _run(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(log),
                "-w",
                "start",
            ],
            as_postgres,
        )
        if start.returncode != 0:
            server_log = log.read_text() if log.exists() else ""
            pytest.fail(f"PostgreSQL did not start:\n{start.stdout}\n{start.stderr}\n{server_log}")
        started = True
        yield PostgresServer(folder, port)
    finally:
        if started:
            _run(
                [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], as_postgres
            )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def work_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty work store on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'work.sqlite'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database()
