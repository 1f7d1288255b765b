"""Queue items from the warehouse: run after each load and check.

`sync` reads the published warehouse (never writes it) and, in one work-store transaction:
opens an item for each new problem (a denied claim still owed, a claim with a credit
balance, a coding flag), keeps open items up to date (amount at stake, payer, CARC codes or
flag text), closes the items the warehouse shows resolved (paid, written off, voided,
refunded, flag no longer raised) and reopens the ones it closed whose problem came back.
Items a person closed stay closed, and notes and history are never touched: a rebuilt
warehouse finds the same items by their business keys.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import duckdb
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from rcm.workstore.queue_models import ClaimStatus, Queue, QueueHistoryRow, QueueItemRow
from rcm.workstore.queues import CLOSED, apply_change
from rcm.workstore.store import WorkStore, WorkStoreError, now

SYNC_ACTOR = "sync"
# Medicare: an overpayment must be returned within 60 days of its identification.
CREDIT_BALANCE_DAYS = 60
_SYNC_LOCK = 0x52434D51  # PostgreSQL advisory lock: one sync at a time
SYNCED = (Queue.DENIAL, Queue.CREDIT_BALANCE, Queue.COMPLIANCE_FLAG)

DENIALS_SQL = """
WITH denied AS (
    SELECT
        billing_npi,
        claim_id,
        string_agg(DISTINCT reason_code, ',' ORDER BY reason_code) AS carcs
    FROM core.adjustments
    WHERE adjustment_class = 'denial_adjustment' AND billing_npi IS NOT NULL
    GROUP BY billing_npi, claim_id
)
SELECT s.billing_npi, s.claim_id, s.payer_id, s.insurance_balance, d.carcs
FROM mart.claim_summary AS s
LEFT JOIN denied AS d USING (billing_npi, claim_id)
WHERE (d.claim_id IS NOT NULL OR s.initially_denied)
    AND NOT s.is_voided AND s.insurance_balance > 0
"""
CLAIMS_SQL = """
SELECT billing_npi, claim_id, payer_id, is_voided, write_offs, insurance_balance, billed_amount
FROM mart.claim_summary
"""
FLAGS_SQL = """
SELECT f.rule, f.billing_npi, f.claim_id, f.line_number, f.provider_npi, f.detail,
    s.payer_id, s.billed_amount
FROM dq.coding_flags AS f
LEFT JOIN mart.claim_summary AS s USING (billing_npi, claim_id)
"""
FLAG_KEY = ("rule", "billing_npi", "claim_id", "line_number", "provider_npi")
CHECKED_SQL = "SELECT count(*) FROM dq.check_runs WHERE finished_at IS NOT NULL"


@dataclass
class SyncReport:
    """Counts per queue of items created, updated, closed, reopened and kept as they were."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, queue: Queue, what: str) -> None:
        self.counts.setdefault(queue.value, Counter())[what] += 1

    def total(self, what: str) -> int:
        return sum(c[what] for c in self.counts.values())


@dataclass(frozen=True)
class Problem:
    """What the warehouse shows now for one business key."""

    queue: Queue
    item_key: str
    values: dict[str, Any]


def claim_key(billing_npi: str, claim_id: str) -> str:
    return f"{billing_npi}/{claim_id}"


def flag_key(rule: str, billing_npi: str | None, claim_id: str | None,
             line_number: int | None, provider_npi: str | None) -> str:  # fmt: skip
    parts = (rule, billing_npi, claim_id, line_number, provider_npi)
    return "/".join("" if p is None else str(p) for p in parts)


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _read_warehouse(
    con: duckdb.DuckDBPyConnection,
) -> tuple[list[Problem], dict[str, dict[str, Any]], bool]:
    """The problems the warehouse shows, every claim's state by key, and whether the checks
    have run (before they have, an empty flag table says nothing)."""
    try:
        claims = {claim_key(r["billing_npi"], r["claim_id"]): r for r in _rows(con, CLAIMS_SQL)}
        denials = _rows(con, DENIALS_SQL)
        flags = _rows(con, FLAGS_SQL)
        checked = bool(con.execute(CHECKED_SQL).fetchone()[0])  # type: ignore[index]
    except duckdb.CatalogException as exc:
        raise WorkStoreError(f"the warehouse is not built yet (load files first): {exc}") from None
    problems = [
        Problem(Queue.DENIAL, claim_key(r["billing_npi"], r["claim_id"]), {
            "billing_npi": r["billing_npi"], "claim_id": r["claim_id"], "payer_id": r["payer_id"],
            "amount": _money(r["insurance_balance"]),
            "detail": None if r["carcs"] is None else f"CARC {r['carcs']}",
        })
        for r in denials
    ]  # fmt: skip
    problems += [
        Problem(Queue.CREDIT_BALANCE, key, {
            "billing_npi": r["billing_npi"], "claim_id": r["claim_id"], "payer_id": r["payer_id"],
            "amount": _money(-r["insurance_balance"]), "detail": "refund due",
        })
        for key, r in claims.items()
        if not r["is_voided"] and r["insurance_balance"] is not None and r["insurance_balance"] < 0
    ]  # fmt: skip
    problems += [
        Problem(Queue.COMPLIANCE_FLAG, flag_key(**{k: r[k] for k in FLAG_KEY}), {
            "billing_npi": r["billing_npi"], "claim_id": r["claim_id"], "rule": r["rule"],
            "line_number": r["line_number"], "provider_npi": r["provider_npi"],
            "payer_id": r["payer_id"], "amount": _money(r["billed_amount"]), "detail": r["detail"],
        })
        for r in flags
    ]  # fmt: skip
    return problems, claims, checked


