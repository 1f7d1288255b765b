"""The work store: users and the audit log in a transactional database beside the warehouse.

SQLite in WAL mode by default (readers never wait for the writer); every write
transaction starts with `BEGIN IMMEDIATE`, so two processes that write at once
queue on the busy timeout instead of failing or losing an update. A
`postgresql://` URL works the same way. The schema is brought to the newest
Alembic revision whenever a store is opened.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from rcm.workstore.models import ROLES, AuditRow, SettingRow, UserRow

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
MIN_PASSWORD_LENGTH = 10
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
_MIGRATION_LOCK = 0x52434D57  # any fixed number: PostgreSQL's advisory lock for migrations

_hasher = PasswordHasher()
# Compared against when a name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class WorkStoreError(Exception):
    """A refused change to the work store, with a message for the person who asked."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    active: bool
    credentials_version: int
    created_at: dt.datetime
    last_sign_in_at: dt.datetime | None

    @classmethod
    def of(cls, row: sa.Row[Any]) -> User:
        """A users row as read through a connection (its columns as attributes)."""
        return cls(
            row.id,
            row.name,
            row.role,
            row.active,
            row.credentials_version,
            row.created_at,
            row.last_sign_in_at,
        )


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    user: str | None
    action: str
    target: str | None
    detail: dict[str, Any] | None
    row_count: int | None
    address: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "user": self.user,
            "action": self.action,
            "target": self.target,
            "detail": self.detail,
            "row_count": self.row_count,
            "address": self.address,
        }


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: a user, or the reason there is none."""

    user: User | None
    refused: str | None = None  # "rate_limited" | "unknown_user" | "wrong_password" | "disabled"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def engine_url(url: str) -> str:
    """The SQLAlchemy URL for a store URL: `postgresql://` (as users write it) means the
    psycopg 3 driver."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def _engine(url: str) -> Engine:
    url = engine_url(url)
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
            # Transactions are begun below, not by the driver.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            write = conn.get_execution_options().get("write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WorkStoreError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")


