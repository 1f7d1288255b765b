"""The work store: users and hashed passwords, sign-in outcomes, the audit log, migrations
from an empty file, and two processes writing at once."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from rcm.config import WORK_STORE_ENV, work_store_url
from rcm.workstore import WorkStore, WorkStoreError

NEWEST = "0002"
TABLES = {"users", "audit_log", "settings", "alembic_version", "queue_items", "queue_notes",
          "queue_history"}  # fmt: skip
WINDOW = dt.timedelta(minutes=5)
PASSWORD = "correct horse battery"


@pytest.fixture()
def store(work_url: str):
    with WorkStore(work_url) as opened:
        yield opened


def sign_in(store: WorkStore, name: str, password: str, address: str = "10.0.0.1"):
    return store.sign_in(name, password, address=address, max_failures=5, window=WINDOW)


def test_migrations_build_an_empty_file_to_the_newest_revision(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "work.sqlite"
    with WorkStore(f"sqlite:///{path}") as store:
        assert store.revision() == NEWEST
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrations_build_an_empty_store_and_keep_what_is_there(work_url: str) -> None:
    with WorkStore(work_url) as store:
        assert store.revision() == NEWEST
        tables = set(sa.inspect(store.engine).get_table_names())
        assert tables >= TABLES
    # opening again migrates nothing and keeps what is there
    with WorkStore(work_url) as store:
        store.add_user("ann", "admin", PASSWORD, actor="test")
    with WorkStore(work_url) as store:
        assert [u.name for u in store.users()] == ["ann"]


def test_a_postgresql_url_uses_psycopg(postgres) -> None:
    url = postgres.create_database()
    assert url.startswith("postgresql://")
    with WorkStore(url) as store:
        assert store.engine.dialect.name == "postgresql"
        assert store.engine.dialect.driver == "psycopg"
        assert store.revision() == NEWEST


def test_passwords_are_hashed_with_argon2_and_verify(store: WorkStore) -> None:
    store.add_user("ann", "revenue", PASSWORD, actor="test")
    with store.engine.connect() as con:
        stored = con.execute(sa.text("SELECT password_hash FROM users")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    signed = sign_in(store, "ann", PASSWORD)
    assert signed.user is not None and signed.user.role == "revenue"
    assert signed.user.last_sign_in_at is not None
    assert sign_in(store, "ann", PASSWORD + "x").refused == "wrong_password"
    assert sign_in(store, "nobody", PASSWORD).refused == "unknown_user"


def test_a_disabled_user_cannot_sign_in_and_a_new_password_does_not_enable(
    store: WorkStore,
) -> None:
    before = store.add_user("bob", "analyst", PASSWORD, actor="test")
    after = store.disable("bob", actor="test")
    assert not after.active and after.credentials_version == before.credentials_version + 1
    assert sign_in(store, "bob", PASSWORD).refused == "disabled"
    store.set_password("bob", "another long one", actor="test")
    assert sign_in(store, "bob", "another long one").refused == "disabled"
    store.set_password("bob", "another long one", actor="test", activate=True)
    assert sign_in(store, "bob", "another long one").user is not None
    assert store.active_users() == 1


@pytest.mark.parametrize(
    ("name", "role", "password", "message"),
    [
        ("ann", "admin", "short", "at least 10 characters"),
        ("ann", "owner", PASSWORD, "choose one of admin, revenue, compliance, analyst"),
        ("", "admin", PASSWORD, "user name"),
        ("ann smith", "admin", PASSWORD, "user name"),
        ("-ann", "admin", PASSWORD, "user name"),
    ],
)
def test_bad_users_are_refused(
    store: WorkStore, name: str, role: str, password: str, message: str
) -> None:
    with pytest.raises(WorkStoreError, match=message):
        store.add_user(name, role, password, actor="test")
    assert store.users() == []


def test_a_name_is_taken_once(store: WorkStore) -> None:
    store.add_user("ann", "admin", PASSWORD, actor="test")
    with pytest.raises(WorkStoreError, match="exists already"):
        store.add_user("ann", "analyst", PASSWORD, actor="test")
    with pytest.raises(WorkStoreError, match="no user 'zed'"):
        store.disable("zed", actor="test")


def test_failed_sign_ins_are_limited_per_name_and_per_address(store: WorkStore) -> None:
    store.add_user("ann", "admin", PASSWORD, actor="test")
    store.add_user("cy", "admin", PASSWORD, actor="test")
    for _ in range(5):
        assert sign_in(store, "ann", "wrong password", address="10.0.0.1").refused
    # the name is locked, from any address, even with the right password
    assert sign_in(store, "ann", PASSWORD, address="10.0.0.2").refused == "rate_limited"
    # the address is locked, for any name
    assert sign_in(store, "cy", PASSWORD, address="10.0.0.1").refused == "rate_limited"
    # another name from another address is not
    assert sign_in(store, "cy", PASSWORD, address="10.0.0.3").user is not None
    actions = [e.action for e in store.audit_log(limit=20)]
    assert actions.count("sign_in_failed") == 5 and actions.count("sign_in_refused") == 2
    # the window slides: failures older than it no longer count
    later = store.sign_in(
        "ann", PASSWORD, address="10.0.0.1", max_failures=5, window=dt.timedelta(0)
    )
    assert later.user is not None


def test_the_audit_log_filters_and_keeps_detail(store: WorkStore) -> None:
    store.audit("sql_query", user="ann", detail={"sql": "SELECT 1"}, row_count=1)
    store.audit("claim_view", user="bob", target="1234567893/PCN1")
    store.audit("sql_query", user="bob", detail={"sql": "SELECT 2"}, row_count=0)
    assert [e.target for e in store.audit_log(action="claim_view")] == ["1234567893/PCN1"]
    bobs = store.audit_log(user="bob")
    assert [e.action for e in bobs] == ["sql_query", "claim_view"]  # newest first
    assert bobs[0].detail == {"sql": "SELECT 2"} and bobs[0].row_count == 0
    assert bobs[0].at.tzinfo is not None
    assert len(store.audit_log(limit=1)) == 1


def test_user_changes_are_audited_with_who_made_them(store: WorkStore) -> None:
    store.add_user("ann", "admin", PASSWORD, actor="cli:root")
    store.set_role("ann", "compliance", actor="cli:root")
    store.set_password("ann", "new long password", actor="cli:root")
    store.disable("ann", actor="cli:root")
    log = store.audit_log()
    assert [(e.action, e.user, e.target) for e in log] == [
        ("user_disabled", "cli:root", "ann"),
        ("user_password_set", "cli:root", "ann"),
        ("user_role_set", "cli:root", "ann"),
        ("user_added", "cli:root", "ann"),
    ]


def test_the_secret_is_made_once(store: WorkStore, work_url: str) -> None:
    first = store.secret("k")
    assert len(first) == 64
    with WorkStore(work_url) as again:
        assert again.secret("k") == first
    assert store.secret("other") != first


WRITER = """
import sys, time
from pathlib import Path
from rcm.workstore import WorkStore
url, who, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
with WorkStore(url) as store:
    while not go.exists():
        time.sleep(0.01)
    for i in range(count):
        store.audit("sql_query", user=who, row_count=i)
        if i % 20 == 0:
            store.add_user(f"{who}{i}", "analyst", "correct horse battery", actor=who)
            store.secret("shared")
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path, work_url: str) -> None:
    url = work_url
    WorkStore(url).close()
    go, count = tmp_path / "go", 80
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, url, who, str(count), str(go)])
        for who in ("a", "b")
    ]
    go.touch()
    assert [p.wait(timeout=240) for p in procs] == [0, 0]
    with WorkStore(url) as store:
        for who in ("a", "b"):
            rows = store.audit_log(user=who, action="sql_query", limit=1000)
            assert sorted(e.row_count for e in rows) == list(range(count))
        assert len(store.users()) == 2 * len(range(0, count, 20))
        with store.engine.connect() as con:
            assert con.execute(sa.text("SELECT count(*) FROM settings")).scalar_one() == 1