def _resolution(item: Any, claims: dict[str, dict[str, Any]], checked: bool) -> str | None:
    """Why an open item whose problem the warehouse no longer shows is resolved; None when
    the warehouse cannot tell (claim not loaded, checks not run)."""
    if item.queue == Queue.COMPLIANCE_FLAG.value:
        return "flag_gone" if checked else None
    claim = claims.get(item.item_key)
    if claim is None:
        return None
    if claim["is_voided"]:
        return "voided"
    if item.queue == Queue.CREDIT_BALANCE.value:
        return "refunded"
    return "written_off" if claim["write_offs"] else "paid"


def _due(queue: Queue, at: dt.datetime) -> dt.date | None:
    if queue is Queue.CREDIT_BALANCE:
        return at.date() + dt.timedelta(days=CREDIT_BALANCE_DAYS)
    return None


def _create(conn: Connection, problem: Problem, actor: str) -> None:
    at = now()
    item_id = conn.execute(
        sa.insert(QueueItemRow)
        .values(
            queue=problem.queue.value, item_key=problem.item_key, status=ClaimStatus.NEW.value,
            due_date=_due(problem.queue, at), opened_at=at, updated_at=at, updated_by=actor,
            version=1, **problem.values,
        )
        .returning(QueueItemRow.id)
    ).scalar_one()  # fmt: skip
    conn.execute(
        sa.insert(QueueHistoryRow).values(
            item_id=item_id, at=at, actor=actor, field="status", old_value=None, new_value="new"
        )
    )


def sync(
    store: WorkStore, con: duckdb.DuckDBPyConnection, *, actor: str = SYNC_ACTOR
) -> SyncReport:
    """Bring the denial, credit-balance and compliance queues in line with the warehouse
    behind `con` (read only). Running it twice on the same warehouse changes nothing."""
    problems, claims, checked = _read_warehouse(con)
    report = SyncReport()
    with store._write() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SYNC_LOCK})
        query = sa.select(QueueItemRow).where(QueueItemRow.queue.in_([q.value for q in SYNCED]))
        items = {(r.queue, r.item_key): r for r in conn.execute(query)}
        seen: set[tuple[str, str]] = set()
        for problem in problems:
            key = (problem.queue.value, problem.item_key)
            if key in seen:
                continue
            seen.add(key)
            row = items.get(key)
            if row is None:
                _create(conn, problem, actor)
                report.add(problem.queue, "created")
                continue
            values = dict(problem.values)
            what = "updated"
            if row.status == CLOSED:
                if row.closed_by != actor:  # a person closed it: their decision stands
                    report.add(problem.queue, "kept")
                    continue
                values |= {"status": ClaimStatus.NEW.value, "closed_at": None, "closed_by": None,
                           "resolution": None}  # fmt: skip
                if problem.queue is Queue.CREDIT_BALANCE:
                    values["due_date"] = _due(problem.queue, now())
                what = "reopened"
            changed = any(getattr(row, k) != v for k, v in values.items())
            if changed and apply_change(conn, row, values, actor, row.version):
                report.add(problem.queue, what)
            else:
                report.add(problem.queue, "kept")
        for key, row in items.items():
            if key in seen or row.status == CLOSED:
                continue
            resolution = _resolution(row, claims, checked)
            queue = Queue(row.queue)
            if resolution is None:
                report.add(queue, "kept")
                continue
            values = {"status": CLOSED, "closed_at": now(), "closed_by": actor,
                      "resolution": resolution}  # fmt: skip
            if apply_change(conn, row, values, actor, row.version):
                report.add(queue, "closed")
        store._audit(conn, "queue_sync", user=actor,
                     detail={q: dict(c) for q, c in report.counts.items()})  # fmt: skip
    return report
