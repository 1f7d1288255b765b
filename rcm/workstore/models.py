"""The work store's tables: who may sign in, and what they did.

User work that must survive a warehouse rebuild lives here, keyed by names and
business keys, never by warehouse row ids. Later tables (queue items, their
statuses and notes, saved queries) sit beside these the same way: one table per
kind of record, keyed by the business key (claim key, rule, submission), with
`created_at`/`created_by` and a foreign key to `users.id` for whoever acts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROLES = ("admin", "revenue", "compliance", "analyst")


class UTCDateTime(sa.types.TypeDecorator[dt.datetime]):
    """Timestamps kept in UTC; SQLite has no time zones, so they are stored naive and read
    back aware."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("work store timestamps must carry a time zone")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    pass


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint(
            "role IN ('admin', 'revenue', 'compliance', 'analyst')", name="ck_users_role"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    role: Mapped[str] = mapped_column(sa.String(16))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped on every password, role or status change: signed-in sessions that carry an
    # older value end at their next request.
    credentials_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_log_at", "at"),
        sa.Index("ix_audit_log_user_at", "user_name", "at"),
        sa.Index("ix_audit_log_action_at", "action", "at"),
        sa.Index("ix_audit_log_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # The name as given (also for failed sign-ins of unknown names): entries outlive users.
    user_name: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    action: Mapped[str] = mapped_column(sa.String(40))
    target: Mapped[str | None] = mapped_column(sa.String(400), nullable=True)
    detail: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON, nullable=True)
    row_count: Mapped[int | None] = mapped_column(nullable=True)
    address: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)


class SettingRow(Base):
    """Values made once per store, such as the dashboard's session signing key."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)
