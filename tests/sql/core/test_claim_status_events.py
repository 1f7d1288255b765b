"""core.claim_status_events: 277CA claim statuses tied to the submission they acknowledge.

METRICS.md section 1: a 277CA rejects a submission when it gives it status
category A3, A4, A6, A7 or A8 (in any of the STC's three status composites).
The acknowledged submission is the claim's latest 837 submission dated on or
before the 277CA (same billing provider NPI and patient control number).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

NPI = "1234567893"


def status(
    category: str | None,
    *,
    category_2: str | None = None,
    category_3: str | None = None,
    day: int = 10,
    billing_npi: str | None = NPI,
) -> dict[str, Any]:
    return {
        "file_id": 60,
        "transaction_index": 0,
        "ack_claim_index": 0,
        "segment": 30,
        "level": "claim",
        "ack_date": date(2026, 4, day),
        "billing_id_qualifier": "XX",
        "billing_id": billing_npi,
        "billing_npi": billing_npi,
        "claim_id": "PCN1",
        "category_code": category,
        "category_code_2": category_2,
        "category_code_3": category_3,
    }


def submission(seq: int, file_id: int, day: int) -> dict[str, Any]:
    return {
        "billing_npi": NPI,
        "claim_id": "PCN1",
        "submission_seq": seq,
        "file_id": file_id,
        "claim_index": 0,
        "source": "x12",
        "submission_date": date(2026, 4, day),
    }


@pytest.mark.parametrize(
    ("categories", "rejected"),
    [
        (("A1", None, None), False),
        (("A2", None, None), False),
        (("A5", None, None), False),
        (("A3", None, None), True),
        (("A4", None, None), True),
        (("A6", None, None), True),
        (("A7", None, None), True),
        (("A8", None, None), True),
        (("A1", "A7", None), True),
        (("A2", None, "A3"), True),
    ],
)
def test_rejected_by_status_category(
    run_model, categories: tuple[str | None, str | None, str | None], rejected: bool
) -> None:
    first, second, third = categories
    rows = run_model(
        "core.claim_status_events",
        {
            "staging.stg_x12_claim_statuses": [status(first, category_2=second, category_3=third)],
            "core.submissions": [submission(1, 1, 1)],
        },
        columns=["rejected", "matched"],
    )
    assert rows == [{"rejected": rejected, "matched": True}]


@pytest.mark.parametrize(
    ("ack_day", "matched", "submission_file_id"),
    [
        pytest.param(3, True, 1, id="after the original only"),
        pytest.param(8, True, 2, id="the replacement dated on the 277CA's date"),
        pytest.param(20, True, 2, id="after both: the latest"),
        pytest.param(1, False, None, id="before any submission"),
    ],
)
def test_acknowledges_the_latest_submission_dated_on_or_before_it(
    run_model, ack_day: int, matched: bool, submission_file_id: int | None
) -> None:
    rows = run_model(
        "core.claim_status_events",
        {
            "staging.stg_x12_claim_statuses": [status("A1", day=ack_day)],
            "core.submissions": [submission(1, 1, 2), submission(2, 2, 8)],
        },
        columns=["matched", "submission_file_id"],
    )
    assert rows == [{"matched": matched, "submission_file_id": submission_file_id}]


def test_a_status_of_another_billing_provider_matches_nothing(run_model) -> None:
    rows = run_model(
        "core.claim_status_events",
        {
            "staging.stg_x12_claim_statuses": [status("A7", billing_npi="1245319599")],
            "core.submissions": [submission(1, 1, 1)],
        },
        columns=["rejected", "matched", "submission_file_id"],
    )
    assert rows == [{"rejected": True, "matched": False, "submission_file_id": None}]
