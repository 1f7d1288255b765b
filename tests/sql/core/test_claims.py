"""core.claims: one row per claim as it stands now.

METRICS.md section 1 and 6: billed_amount and the claim payer come from the
latest non-void submission; first_submitted_date is the earliest submission
date; a claim whose latest submission is a void (8) is voided from that date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

NPI = "1234567893"
FREQUENCY = {"1": (False, False), "7": (False, True), "8": (True, False)}


def submission(seq: int, frequency: str, day: int, charge: str, payer: str) -> dict[str, Any]:
    is_void, is_replacement = FREQUENCY[frequency]
    return {
        "billing_npi": NPI,
        "claim_id": "PCN1",
        "submission_seq": seq,
        "file_id": seq,
        "claim_index": 0,
        "source": "x12",
        "transaction_kind": "837P",
        "submission_date": date(2026, 4, day),
        "frequency_code": frequency,
        "is_void": is_void,
        "is_replacement": is_replacement,
        "total_charge": Decimal(charge),
        "payer_id": payer,
    }


COLUMNS = [
    "first_submitted_date",
    "submission_count",
    "replacement_count",
    "billed_amount",
    "payer_id",
    "is_voided",
    "voided_date",
]


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        pytest.param(
            [("1", 1, "100.00", "P1")],
            (1, 1, 0, "100.00", "P1", False, None),
            id="original only",
        ),
        pytest.param(
            [("1", 1, "100.00", "P1"), ("7", 8, "120.00", "P2")],
            (1, 2, 1, "120.00", "P2", False, None),
            id="replacement sets amount and payer",
        ),
        pytest.param(
            [("1", 1, "100.00", "P1"), ("7", 8, "120.00", "P2"), ("8", 15, "120.00", "P3")],
            (1, 3, 1, "120.00", "P2", True, 15),
            id="void after a replacement: amount and payer of the replacement",
        ),
        pytest.param(
            [("1", 1, "100.00", "P1"), ("8", 15, "100.00", "P1"), ("7", 20, "90.00", "P2")],
            (1, 3, 1, "90.00", "P2", False, None),
            id="replacement after a void: the claim is live again",
        ),
        pytest.param(
            [("1", 3, "100.00", "P1"), ("1", 10, "80.00", "P1")],
            (3, 2, 0, "80.00", "P1", False, None),
            id="second original: the latest one",
        ),
    ],
)
def test_latest_non_void_submission_sets_billed_amount_and_payer(
    run_model, history: list[tuple[str, int, str, str]], expected: tuple[Any, ...]
) -> None:
    given = [submission(seq, *step) for seq, step in enumerate(history, start=1)]
    first_day, count, replacements, billed, payer, voided, voided_day = expected
    rows = run_model("core.claims", {"core.submissions": given}, columns=COLUMNS)
    assert rows == [
        {
            "first_submitted_date": date(2026, 4, first_day),
            "submission_count": count,
            "replacement_count": replacements,
            "billed_amount": Decimal(billed),
            "payer_id": payer,
            "is_voided": voided,
            "voided_date": None if voided_day is None else date(2026, 4, voided_day),
        }
    ]


def test_claims_are_keyed_by_billing_provider_and_patient_control_number(run_model) -> None:
    given = [
        submission(1, "1", 1, "100.00", "P1"),
        {**submission(1, "1", 2, "50.00", "P1"), "billing_npi": "1245319599", "file_id": 9},
        {**submission(1, "1", 3, "70.00", "P1"), "claim_id": "PCN2", "file_id": 10},
    ]
    rows = run_model(
        "core.claims",
        {"core.submissions": given},
        columns=["billing_npi", "claim_id", "billed_amount", "first_file_id"],
    )
    assert rows == [
        {
            "billing_npi": NPI,
            "claim_id": "PCN1",
            "billed_amount": Decimal("100.00"),
            "first_file_id": 1,
        },
        {
            "billing_npi": NPI,
            "claim_id": "PCN2",
            "billed_amount": Decimal("70.00"),
            "first_file_id": 10,
        },
        {
            "billing_npi": "1245319599",
            "claim_id": "PCN1",
            "billed_amount": Decimal("50.00"),
            "first_file_id": 9,
        },
    ]
