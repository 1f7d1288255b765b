"""core.adjustments: every CAS amount of a remittance with exactly one class.

METRICS.md section 1 (adjustment classes, tested in order): a CARC of the
payment-adjustment list under a group other than PR is a payment adjustment
(fee schedule, multiple procedure, prior payer, negotiated discount,
sequestration...); any other CARC under CO, OA or PI is a denial adjustment.
Each CAS amount keeps its claim or line level and its reversal sign.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

NPI = "1234567893"


def remittance(claim_index: int = 0, *, reversal: bool = False) -> dict[str, Any]:
    return {
        "billing_npi": NPI,
        "claim_id": "PCN1",
        "remit_seq": claim_index + 1,
        "file_id": 1,
        "claim_index": claim_index,
        "posting_date": date(2026, 5, 10),
        "is_reversal": reversal,
        "payer_id": "P1",
    }


def cas(
    group: str,
    reason: str,
    amount: str = "25.00",
    *,
    claim_index: int = 0,
    line_index: int | None = None,
    segment: int = 20,
) -> dict[str, Any]:
    return {
        "file_id": 1,
        "claim_index": claim_index,
        "line_index": line_index,
        "segment": segment,
        "group_code": group,
        "reason_code": reason,
        "amount": Decimal(amount),
    }


@pytest.mark.parametrize(
    ("group", "reason", "adjustment_class"),
    [
        ("CO", "45", "payment_adjustment"),  # fee schedule
        ("CO", "59", "payment_adjustment"),  # multiple procedure
        ("OA", "23", "payment_adjustment"),  # prior payer
        ("CO", "131", "payment_adjustment"),  # negotiated discount
        ("CO", "253", "payment_adjustment"),  # sequestration
        ("CO", "94", "payment_adjustment"),  # processed in excess of charges
        ("CO", "2", "payment_adjustment"),  # coinsurance under a non-PR group
        ("OA", "1", "payment_adjustment"),  # deductible under a non-PR group
        ("CO", "16", "denial_adjustment"),  # missing information
        ("CO", "50", "denial_adjustment"),  # medical necessity
        ("CO", "97", "denial_adjustment"),  # bundled
        ("CO", "29", "denial_adjustment"),  # timely filing
        ("OA", "18", "denial_adjustment"),  # duplicate
        ("PI", "204", "denial_adjustment"),  # not covered by the plan
        ("CO", "Z99", "denial_adjustment"),  # a code the reference does not know
    ],
)
def test_adjustment_class_by_group_and_carc(
    run_model, group: str, reason: str, adjustment_class: str
) -> None:
    rows = run_model(
        "core.adjustments",
        {
            "core.remittances": [remittance()],
            "staging.stg_x12_adjustments": [cas(group, reason)],
        },
        columns=["group_code", "reason_code", "adjustment_class"],
    )
    assert rows == [
        {"group_code": group, "reason_code": reason, "adjustment_class": adjustment_class}
    ]


@pytest.mark.parametrize(
    ("reason", "category"),
    [
        ("27", "eligibility_coverage"),
        ("50", "medical_necessity"),
        ("97", "coding_bundling"),
        ("16", "missing_invalid_information"),
        ("29", "timely_filing"),
        ("18", "duplicate"),
        ("204", "non_covered"),
        ("Z99", "other"),
    ],
)
def test_denial_category_from_the_carc_reference(run_model, reason: str, category: str) -> None:
    rows = run_model(
        "core.adjustments",
        {
            "core.remittances": [remittance()],
            "staging.stg_x12_adjustments": [cas("CO", reason)],
        },
        columns=["carc_category"],
    )
    assert rows == [{"carc_category": category}]


def test_every_cas_amount_is_one_row_with_its_level_and_remittance(run_model) -> None:
    rows = run_model(
        "core.adjustments",
        {
            "core.remittances": [remittance(0), remittance(1, reversal=True)],
            "staging.stg_x12_adjustments": [
                cas("CO", "45", "30.00", segment=20),
                cas("CO", "45", "10.00", line_index=1, segment=25),
                cas("CO", "45", "-30.00", claim_index=1, segment=40),
                # a CAS of a CLP that is not in core.remittances has no claim key
                cas("CO", "45", "5.00", claim_index=9, segment=60),
            ],
        },
        columns=["remit_seq", "segment", "level", "amount", "is_reversal"],
    )
    assert rows == [
        {
            "remit_seq": 1,
            "segment": 20,
            "level": "claim",
            "amount": Decimal("30.00"),
            "is_reversal": False,
        },
        {
            "remit_seq": 1,
            "segment": 25,
            "level": "line",
            "amount": Decimal("10.00"),
            "is_reversal": False,
        },
        {
            "remit_seq": 2,
            "segment": 40,
            "level": "claim",
            "amount": Decimal("-30.00"),
            "is_reversal": True,
        },
    ]
