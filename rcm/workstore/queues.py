"""Work-queue items: read them, assign them, change their status, write notes.

Every function takes the store and the acting user's name, and each write names the
`version` of the item the caller read: a write against an older version raises
`QueueConflict` (nothing is written), so two people working one item never lose an
update. Every change is recorded field by field in the item's history, with who and when;
notes are append-only. `queue_sync.sync` creates and closes items from the warehouse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from rcm.workstore.queue_models import (
    ClaimStatus,
    FlagStatus,
    Queue,
    QueueHistoryRow,
    QueueItemRow,
    QueueNoteRow,
    statuses,
)
from rcm.workstore.store import WorkStore, WorkStoreError, now

CLOSED = "closed"


class QueueConflict(WorkStoreError):
    """A write made against a version of an item that someone else has changed since."""


@dataclass(frozen=True)
class Note:
    at: dt.datetime
    author: str
    body: str


@dataclass(frozen=True)
class Change:
    at: dt.datetime
    actor: str
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Item:
    id: int
    queue: Queue
    item_key: str
    billing_npi: str | None
    claim_id: str | None
    rule: str | None
    line_number: int | None
    provider_npi: str | None
    payer_id: str | None
    status: ClaimStatus | FlagStatus
    owner: str | None
    due_date: dt.date | None
    amount: Decimal | None
    detail: str | None
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    closed_by: str | None
    resolution: str | None
    updated_at: dt.datetime
    updated_by: str
    version: int
    notes: tuple[Note, ...] = ()
    history: tuple[Change, ...] = ()

    @classmethod
    def of(cls, row: Any, notes: tuple[Note, ...] = (), history: tuple[Change, ...] = ()) -> Item:
        queue = Queue(row.queue)
        status_kind = FlagStatus if queue is Queue.COMPLIANCE_FLAG else ClaimStatus
        amount = None if row.amount is None else Decimal(row.amount).quantize(Decimal("0.01"))
        return cls(
            row.id, queue, row.item_key, row.billing_npi, row.claim_id, row.rule,
            row.line_number, row.provider_npi, row.payer_id, status_kind(row.status),
            row.owner, row.due_date, amount, row.detail, row.opened_at, row.closed_at,
            row.closed_by, row.resolution, row.updated_at, row.updated_by, row.version,
            notes, history,
        )  # fmt: skip


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def apply_change(
    conn: Connection, row: Any, values: Mapping[str, Any], actor: str, version: int
) -> bool:
    """Write the fields of `values` that differ from `row` if the item is still at `version`,
    with a history row per field. False when the item has moved on (nothing written)."""
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    if not changed:
        return row.version == version
    at = now()
    done = conn.execute(
        sa.update(QueueItemRow)
        .where(QueueItemRow.id == row.id, QueueItemRow.version == version)
        .values(**changed, updated_at=at, updated_by=actor, version=QueueItemRow.version + 1)
    )
    if done.rowcount != 1:
        return False
    conn.execute(
        sa.insert(QueueHistoryRow),
        [
            {"item_id": row.id, "at": at, "actor": actor, "field": field,
             "old_value": _text(getattr(row, field)), "new_value": _text(value)}
            for field, value in changed.items()
        ],
    )  # fmt: skip
    return True


def _row(conn: Connection, item_id: int) -> Any:
    row = conn.execute(sa.select(QueueItemRow).where(QueueItemRow.id == item_id)).first()
    if row is None:
        raise WorkStoreError(f"no queue item {item_id}")
    return row


def _write(
    store: WorkStore, item_id: int, values: dict[str, Any], actor: str, version: int
) -> Item:
    with store._write() as conn:
        row = _row(conn, item_id)
        if row.version != version or not apply_change(conn, row, values, actor, version):
            current = _row(conn, item_id)
            raise QueueConflict(
                f"queue item {item_id} was changed by {current.updated_by} at "
                f"{current.updated_at:%Y-%m-%d %H:%M:%S} UTC after you read it (your version "
                f"{version}, now {current.version}); reload it and try again"
            )
        store._audit(conn, "queue_item_changed", user=actor, target=str(item_id),
                     detail={k: _text(v) for k, v in values.items()})  # fmt: skip
    return get_item(store, item_id)


def assign(
    store: WorkStore, item_id: int, owner: str | None, *, actor: str, version: int,
    due_date: dt.date | None = None,
) -> Item:  # fmt: skip
    """Give an item to an active user (None takes it back); a new item becomes assigned."""
    if owner is not None:
        user = store.user(owner)
        if user is None or not user.active:
            raise WorkStoreError(f"no active user {owner!r} to assign to")
    current = get_item(store, item_id, with_log=False)
    values: dict[str, Any] = {"owner": owner}
    if due_date is not None:
        values["due_date"] = due_date
    if (
        owner is not None
        and current.status == ClaimStatus.NEW
        and current.queue is not Queue.COMPLIANCE_FLAG
    ):
        values["status"] = ClaimStatus.ASSIGNED.value
    return _write(store, item_id, values, actor, version)


def set_status(store: WorkStore, item_id: int, status: str, *, actor: str, version: int) -> Item:
    """Move an item to one of its queue's statuses; `closed` records who closed it and when."""
    current = get_item(store, item_id, with_log=False)
    allowed = statuses(current.queue)
    if status not in allowed:
        raise WorkStoreError(
            f"status {status!r} is not one of the {current.queue.value} queue's: "
            f"{', '.join(allowed)}"
        )
    values: dict[str, Any] = {"status": status}
    if status == CLOSED and current.status != CLOSED:
        values |= {"closed_at": now(), "closed_by": actor, "resolution": "closed"}
    elif status != CLOSED and current.status == CLOSED:
        values |= {"closed_at": None, "closed_by": None, "resolution": None}
    return _write(store, item_id, values, actor, version)