def test_two_processes_opening_a_new_store_at_once_migrate_it_once(work_url: str) -> None:
    url = work_url
    code = f"from rcm.workstore import WorkStore; WorkStore({url!r}).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    with WorkStore(url) as store:
        assert store.revision() == NEWEST


@pytest.mark.parametrize(
    ("option", "env", "expected"),
    [
        ("/srv/rcm/users.sqlite", "postgresql://db/rcm", "sqlite:////srv/rcm/users.sqlite"),
        (None, "postgresql://db/rcm", "postgresql://db/rcm"),
        (None, "/srv/rcm/env.sqlite", "sqlite:////srv/rcm/env.sqlite"),
        (None, None, "sqlite:////data/warehouse/work.sqlite"),
    ],
)
def test_where_the_store_is(monkeypatch, option, env, expected) -> None:
    if env is None:
        monkeypatch.delenv(WORK_STORE_ENV, raising=False)
    else:
        monkeypatch.setenv(WORK_STORE_ENV, env)
    assert work_store_url(option, Path("/data/warehouse")) == expected
    assert os.environ.get(WORK_STORE_ENV) == env


def _rcm(
    tmp_path: Path, *args: str, stdin: str = "", server: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`rcm` with the store beside the warehouse, or on the PostgreSQL `server` URL."""
    env = {**os.environ, "RCM_WAREHOUSE": str(tmp_path / "warehouse")}
    env.pop(WORK_STORE_ENV, None)
    if server is not None:
        env[WORK_STORE_ENV] = server
    command = [sys.executable, "-c", "from rcm.cli import main; main()", *args]
    return subprocess.run(
        command, input=stdin, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_user_and_audit_commands(tmp_path: Path, work_url: str) -> None:
    server = None if work_url.startswith("sqlite") else work_url
    added = _rcm(
        tmp_path, "user", "add", "ann", "--role", "compliance", stdin=PASSWORD + "\n", server=server
    )
    assert added.returncode == 0, added.stderr
    assert (tmp_path / "warehouse" / "work.sqlite").exists() == (server is None)
    assert (
        _rcm(
            tmp_path, "user", "add", "ann", "--role", "admin", stdin=PASSWORD, server=server
        ).returncode
        == 1
    )
    assert (
        _rcm(
            tmp_path, "user", "add", "bo", "--role", "boss", stdin=PASSWORD, server=server
        ).returncode
        == 2
    )
    short = _rcm(tmp_path, "user", "add", "bo", "--role", "admin", stdin="short\n", server=server)
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    assert (
        _rcm(tmp_path, "user", "add", "bo", "--role", "admin", server=server).returncode == 2
    )  # no password
    assert _rcm(tmp_path, "user", "disable", "nobody", server=server).returncode == 1
    assert _rcm(tmp_path, "user", "disable", "ann", server=server).returncode == 0
    passwd = _rcm(tmp_path, "user", "passwd", "ann", stdin="a different password\n", server=server)
    assert passwd.returncode == 0, passwd.stderr
    listed = json.loads(_rcm(tmp_path, "user", "list", "--format", "json", server=server).stdout)
    assert [(u["name"], u["role"], u["active"]) for u in listed] == [("ann", "compliance", False)]
    log = json.loads(_rcm(tmp_path, "audit", "--format", "json", server=server).stdout)
    assert [e["action"] for e in log] == ["user_password_set", "user_disabled", "user_added"]
    assert all(e["user"].startswith("cli:") and e["target"] == "ann" for e in log)
    one = _rcm(
        tmp_path,
        "audit",
        "--action",
        "user_added",
        "--limit",
        "5",
        "--format",
        "csv",
        server=server,
    )
    assert one.stdout.splitlines()[0] == "at,user,action,target,row_count,address,detail"
    assert len(one.stdout.splitlines()) == 2 and '""role"": ""compliance""' in one.stdout
    # the main options are accepted after the subcommand too
    other = tmp_path / "other.sqlite"
    moved = _rcm(
        tmp_path,
        "user",
        "add",
        "cy",
        "--role",
        "analyst",
        "--work-store",
        str(other),
        stdin=PASSWORD,
    )
    assert moved.returncode == 0, moved.stderr
    with WorkStore(f"sqlite:///{other}") as store:
        assert [u.name for u in store.users()] == ["cy"]


def test_serve_refuses_without_an_active_user(tmp_path: Path) -> None:
    _rcm(tmp_path, "user", "add", "ann", "--role", "admin", stdin=PASSWORD)
    _rcm(tmp_path, "user", "disable", "ann")
    done = _rcm(tmp_path, "serve", "--port", "1")
    assert done.returncode == 1
    assert "no active user" in done.stderr and "rcm user add NAME --role admin" in done.stderr
    empty = _rcm(tmp_path, "--work-store", str(tmp_path / "none.sqlite"), "serve")
    assert empty.returncode == 1 and "no active user" in empty.stderr