class WorkStore:
    """Users and the audit log. Open one per process; it is safe to share between threads."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _engine(url)
        self._migrate()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> WorkStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- transactions ---------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(write=True)
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def _migrate(self) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self._write() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def revision(self) -> str | None:
        with self._read() as conn:
            return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()

    # -- users ----------------------------------------------------------------

    def add_user(self, name: str, role: str, password: str, *, actor: str | None) -> User:
        if not NAME.fullmatch(name):
            raise WorkStoreError(
                f"user name {name!r}: use 1 to 64 letters, digits, '.', '_', '@' or '-', "
                "starting with a letter or digit"
            )
        if role not in ROLES:
            raise WorkStoreError(f"role {role!r}: choose one of {', '.join(ROLES)}")
        check_password(password)
        hashed = _hasher.hash(password)
        try:
            return self._insert_user(name, role, hashed, actor)
        except sa.exc.IntegrityError:  # added by another process at the same moment
            raise WorkStoreError(f"user {name!r} exists already") from None

    def _insert_user(self, name: str, role: str, hashed: str, actor: str | None) -> User:
        with self._write() as conn:
            if self._row(conn, name) is not None:
                raise WorkStoreError(f"user {name!r} exists already")
            conn.execute(
                sa.insert(UserRow).values(
                    name=name,
                    role=role,
                    password_hash=hashed,
                    active=True,
                    credentials_version=1,
                    created_at=now(),
                )
            )
            self._audit(conn, "user_added", user=actor, target=name, detail={"role": role})
            return User.of(self._row(conn, name))

    def set_password(
        self, name: str, password: str, *, actor: str | None, activate: bool = False
    ) -> User:
        """A new password ends the user's sessions; `activate` also lifts a disable."""
        check_password(password)
        hashed = _hasher.hash(password)
        detail = {"activated": True} if activate else None
        return self._change(
            name,
            {"password_hash": hashed},
            "user_password_set",
            actor,
            activate=activate,
            detail=detail,
        )

    def disable(self, name: str, *, actor: str | None) -> User:
        return self._change(name, {"active": False}, "user_disabled", actor)

    def set_role(self, name: str, role: str, *, actor: str | None) -> User:
        if role not in ROLES:
            raise WorkStoreError(f"role {role!r}: choose one of {', '.join(ROLES)}")
        return self._change(name, {"role": role}, "user_role_set", actor, detail={"role": role})

    def _change(
        self,
        name: str,
        values: dict[str, Any],
        action: str,
        actor: str | None,
        *,
        activate: bool = False,
        detail: dict[str, Any] | None = None,
    ) -> User:
        with self._write() as conn:
            row = self._row(conn, name)
            if row is None:
                raise WorkStoreError(f"no user {name!r}")
            if activate:
                values = {**values, "active": True}
            conn.execute(
                sa.update(UserRow)
                .where(UserRow.id == row.id)
                .values(**values, credentials_version=UserRow.credentials_version + 1)
            )
            self._audit(conn, action, user=actor, target=name, detail=detail)
            return User.of(self._row(conn, name))

    def user(self, name: str) -> User | None:
        with self._read() as conn:
            row = self._row(conn, name)
            return None if row is None else User.of(row)

    def user_by_id(self, user_id: int) -> User | None:
        with self._read() as conn:
            row = conn.execute(sa.select(UserRow).where(UserRow.id == user_id)).first()
            return None if row is None else User.of(row)

    def users(self) -> list[User]:
        with self._read() as conn:
            return [User.of(r) for r in conn.execute(sa.select(UserRow).order_by(UserRow.name))]

    def active_users(self) -> int:
        with self._read() as conn:
            query = sa.select(sa.func.count()).select_from(UserRow).where(UserRow.active)
            return conn.execute(query).scalar_one()

    @staticmethod
    def _row(conn: Connection, name: str) -> Any:
        return conn.execute(sa.select(UserRow).where(UserRow.name == name)).first()

    # -- signing in -----------------------------------------------------------

    def sign_in(
        self,
        name: str,
        password: str,
        *,
        address: str | None,
        max_failures: int,
        window: dt.timedelta,
    ) -> SignIn:
        """Check a password; every outcome is audited. After `max_failures` failed attempts
        for the name or from the address within `window`, attempts are refused unchecked."""
        with self._write() as conn:
            since = now() - window
            if self._failures(conn, since, name, address) >= max_failures:
                self._audit(
                    conn,
                    "sign_in_refused",
                    user=name,
                    address=address,
                    detail={"reason": "rate_limited"},
                )
                return SignIn(None, "rate_limited")
            row = self._row(conn, name)
            reason = None
            try:
                _hasher.verify(row.password_hash if row is not None else _DUMMY_HASH, password)
            except (VerificationError, InvalidHashError):
                reason = "wrong_password"
            if row is None:
                reason = "unknown_user"
            elif reason is None and not row.active:
                reason = "disabled"
            if reason is not None:
                self._audit(
                    conn, "sign_in_failed", user=name, address=address, detail={"reason": reason}
                )
                return SignIn(None, reason)
            values: dict[str, Any] = {"last_sign_in_at": now()}
            if _hasher.check_needs_rehash(row.password_hash):
                values["password_hash"] = _hasher.hash(password)
            conn.execute(sa.update(UserRow).where(UserRow.id == row.id).values(**values))
            self._audit(conn, "sign_in", user=name, address=address)
            return SignIn(User.of(self._row(conn, name)))

    def failures(self, since: dt.datetime, name: str | None, address: str | None) -> int:
        with self._read() as conn:
            return self._failures(conn, since, name, address)

    @staticmethod
    def _failures(
        conn: Connection, since: dt.datetime, name: str | None, address: str | None
    ) -> int:
        who = []
        if name:
            who.append(AuditRow.user_name == name)
        if address:
            who.append(AuditRow.address == address)
        if not who:
            return 0
        query = (
            sa.select(sa.func.count())
            .select_from(AuditRow)
            .where(AuditRow.action == "sign_in_failed", AuditRow.at >= since, sa.or_(*who))
        )
        return conn.execute(query).scalar_one()

    # -- the audit log --------------------------------------------------------

    def audit(
        self,
        action: str,
        *,
        user: str | None,
        target: str | None = None,
        detail: dict[str, Any] | None = None,
        row_count: int | None = None,
        address: str | None = None,
    ) -> None:
        with self._write() as conn:
            self._audit(
                conn,
                action,
                user=user,
                target=target,
                detail=detail,
                row_count=row_count,
                address=address,
            )

    @staticmethod
    def _audit(
        conn: Connection,
        action: str,
        *,
        user: str | None,
        target: str | None = None,
        detail: dict[str, Any] | None = None,
        row_count: int | None = None,
        address: str | None = None,
    ) -> None:
        conn.execute(
            sa.insert(AuditRow).values(
                at=now(),
                user_name=user,
                action=action,
                target=None if target is None else target[:400],
                detail=detail,
                row_count=row_count,
                address=address,
            )
        )

    def audit_log(
        self, *, user: str | None = None, action: str | None = None, limit: int = 100
    ) -> list[AuditEntry]:
        """The newest entries first."""
        query = sa.select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if user:
            query = query.where(AuditRow.user_name == user)
        if action:
            query = query.where(AuditRow.action == action)
        with self._read() as conn:
            return [
                AuditEntry(
                    r.id, r.at, r.user_name, r.action, r.target, r.detail, r.row_count, r.address
                )
                for r in conn.execute(query)
            ]

    # -- settings -------------------------------------------------------------

    def secret(self, key: str) -> str:
        """A random value made the first time it is asked for and kept from then on."""
        query = sa.select(SettingRow.value).where(SettingRow.key == key)
        try:
            with self._write() as conn:
                value = conn.execute(query).scalar()
                if value is None:
                    value = secrets.token_hex(32)
                    conn.execute(sa.insert(SettingRow).values(key=key, value=value))
                return value
        except sa.exc.IntegrityError:  # made by another process at the same moment
            with self._read() as conn:
                return conn.execute(query).scalar_one()
