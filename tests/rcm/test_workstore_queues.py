"""Work queues on both backends: items made from a hand-made warehouse, auto-close and
reopen rules, notes that outlive a rebuilt warehouse, an idempotent sync, and two writers on
one item (one wins, the other is told)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import duckdb
import pytest

from rcm.workstore import WorkStore, WorkStoreError
from rcm.workstore.queue_models import ClaimStatus, FlagStatus, Queue
from rcm.workstore.queue_sync import sync
from rcm.workstore.queues import (
    QueueConflict,
    add_note,
    assign,
    find_item,
    get_item,
    list_items,
    set_status,
)

NPI = "1234567893"
PASSWORD = "correct horse battery"
# billing_npi, claim_id, payer_id, is_voided, write_offs, insurance_balance, billed, initially_denied
Claim = tuple[str, str, str, bool, str, str, str, bool]
DENIED: Claim = (NPI, "C1", "P1", False, "0", "120.00", "120.00", True)
CREDIT: Claim = (NPI, "C2", "P1", False, "0", "-30.00", "100.00", False)
FLAG = ("NCCI_PTP", NPI, "C3", 2, None, "99213 with 99214")


def warehouse(
    claims: list[Claim], denials: list[str], flags: list[tuple[Any, ...]], checked: bool = True
) -> duckdb.DuckDBPyConnection:
    """The few tables the sync reads, with the given rows; `denials` names the claims with a
    denial adjustment."""
    con = duckdb.connect()
    con.execute("CREATE SCHEMA core; CREATE SCHEMA mart; CREATE SCHEMA dq")
    con.execute(
        "CREATE TABLE mart.claim_summary (billing_npi VARCHAR, claim_id VARCHAR, payer_id VARCHAR,"
        " is_voided BOOLEAN, write_offs DECIMAL(18,2), insurance_balance DECIMAL(18,2),"
        " billed_amount DECIMAL(18,2), initially_denied BOOLEAN)"
    )
    con.execute(
        "CREATE TABLE core.adjustments (billing_npi VARCHAR, claim_id VARCHAR,"
        " adjustment_class VARCHAR, reason_code VARCHAR)"
    )
    con.execute(
        "CREATE TABLE dq.coding_flags (rule VARCHAR, billing_npi VARCHAR, claim_id VARCHAR,"
        " line_number INTEGER, provider_npi VARCHAR, detail VARCHAR)"
    )
    con.execute("CREATE TABLE dq.check_runs (check_run_id INTEGER, finished_at TIMESTAMPTZ)")
    con.executemany("INSERT INTO mart.claim_summary VALUES (?, ?, ?, ?, ?, ?, ?, ?)", claims)
    for claim_id in denials:
        con.execute("INSERT INTO core.adjustments VALUES (?, ?, 'denial_adjustment', '50')",
                    [NPI, claim_id])  # fmt: skip
    # a payment adjustment is not a denial
    con.execute("INSERT INTO core.adjustments VALUES (?, 'C2', 'payment_adjustment', '45')", [NPI])
    for flag in flags:
        con.execute("INSERT INTO dq.coding_flags VALUES (?, ?, ?, ?, ?, ?)", list(flag))
    if checked:
        con.execute("INSERT INTO dq.check_runs VALUES (1, now())")
    return con


def base() -> duckdb.DuckDBPyConnection:
    flagged: Claim = (NPI, "C3", "P2", False, "0", "0", "80.00", False)
    return warehouse([DENIED, CREDIT, flagged], ["C1"], [FLAG])


@pytest.fixture()
def store(work_url: str) -> Iterator[WorkStore]:
    with WorkStore(work_url) as opened:
        opened.add_user("ann", "revenue", PASSWORD, actor="test")
        opened.add_user("bob", "revenue", PASSWORD, actor="test")
        yield opened


def item(store: WorkStore, queue: Queue, key: str) -> Any:
    found = find_item(store, queue, key)
    assert found is not None, f"no {queue} item {key}"
    return found


def test_sync_opens_one_item_per_problem_and_is_idempotent(store: WorkStore) -> None:
    first = sync(store, base())
    assert first.total("created") == 3
    denial = item(store, Queue.DENIAL, f"{NPI}/C1")
    assert (denial.status, denial.amount, denial.detail) == (
        ClaimStatus.NEW,
        Decimal("120.00"),
        "CARC 50",
    )
    credit = item(store, Queue.CREDIT_BALANCE, f"{NPI}/C2")
    assert credit.amount == Decimal("30.00") and credit.due_date is not None
    assert (credit.due_date - credit.opened_at.date()).days == 60
    flag = item(store, Queue.COMPLIANCE_FLAG, f"NCCI_PTP/{NPI}/C3/2/")
    assert (flag.status, flag.rule, flag.line_number) == (FlagStatus.NEW, "NCCI_PTP", 2)
    assert {i.claim_id for i in list_items(store)} == {"C1", "C2", "C3"}
    before = [(i.id, i.version) for i in list_items(store)]
    again = sync(store, base())
    assert again.total("created") == again.total("updated") == again.total("closed") == 0
    assert [(i.id, i.version) for i in list_items(store)] == before


# claim C1 afterwards, and the resolution its denial item closes with
CLOSING = [
    ("paid", (NPI, "C1", "P1", False, "0", "0", "120.00", True)),
    ("written_off", (NPI, "C1", "P1", False, "120.00", "0", "120.00", True)),
    ("voided", (NPI, "C1", "P1", True, "0", "0", "120.00", True)),
]


@pytest.mark.parametrize(("resolution", "after"), CLOSING, ids=[c[0] for c in CLOSING])
def test_a_denial_closes_when_the_warehouse_shows_it_resolved(
    store: WorkStore, resolution: str, after: Claim
) -> None:
    sync(store, base())
    opened = item(store, Queue.DENIAL, f"{NPI}/C1")
    assign(store, opened.id, "ann", actor="ann", version=opened.version)
    report = sync(store, warehouse([after, CREDIT], ["C1"], [FLAG]))
    closed = item(store, Queue.DENIAL, f"{NPI}/C1")
    assert (closed.status, closed.resolution, closed.closed_by) == ("closed", resolution, "sync")
    assert closed.closed_at is not None and closed.owner == "ann"
    assert report.counts["denial"]["closed"] == 1
    assert [(c.field, c.old, c.new) for c in closed.history if c.field == "status"] == [
        ("status", None, "new"), ("status", "new", "assigned"), ("status", "assigned", "closed"),
    ]  # fmt: skip


# the warehouse afterwards, the queue and key of the item, and the resolution
OTHER_CLOSES = [
    ("refunded", [DENIED, (NPI, "C2", "P1", False, "0", "0", "100.00", False)], [FLAG],
     Queue.CREDIT_BALANCE, f"{NPI}/C2"),
    ("flag_gone", [DENIED, CREDIT], [], Queue.COMPLIANCE_FLAG, f"NCCI_PTP/{NPI}/C3/2/"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("resolution", "claims", "flags", "queue", "key"),
    OTHER_CLOSES,
    ids=[c[0] for c in OTHER_CLOSES],
)
def test_credit_balances_and_flags_close_when_gone(
    store: WorkStore, resolution: str, claims: list[Claim], flags: list[Any], queue: Queue, key: str
) -> None:
    sync(store, base())
    sync(store, warehouse(claims, ["C1"], flags))
    closed = item(store, queue, key)
    assert (closed.status, closed.resolution) == ("closed", resolution)


def test_flags_stay_open_before_the_checks_have_run(store: WorkStore) -> None:
    sync(store, base())
    sync(store, warehouse([DENIED, CREDIT], ["C1"], [], checked=False))
    assert item(store, Queue.COMPLIANCE_FLAG, f"NCCI_PTP/{NPI}/C3/2/").status == FlagStatus.NEW


def test_a_problem_back_after_an_automatic_close_reopens_its_item(store: WorkStore) -> None:
    sync(store, base())
    add_note(store, item(store, Queue.DENIAL, f"{NPI}/C1").id, "called the payer", actor="ann")
    paid: Claim = (NPI, "C1", "P1", False, "0", "0", "120.00", True)
    sync(store, warehouse([paid, CREDIT], ["C1"], [FLAG]))
    # a reversal puts the balance back
    reopened_claim: Claim = (NPI, "C1", "P1", False, "0", "55.00", "120.00", True)
    report = sync(store, warehouse([reopened_claim, CREDIT], ["C1"], [FLAG]))
    reopened = item(store, Queue.DENIAL, f"{NPI}/C1")
    assert report.counts["denial"]["reopened"] == 1
    assert (reopened.status, reopened.closed_at, reopened.resolution) == ("new", None, None)
    assert reopened.amount == Decimal("55.00")
    assert [n.body for n in reopened.notes] == ["called the payer"]
    assert len(list_items(store, queue=Queue.DENIAL)) == 1


def test_an_item_a_person_closed_stays_closed(store: WorkStore) -> None:
    sync(store, base())
    flag = item(store, Queue.COMPLIANCE_FLAG, f"NCCI_PTP/{NPI}/C3/2/")
    flag = set_status(store, flag.id, "false_positive", actor="ann", version=flag.version)
    flag = set_status(store, flag.id, "closed", actor="ann", version=flag.version)
    report = sync(store, base())
    kept = get_item(store, flag.id)
    assert (kept.status, kept.closed_by, kept.version) == ("closed", "ann", flag.version)
    assert report.counts["compliance_flag"]["reopened"] == 0


def test_notes_and_history_survive_a_sync_against_a_rebuilt_warehouse(store: WorkStore) -> None:
    sync(store, base())
    denial = item(store, Queue.DENIAL, f"{NPI}/C1")
    denial = set_status(store, denial.id, "appealed", actor="ann", version=denial.version)
    add_note(store, denial.id, "appeal sent with records", actor="ann")
    add_note(store, denial.id, "payer asked for the op note", actor="bob")
    # the warehouse is built again from nothing: same business keys, new everything else
    sync(store, base())
    after = item(store, Queue.DENIAL, f"{NPI}/C1")
    assert after.id == denial.id and after.status == "appealed"
    assert [(n.author, n.body) for n in after.notes] == [
        ("ann", "appeal sent with records"), ("bob", "payer asked for the op note"),
    ]  # fmt: skip
    assert all(n.at.tzinfo is not None for n in after.notes)
    assert ("status", "new", "appealed", "ann") in [
        (c.field, c.old, c.new, c.actor) for c in after.history
    ]


def test_a_write_against_a_stale_version_is_refused(store: WorkStore) -> None:
    sync(store, base())
    read_by_ann = read_by_bob = item(store, Queue.DENIAL, f"{NPI}/C1")
    set_status(store, read_by_ann.id, "in_progress", actor="ann", version=read_by_ann.version)
    with pytest.raises(QueueConflict, match=r"changed by ann .* reload it and try again"):
        assign(store, read_by_bob.id, "bob", actor="bob", version=read_by_bob.version)
    now = get_item(store, read_by_ann.id)
    assert (now.status, now.owner, now.updated_by) == ("in_progress", None, "ann")


def test_two_writers_at_once_on_one_item_one_wins(store: WorkStore, work_url: str) -> None:
    sync(store, base())
    read = item(store, Queue.DENIAL, f"{NPI}/C1")
    go = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def write(who: str, status: str) -> None:
        with WorkStore(work_url) as own:
            go.wait()
            try:
                set_status(own, read.id, status, actor=who, version=read.version)
                outcomes[who] = "won"
            except QueueConflict as exc:
                outcomes[who] = str(exc)

    threads = [
        threading.Thread(target=write, args=a)
        for a in (("ann", "appealed"), ("bob", "resubmitted"))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    winner = [w for w, o in outcomes.items() if o == "won"]
    assert len(winner) == 1 and len(outcomes) == 2
    loser = next(w for w in outcomes if w not in winner)
    assert f"changed by {winner[0]}" in outcomes[loser]
    final = get_item(store, read.id)
    assert final.version == read.version + 1
    assert final.status == {"ann": "appealed", "bob": "resubmitted"}[winner[0]]
    assert [c.actor for c in final.history if c.field == "status"][-1] == winner[0]


REFUSED = [
    (Queue.DENIAL, "false_positive", "not one of the denial queue's"),
    (Queue.COMPLIANCE_FLAG, "appealed", "not one of the compliance_flag queue's"),
]


@pytest.mark.parametrize(("queue", "status", "message"), REFUSED)
def test_statuses_are_a_closed_set_per_queue(
    store: WorkStore, queue: Queue, status: str, message: str
) -> None:
    sync(store, base())
    one = list_items(store, queue=queue)[0]
    with pytest.raises(WorkStoreError, match=message):
        set_status(store, one.id, status, actor="ann", version=one.version)
    assert get_item(store, one.id).version == one.version


def test_assign_needs_an_active_user_and_notes_need_text(store: WorkStore) -> None:
    sync(store, base())
    one = item(store, Queue.DENIAL, f"{NPI}/C1")
    store.disable("bob", actor="test")
    with pytest.raises(WorkStoreError, match="no active user 'bob'"):
        assign(store, one.id, "bob", actor="ann", version=one.version)
    with pytest.raises(WorkStoreError, match="needs some text"):
        add_note(store, one.id, "  ", actor="ann")
    with pytest.raises(WorkStoreError, match="no queue item 999"):
        add_note(store, 999, "hello", actor="ann")
    assigned = assign(store, one.id, "ann", actor="ann", version=one.version)
    assert (assigned.owner, assigned.status) == ("ann", "assigned")
    assert [i.id for i in list_items(store, owner="ann")] == [one.id]
    assert [e.action for e in store.audit_log(user="ann", limit=1)] == ["queue_item_changed"]
