"""mart.claim_facts(D): one row per claim as it stood at the as-of date D.

METRICS.md section 2 (claim-level facts) with the readings of section 6:
billed_amount and payer come from the latest non-void submission dated <= D; a
claim whose latest submission dated <= D is a void is voided at D and its
balance is 0; insurance_balance(D) = billed - paid - payment adjustments -
patient responsibility - write-offs, all posted <= D (denial adjustments do not
reduce it); age_days(D) = D - first_submitted_date; the first remittance is the
earliest that is not a reversal; paid accumulates per posting date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

D = date(2026, 3, 31)
NPI = "1234567893"


def submission(
    seq: int, day: date, charge: str, frequency: str = "1", payer: str = "PAYERA"
) -> dict[str, Any]:
    return {
        "billing_npi": NPI,
        "claim_id": "PCN1",
        "submission_seq": seq,
        "file_id": seq,
        "claim_index": 0,
        "source": "x12",
        "submission_date": day,
        "frequency_code": frequency,
        "is_void": frequency == "8",
        "is_replacement": frequency == "7",
        "total_charge": Decimal(charge),
        "payer_id": payer,
    }


def remittance(
    seq: int, day: date, status: str, billed: str, paid: str, payer: str = "PAYERA"
) -> dict[str, Any]:
    return {
        "billing_npi": NPI,
        "claim_id": "PCN1",
        "remit_seq": seq,
        "file_id": 100 + seq,
        "claim_index": 0,
        "posting_date": day,
        "status_code": status,
        "is_reversal": status == "22",
        "is_denied_status": status == "4",
        "billed_amount": Decimal(billed),
        "paid_amount": Decimal(paid),
        "payer_id": payer,
        "matched": True,
        "match_status": "matched",
    }


def adjustment(
    seq: int, day: date, group: str, carc: str, amount: str, kind: str
) -> dict[str, Any]:
    """A CAS amount of remittance `seq`, with the class core.adjustments gives it."""
    return {
        "billing_npi": NPI,
        "claim_id": "PCN1",
        "remit_seq": seq,
        "file_id": 100 + seq,
        "claim_index": 0,
        "posting_date": day,
        "is_reversal": False,
        "payer_id": "PAYERA",
        "level": "claim",
        "group_code": group,
        "reason_code": carc,
        "amount": Decimal(amount),
        "adjustment_class": kind,
    }


def write_off(day: date, amount: str, reason: str = "BDWO") -> dict[str, Any]:
    return {
        "billing_npi": NPI,
        "claim_id": "PCN1",
        "adjustment_date": day,
        "amount": Decimal(amount),
        "adjustment_reason": reason,
    }


def acknowledgement(seq: int, rejected: bool) -> dict[str, Any]:
    return {
        "billing_npi": NPI,
        "claim_id": "PCN1",
        "submission_seq": seq,
        "file_id": seq,
        "claim_index": 0,
        "has_acknowledgement": True,
        "front_end_rejected": rejected,
    }


CASES: list[tuple[str, dict[str, list[dict[str, Any]]], dict[str, Any]]] = [
    (
        # A replacement (7) dated <= D replaces the billed amount and the payer;
        # the first submission still dates the claim: 2026-01-05 to 2026-03-31
        # is 26 + 28 + 31 = 85 days.
        "replacement_sets_billed_amount_and_payer",
        {
            "core.submissions": [
                submission(1, date(2026, 1, 5), "100.00"),
                submission(2, date(2026, 2, 1), "120.00", "7", payer="PAYERB"),
            ]
        },
        {
            "billed_amount": Decimal("120.00"),
            "payer_id": "PAYERB",
            "first_payer_id": "PAYERA",
            "first_submitted_date": date(2026, 1, 5),
            "is_voided": False,
            "insurance_balance": Decimal("120.00"),
            "age_days": 85,
        },
    ),
    (
        "replacement_after_as_of_date_changes_nothing",
        {
            "core.submissions": [
                submission(1, date(2026, 3, 1), "100.00"),
                submission(2, date(2026, 4, 2), "150.00", "7"),
            ]
        },
        {
            "billed_amount": Decimal("100.00"),
            "is_voided": False,
            "insurance_balance": Decimal("100.00"),
            "age_days": 30,
        },
    ),
    (
        # Voided at D: the latest submission dated <= D is a void; its balance is 0
        # although nothing was paid. The billed amount stays that of the latest
        # non-void submission.
        "void_on_or_before_as_of_date_voids_the_claim",
        {
            "core.submissions": [
                submission(1, date(2026, 2, 10), "200.00"),
                submission(2, D, "200.00", "8"),
            ]
        },
        {
            "billed_amount": Decimal("200.00"),
            "is_voided": True,
            "voided_date": D,
            "insurance_balance": Decimal("0.00"),
        },
    ),
    (
        "void_after_as_of_date_changes_nothing",
        {
            "core.submissions": [
                submission(1, date(2026, 2, 10), "200.00"),
                submission(2, date(2026, 4, 1), "200.00", "8"),
            ]
        },
        {
            "is_voided": False,
            "voided_date": None,
            "insurance_balance": Decimal("200.00"),
        },
    ),
    (
        # 200.00 billed; first remittance pays 120.00 with CO-45 30.00 (payment
        # adjustment), PR-2 20.00 (patient) and CO-97 30.00 (denial, stays in
        # A/R); a 10.00 write-off on 03-20. 200 - 120 - 30 - 20 - 10 = 20.00.
        # A payment and a write-off posted after D do not count. Paid 02-15:
        # 2026-01-10 to 2026-02-15 is 21 + 15 = 36 days; age 21 + 28 + 31 = 80.
        "insurance_balance_counts_what_posted_by_the_as_of_date",
        {
            "core.submissions": [submission(1, date(2026, 1, 10), "200.00")],
            "core.remittances": [
                remittance(1, date(2026, 2, 15), "1", "200.00", "120.00"),
                remittance(2, date(2026, 4, 5), "1", "200.00", "20.00"),
            ],
            "core.adjustments": [
                adjustment(1, date(2026, 2, 15), "CO", "45", "30.00", "payment_adjustment"),
                adjustment(1, date(2026, 2, 15), "PR", "2", "20.00", "patient_responsibility"),
                adjustment(1, date(2026, 2, 15), "CO", "97", "30.00", "denial_adjustment"),
            ],
            "core.write_offs": [
                write_off(date(2026, 3, 20), "10.00"),
                write_off(date(2026, 4, 10), "10.00"),
            ],
        },
        {
            "paid_amount": Decimal("120.00"),
            "payment_adjustments": Decimal("30.00"),
            "patient_responsibility": Decimal("20.00"),
            "denial_adjustments": Decimal("30.00"),
            "write_offs": Decimal("10.00"),
            "insurance_balance": Decimal("20.00"),
            "remitted": True,
            "first_remit_date": date(2026, 2, 15),
            "initially_denied": True,
            "initial_denied_amount": Decimal("30.00"),
            "first_pass_resolved": False,
            "first_paid_date": date(2026, 2, 15),
            "days_to_pay": 36,
            "age_days": 80,
        },
    ),
    (
        # CLP02 = 4 with no denial CAS: denied for its CLP03 (300.00). A later
        # remittance pays 250.00: recovered, and the first payment date is the
        # later one (2026-01-02 to 2026-03-01 is 29 + 29 + 1 = 58 days). The
        # replacement sent after the denial makes it resubmitted.
        "denied_by_status_then_resubmitted_and_recovered",
        {
            "core.submissions": [
                submission(1, date(2026, 1, 2), "300.00"),
                submission(2, date(2026, 2, 5), "300.00", "7"),
            ],
            "core.remittances": [
                remittance(1, date(2026, 2, 1), "4", "300.00", "0.00"),
                remittance(2, date(2026, 3, 1), "1", "300.00", "250.00"),
            ],
        },
        {
            "first_status_code": "4",
            "first_remit_billed": Decimal("300.00"),
            "initially_denied": True,
            "initial_denied_amount": Decimal("300.00"),
            "resubmitted": True,
            "first_pass_resolved": False,
            "recovered": True,
            "paid_amount": Decimal("250.00"),
            "first_paid_date": date(2026, 3, 1),
            "days_to_pay": 58,
            "insurance_balance": Decimal("50.00"),
        },
    ),
    (
        # A payment reversed the same day leaves cumulative paid at 0 that day:
        # the first payment date is the next day paid turns positive. The
        # reversal is summed with its sign and is never the first remittance
        # (paid on the first remittance itself is no recovery).
        "a_payment_reversed_the_same_day_is_not_the_first_payment",
        {
            "core.submissions": [submission(1, date(2026, 1, 20), "80.00")],
            "core.remittances": [
                remittance(1, date(2026, 2, 2), "1", "80.00", "50.00"),
                remittance(2, date(2026, 2, 2), "22", "-80.00", "-50.00"),
                remittance(3, date(2026, 2, 10), "1", "80.00", "60.00"),
            ],
        },
        {
            "first_remit_date": date(2026, 2, 2),
            "first_status_code": "1",
            "initially_denied": False,
            "initial_denied_amount": Decimal("0.00"),
            "first_pass_resolved": True,
            "recovered": False,
            "paid_amount": Decimal("60.00"),
            "first_paid_date": date(2026, 2, 10),
            "days_to_pay": 21,
            "insurance_balance": Decimal("20.00"),
        },
    ),
    (
        "no_remittance_yet",
        {"core.submissions": [submission(1, date(2026, 3, 30), "75.00")]},
        {
            "remitted": False,
            "first_remit_date": None,
            "initially_denied": False,
            "initial_denied_amount": None,
            "first_pass_resolved": False,
            "paid_amount": Decimal("0.00"),
            "first_paid_date": None,
            "days_to_pay": None,
            "insurance_balance": Decimal("75.00"),
            "age_days": 1,
        },
    ),
    (
        # Front-end rejection reads the first submission's acknowledgements only.
        "first_submission_rejected_front_end",
        {
            "core.submissions": [
                submission(1, date(2026, 3, 2), "90.00"),
                submission(2, date(2026, 3, 6), "90.00"),
            ],
            "core.submission_acknowledgements": [
                acknowledgement(1, rejected=True),
                acknowledgement(2, rejected=False),
            ],
        },
        {"first_acknowledged": True, "front_end_rejected": True},
    ),
    (
        "later_submission_rejected_front_end",
        {
            "core.submissions": [
                submission(1, date(2026, 3, 2), "90.00"),
                submission(2, date(2026, 3, 6), "90.00"),
            ],
            "core.submission_acknowledgements": [
                acknowledgement(1, rejected=False),
                acknowledgement(2, rejected=True),
            ],
        },
        {"first_acknowledged": True, "front_end_rejected": False},
    ),
]


@pytest.mark.parametrize(("given", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_claim_facts_at_as_of_date(
    run_model: Any, given: dict[str, list[dict[str, Any]]], expected: dict[str, Any]
) -> None:
    rows = run_model(
        "mart.claim_facts",
        given,
        query=f"SELECT * FROM mart.claim_facts(DATE '{D.isoformat()}')",
        columns=list(expected),
    )
    assert rows == [expected]


def test_a_claim_first_submitted_after_the_as_of_date_has_no_row(run_model: Any) -> None:
    rows = run_model(
        "mart.claim_facts",
        {"core.submissions": [submission(1, date(2026, 4, 1), "100.00")]},
        query=f"SELECT * FROM mart.claim_facts(DATE '{D.isoformat()}')",
    )
    assert rows == []
