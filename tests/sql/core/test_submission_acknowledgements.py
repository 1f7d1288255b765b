"""core.submission_acknowledgements: whether each submission was front-end rejected.

METRICS.md section 1: a claim's submission is front-end rejected when a 999
rejects the transaction set that carried it, or a 277CA gives that submission
status category A3, A4, A6, A7 or A8. One rejection is enough; an
acknowledgement that matches no submission changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

NPI = "1234567893"


def submission(seq: int, file_id: int, *, claim_index: int = 0) -> dict[str, Any]:
    return {
        "billing_npi": NPI,
        "claim_id": "PCN1",
        "submission_seq": seq,
        "file_id": file_id,
        "claim_index": claim_index,
        "source": "x12",
        "submission_date": date(2026, 4, seq),
    }


def carried(file_id: int, transaction_index: int, *, claim_index: int = 0) -> dict[str, Any]:
    return {"file_id": file_id, "transaction_index": transaction_index, "claim_index": claim_index}


def ack_999(
    file_id: int, transaction_index: int, *, rejected: bool, matched: bool = True, day: int = 5
) -> dict[str, Any]:
    return {
        "ack_file_id": 50,
        "ack_transaction_index": 0,
        "ack_date": date(2026, 4, day),
        "set_status": "R" if rejected else "A",
        "rejected": rejected,
        "matched": matched,
        "submission_file_id": file_id if matched else None,
        "submission_transaction_index": transaction_index if matched else None,
    }


def ack_277(
    file_id: int,
    claim_index: int,
    *,
    rejected: bool,
    ack_claim_index: int = 0,
    matched: bool = True,
    day: int = 6,
) -> dict[str, Any]:
    return {
        "ack_file_id": 60,
        "ack_transaction_index": 0,
        "ack_claim_index": ack_claim_index,
        "level": "claim",
        "acknowledged_date": date(2026, 4, day),
        "statuses": "A7:21" if rejected else "A1:20",
        "rejected": rejected,
        "matched": matched,
        "submission_file_id": file_id if matched else None,
        "submission_claim_index": claim_index if matched else None,
    }


COLUMNS = [
    "acknowledgements_999",
    "acknowledgements_277ca",
    "has_acknowledgement",
    "rejected_999",
    "rejected_277ca",
    "front_end_rejected",
]


@pytest.mark.parametrize(
    ("acks_999", "acks_277", "expected"),
    [
        pytest.param([], [], (0, 0, False, False, False, False), id="no acknowledgement"),
        pytest.param(
            [ack_999(1, 0, rejected=False)], [], (1, 0, True, False, False, False), id="999 accepts"
        ),
        pytest.param(
            [ack_999(1, 0, rejected=True)],
            [],
            (1, 0, True, True, False, True),
            id="999 rejects the set",
        ),
        pytest.param(
            [ack_999(1, 1, rejected=True)],
            [],
            (0, 0, False, False, False, False),
            id="999 rejects another set",
        ),
        pytest.param(
            [ack_999(1, 0, rejected=True, matched=False)],
            [],
            (0, 0, False, False, False, False),
            id="unmatched 999",
        ),
        pytest.param(
            [],
            [ack_277(1, 0, rejected=False)],
            (0, 1, True, False, False, False),
            id="277CA accepts",
        ),
        pytest.param(
            [], [ack_277(1, 0, rejected=True)], (0, 1, True, False, True, True), id="277CA rejects"
        ),
        pytest.param(
            [],
            [ack_277(1, 3, rejected=True)],
            (0, 0, False, False, False, False),
            id="277CA rejects another claim",
        ),
        pytest.param(
            [ack_999(1, 0, rejected=False)],
            [ack_277(1, 0, rejected=False), ack_277(1, 0, rejected=True, ack_claim_index=1)],
            (1, 2, True, False, True, True),
            id="accepted by the 999, rejected by one of two 277CAs",
        ),
    ],
)
def test_front_end_rejected_when_a_999_or_277ca_rejects_the_submission(
    run_model,
    acks_999: list[dict[str, Any]],
    acks_277: list[dict[str, Any]],
    expected: tuple[Any, ...],
) -> None:
    rows = run_model(
        "core.submission_acknowledgements",
        {
            "core.submissions": [submission(1, 1)],
            "raw.x12_claims": [carried(1, 0)],
            "core.acknowledgements": acks_999,
            "core.claim_status_events": acks_277,
        },
        columns=COLUMNS,
    )
    assert rows == [dict(zip(COLUMNS, expected, strict=True))]


def test_each_submission_is_judged_on_its_own_acknowledgements(run_model) -> None:
    rows = run_model(
        "core.submission_acknowledgements",
        {
            "core.submissions": [submission(1, 1), submission(2, 2)],
            "raw.x12_claims": [carried(1, 0), carried(2, 0)],
            "core.acknowledgements": [ack_999(1, 0, rejected=True, day=3)],
            "core.claim_status_events": [ack_277(2, 0, rejected=False)],
        },
        columns=["submission_seq", "has_acknowledgement", "front_end_rejected", "rejected_date"],
    )
    assert rows == [
        {
            "submission_seq": 1,
            "has_acknowledgement": True,
            "front_end_rejected": True,
            "rejected_date": date(2026, 4, 3),
        },
        {
            "submission_seq": 2,
            "has_acknowledgement": True,
            "front_end_rejected": False,
            "rejected_date": None,
        },
    ]


def test_rejected_date_and_evidence_are_the_first_rejection(run_model) -> None:
    rows = run_model(
        "core.submission_acknowledgements",
        {
            "core.submissions": [submission(1, 1)],
            "raw.x12_claims": [carried(1, 0)],
            "core.acknowledgements": [ack_999(1, 0, rejected=True, day=9)],
            "core.claim_status_events": [ack_277(1, 0, rejected=True, day=7)],
        },
        columns=["rejected_date", "rejection_evidence"],
    )
    assert rows == [
        {"rejected_date": date(2026, 4, 7), "rejection_evidence": "277CA claim status A7:21"}
    ]
