"""core.submissions: every submission of a claim, its frequency and its order.

METRICS.md section 1: frequency code CLM05-3 is 1 original, 7 replacement,
8 void; any other or missing value is an original (kept and flagged, never
dropped). Submissions of a claim are ordered by submission date, then file
load order, then position in the file.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest


def submission(**values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "file_id": 1,
        "claim_index": 0,
        "source": "x12",
        "submission_date": date(2026, 3, 2),
        "billing_npi": "1234567893",
        "claim_id": "PCN1",
        "total_charge": Decimal("100.00"),
        "payer_id": "PAYER1",
    }
    row.update(values)
    return row


@pytest.mark.parametrize(
    ("sent", "frequency", "is_void", "is_replacement"),
    [
        ("1", "1", False, False),
        ("7", "7", False, True),
        ("8", "8", True, False),
        ("6", "1", False, False),
        (None, "1", False, False),
    ],
)
def test_frequency_code_other_or_missing_is_an_original(
    run_model, sent: str | None, frequency: str, is_void: bool, is_replacement: bool
) -> None:
    rows = run_model(
        "core.submissions",
        {"staging.stg_submissions": [submission(frequency_code=sent, frequency_code_sent=sent)]},
        columns=["frequency_code", "frequency_code_sent", "is_void", "is_replacement"],
    )
    assert rows == [
        {
            "frequency_code": frequency,
            "frequency_code_sent": sent,
            "is_void": is_void,
            "is_replacement": is_replacement,
        }
    ]


def test_submissions_of_a_claim_are_ordered_by_date_then_file_then_position(run_model) -> None:
    given = [
        submission(file_id=2, claim_index=0, submission_date=date(2026, 3, 2)),
        submission(file_id=1, claim_index=5, submission_date=date(2026, 3, 9)),
        submission(file_id=1, claim_index=3, submission_date=date(2026, 3, 9)),
        submission(file_id=3, claim_index=0, submission_date=date(2026, 3, 1), claim_id="PCN2"),
    ]
    rows = run_model(
        "core.submissions",
        {"staging.stg_submissions": given},
        columns=["claim_id", "submission_seq", "file_id", "claim_index"],
    )
    assert rows == [
        {"claim_id": "PCN1", "submission_seq": 1, "file_id": 2, "claim_index": 0},
        {"claim_id": "PCN1", "submission_seq": 2, "file_id": 1, "claim_index": 3},
        {"claim_id": "PCN1", "submission_seq": 3, "file_id": 1, "claim_index": 5},
        {"claim_id": "PCN2", "submission_seq": 1, "file_id": 3, "claim_index": 0},
    ]


def test_the_same_patient_control_number_at_two_billing_providers_is_two_claims(
    run_model,
) -> None:
    given = [
        submission(file_id=1, billing_npi="1234567893"),
        submission(file_id=2, billing_npi="1245319599"),
    ]
    rows = run_model(
        "core.submissions",
        {"staging.stg_submissions": given},
        columns=["billing_npi", "claim_id", "submission_seq"],
    )
    assert rows == [
        {"billing_npi": "1234567893", "claim_id": "PCN1", "submission_seq": 1},
        {"billing_npi": "1245319599", "claim_id": "PCN1", "submission_seq": 1},
    ]


@pytest.mark.parametrize(("sent", "payer"), [("PAYER1", "PAYER1"), (None, "UNKNOWN")])
def test_a_submission_without_a_payer_id_has_the_payer_unknown(
    run_model, sent: str | None, payer: str
) -> None:
    rows = run_model(
        "core.submissions",
        {"staging.stg_submissions": [submission(payer_id=sent)]},
        columns=["payer_id"],
    )
    assert rows == [{"payer_id": payer}]
