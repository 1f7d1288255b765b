"""The work queues' tables: one item per problem the warehouse shows, its notes, and every
change made to it.

An item is keyed by its queue and a business key (billing NPI and patient control number;
with the rule, line and provider for coding flags), never by warehouse row ids, so a
rebuilt warehouse finds the same items. `version` is bumped on every change: a write that
names an older version is refused instead of overwriting someone else's work.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from rcm.workstore.models import Base, UTCDateTime


class Queue(StrEnum):
    DENIAL = "denial"
    CREDIT_BALANCE = "credit_balance"
    COMPLIANCE_FLAG = "compliance_flag"
    UNDERPAYMENT = "underpayment"


class ClaimStatus(StrEnum):
    """Statuses of the denial, credit-balance and underpayment queues."""

    NEW = "new"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    APPEALED = "appealed"
    RESUBMITTED = "resubmitted"
    WRITTEN_OFF = "written_off"
    CLOSED = "closed"


class FlagStatus(StrEnum):
    """Statuses of a compliance review of a coding flag."""

    NEW = "new"
    CONFIRMED = "confirmed"
    FALSE_POSITIVE = "false_positive"
    EDUCATION_GIVEN = "education_given"
    CLOSED = "closed"


def statuses(queue: Queue) -> tuple[str, ...]:
    """The closed set of statuses an item of `queue` may take."""
    kind = FlagStatus if queue is Queue.COMPLIANCE_FLAG else ClaimStatus
    return tuple(s.value for s in kind)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


QUEUE_CHECK = _in("queue", tuple(q.value for q in Queue))
STATUS_CHECK = (
    f"(queue = 'compliance_flag' AND {_in('status', statuses(Queue.COMPLIANCE_FLAG))}) OR "
    f"(queue <> 'compliance_flag' AND {_in('status', statuses(Queue.DENIAL))})"
)


class QueueItemRow(Base):
    __tablename__ = "queue_items"
    __table_args__ = (
        sa.UniqueConstraint("queue", "item_key", name="uq_queue_items_key"),
        sa.CheckConstraint(QUEUE_CHECK, name="ck_queue_items_queue"),
        sa.CheckConstraint(STATUS_CHECK, name="ck_queue_items_status"),
        sa.Index("ix_queue_items_claim", "billing_npi", "claim_id"),
        sa.Index("ix_queue_items_queue_status", "queue", "status"),
        sa.Index("ix_queue_items_owner", "owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    queue: Mapped[str] = mapped_column(sa.String(20))
    # The business key as one string, unique per queue (see queues.item_key).
    item_key: Mapped[str] = mapped_column(sa.String(200))
    billing_npi: Mapped[str | None] = mapped_column(sa.String(10), nullable=True)
    claim_id: Mapped[str | None] = mapped_column(sa.String(50), nullable=True)
    rule: Mapped[str | None] = mapped_column(sa.String(40), nullable=True)
    line_number: Mapped[int | None] = mapped_column(nullable=True)
    provider_npi: Mapped[str | None] = mapped_column(sa.String(10), nullable=True)
    submission: Mapped[str | None] = mapped_column(sa.String(50), nullable=True)
    payer_id: Mapped[str | None] = mapped_column(sa.String(80), nullable=True)
    status: Mapped[str] = mapped_column(sa.String(20))
    owner: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    due_date: Mapped[dt.date | None] = mapped_column(sa.Date, nullable=True)
    amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(18, 2), nullable=True)
    # What the warehouse said at the last sync (CARC codes, the flag's detail).
    detail: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closed_by: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    # Why the item closed: paid, written_off, voided, refunded, flag_gone, or a person's close.
    resolution: Mapped[str | None] = mapped_column(sa.String(20), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(default=1)


class QueueNoteRow(Base):
    """Append-only: notes are never changed or deleted."""

    __tablename__ = "queue_notes"
    __table_args__ = (sa.Index("ix_queue_notes_item", "item_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("queue_items.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    author: Mapped[str] = mapped_column(sa.String(64))
    body: Mapped[str] = mapped_column(sa.Text)


class QueueHistoryRow(Base):
    """One row per field changed: what it was, what it became, who changed it and when."""

    __tablename__ = "queue_history"
    __table_args__ = (sa.Index("ix_queue_history_item", "item_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("queue_items.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(sa.String(64))
    field: Mapped[str] = mapped_column(sa.String(40))
    old_value: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    new_value: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