def set_due_date(
    store: WorkStore, item_id: int, due_date: dt.date | None, *, actor: str, version: int
) -> Item:
    return _write(store, item_id, {"due_date": due_date}, actor, version)


def add_note(store: WorkStore, item_id: int, body: str, *, actor: str) -> Item:
    """Append a note. Notes never conflict: they change no field of the item."""
    if not body.strip():
        raise WorkStoreError("a note needs some text")
    with store._write() as conn:
        _row(conn, item_id)
        conn.execute(
            sa.insert(QueueNoteRow).values(item_id=item_id, at=now(), author=actor, body=body)
        )
        store._audit(conn, "queue_note_added", user=actor, target=str(item_id))
    return get_item(store, item_id)


def get_item(store: WorkStore, item_id: int, *, with_log: bool = True) -> Item:
    """One item, with its notes and history (oldest first) unless `with_log` is False."""
    with store._read() as conn:
        row = _row(conn, item_id)
        if not with_log:
            return Item.of(row)
        notes = conn.execute(
            sa.select(QueueNoteRow).where(QueueNoteRow.item_id == item_id).order_by(QueueNoteRow.id)
        )
        history = conn.execute(
            sa.select(QueueHistoryRow)
            .where(QueueHistoryRow.item_id == item_id)
            .order_by(QueueHistoryRow.id)
        )
        return Item.of(
            row,
            tuple(Note(n.at, n.author, n.body) for n in notes),
            tuple(Change(h.at, h.actor, h.field, h.old_value, h.new_value) for h in history),
        )


def find_item(store: WorkStore, queue: Queue, item_key: str) -> Item | None:
    with store._read() as conn:
        row = conn.execute(
            sa.select(QueueItemRow.id).where(
                QueueItemRow.queue == queue.value, QueueItemRow.item_key == item_key
            )
        ).first()
    return None if row is None else get_item(store, row.id)


def list_items(
    store: WorkStore,
    *,
    queue: Queue | None = None,
    status: str | None = None,
    owner: str | None = None,
    open_only: bool = False,
    billing_npi: str | None = None,
    claim_id: str | None = None,
    limit: int | None = None,
) -> list[Item]:
    """Items without their notes and history, most money at stake first."""
    query = sa.select(QueueItemRow).order_by(
        QueueItemRow.amount.desc().nulls_last(), QueueItemRow.id
    )
    filters = [
        (QueueItemRow.queue, None if queue is None else queue.value),
        (QueueItemRow.status, status),
        (QueueItemRow.owner, owner),
        (QueueItemRow.billing_npi, billing_npi),
        (QueueItemRow.claim_id, claim_id),
    ]
    for column, value in filters:
        if value is not None:
            query = query.where(column == value)
    if open_only:
        query = query.where(QueueItemRow.status != CLOSED)
    if limit is not None:
        query = query.limit(limit)
    with store._read() as conn:
        return [Item.of(r) for r in conn.execute(query)]
