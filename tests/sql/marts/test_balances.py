"""Claim balances and A/R aging: mart.aging_bucket, mart.claim_balances_at,
mart.ar_buckets_at and mart.ar_snapshots_of.

METRICS.md section 2 (insurance_balance(D), age_days(D)), section 3 (A/R aging
buckets 0-30, 31-60, 61-90, 91-120, 121+; days in A/R; A/R > 90 days) and
section 6 (voids, closed bucket ranges of whole days, A/R > 90 days means
age_days >= 91, the days-in-A/R denominator takes claims first submitted on
D - 89 through D).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

NPI = "1234567893"


def submission(
    claim: str, seq: int, day: date, charge: str, frequency: str = "1", payer: str = "PAYERA"
) -> dict[str, Any]:
    return {
        "billing_npi": NPI,
        "claim_id": claim,
        "submission_seq": seq,
        "submission_date": day,
        "frequency_code": frequency,
        "is_void": frequency == "8",
        "is_replacement": frequency == "7",
        "total_charge": Decimal(charge),
        "payer_id": payer,
    }


def claim(claim_id: str, first_submitted: date) -> dict[str, Any]:
    return {"billing_npi": NPI, "claim_id": claim_id, "first_submitted_date": first_submitted}


def remittance(claim_id: str, seq: int, day: date, paid: str, status: str = "1") -> dict[str, Any]:
    return {
        "billing_npi": NPI,
        "claim_id": claim_id,
        "remit_seq": seq,
        "posting_date": day,
        "status_code": status,
        "is_reversal": status == "22",
        "paid_amount": Decimal(paid),
        "matched": True,
    }


def adjustment(
    claim_id: str, day: date, group: str, carc: str, amount: str, kind: str
) -> dict[str, Any]:
    return {
        "billing_npi": NPI,
        "claim_id": claim_id,
        "posting_date": day,
        "group_code": group,
        "reason_code": carc,
        "amount": Decimal(amount),
        "adjustment_class": kind,
    }


AGES = [
    (0, 1),
    (30, 1),
    (31, 2),
    (60, 2),
    (61, 3),
    (90, 3),
    (91, 4),
    (120, 4),
    (121, 5),
    (400, 5),
]


@pytest.mark.parametrize(("age_days", "bucket"), AGES)
def test_aging_bucket_boundaries_are_closed_ranges_of_whole_days(
    run_model: Any, age_days: int, bucket: int
) -> None:
    rows = run_model("mart.aging_bucket", query=f"SELECT mart.aging_bucket({age_days}) AS bucket")
    assert rows == [{"bucket": bucket}]


# One claim through time: 200.00 billed on 01-10; on 02-15 paid 120.00 with
# CO-45 30.00 (payment adjustment), PR-2 20.00 (patient) and CO-97 30.00 (a
# denial, which stays in A/R); replaced on 03-05 at 220.00; 10.00 written off
# on 03-20; voided on 04-15. A second claim was overpaid by 10.00: its
# balance is negative (the credit balance of section 2 is derived from it).
HISTORY = {
    "core.claims": [claim("PCN1", date(2026, 1, 10)), claim("PCN2", date(2026, 3, 1))],
    "core.submissions": [
        submission("PCN1", 1, date(2026, 1, 10), "200.00"),
        submission("PCN1", 2, date(2026, 3, 5), "220.00", "7"),
        submission("PCN1", 3, date(2026, 4, 15), "220.00", "8"),
        submission("PCN2", 1, date(2026, 3, 1), "100.00", payer="PAYERB"),
    ],
    "core.remittances": [
        remittance("PCN1", 1, date(2026, 2, 15), "120.00"),
        remittance("PCN2", 1, date(2026, 3, 10), "110.00"),
    ],
    "core.adjustments": [
        adjustment("PCN1", date(2026, 2, 15), "CO", "45", "30.00", "payment_adjustment"),
        adjustment("PCN1", date(2026, 2, 15), "PR", "2", "20.00", "patient_responsibility"),
        adjustment("PCN1", date(2026, 2, 15), "CO", "97", "30.00", "denial_adjustment"),
    ],
    "core.write_offs": [
        {
            "billing_npi": NPI,
            "claim_id": "PCN1",
            "adjustment_date": date(2026, 3, 20),
            "amount": Decimal("10.00"),
        }
    ],
}

# (as-of date, claim, payer, voided, billed, balance, age days) worked by hand:
# 01-10 to 02-14 is 21 + 14 = 35 days; to 03-05 21 + 28 + 5 = 54; to 03-31 80;
# to 04-15 95.
BALANCES = [
    (date(2026, 1, 10), "PCN1", "PAYERA", False, "200.00", "200.00", 0),
    (date(2026, 2, 14), "PCN1", "PAYERA", False, "200.00", "200.00", 35),
    (date(2026, 2, 15), "PCN1", "PAYERA", False, "200.00", "30.00", 36),
    (date(2026, 3, 5), "PCN1", "PAYERA", False, "220.00", "50.00", 54),
    (date(2026, 3, 5), "PCN2", "PAYERB", False, "100.00", "100.00", 4),
    (date(2026, 3, 31), "PCN1", "PAYERA", False, "220.00", "40.00", 80),
    (date(2026, 3, 31), "PCN2", "PAYERB", False, "100.00", "-10.00", 30),
    (date(2026, 4, 15), "PCN1", "PAYERA", True, None, "0.00", 95),
    (date(2026, 4, 15), "PCN2", "PAYERB", False, "100.00", "-10.00", 45),
]


def test_claim_balances_at_several_dates(run_model: Any) -> None:
    dates = sorted({row[0] for row in BALANCES} | {date(2026, 1, 9)})
    listed = ", ".join(f"DATE '{day.isoformat()}'" for day in dates)
    rows = run_model(
        "mart.claim_balances_at",
        HISTORY,
        query=f"""
            SELECT as_of_date, claim_id, payer_id, is_voided, billed_amount,
                insurance_balance, age_days
            FROM mart.claim_balances_at([{listed}])
            ORDER BY as_of_date, claim_id
        """,
    )
    assert rows == [
        {
            "as_of_date": day,
            "claim_id": claim_id,
            "payer_id": payer,
            "is_voided": voided,
            "billed_amount": None if billed is None else Decimal(billed),
            "insurance_balance": Decimal(balance),
            "age_days": age,
        }
        for day, claim_id, payer, voided, billed, balance, age in BALANCES
    ]


def test_ar_buckets_at_sums_balances_by_payer_and_bucket(run_model: Any) -> None:
    d = date(2026, 3, 31)
    # claim, first submitted (age at 03-31), payer, billed, paid, voided
    claims = [
        ("A1", date(2026, 3, 31), "PAYERA", "100.00", None, False),  # age 0
        ("A2", date(2026, 3, 1), "PAYERA", "50.00", None, False),  # age 30
        ("A3", date(2026, 2, 28), "PAYERA", "40.00", None, False),  # age 31
        ("A4", date(2026, 1, 1), "PAYERA", "70.00", None, False),  # age 89: last 90 days
        ("A5", date(2025, 12, 31), "PAYERB", "60.00", None, False),  # age 90: not
        ("A6", date(2025, 11, 30), "PAYERB", "80.00", None, False),  # age 121
        ("A7", date(2026, 3, 21), "PAYERB", "500.00", None, True),  # voided: nowhere
        ("A8", date(2026, 3, 10), "PAYERA", "25.00", "25.00", False),  # paid in full
    ]
    given: dict[str, list[dict[str, Any]]] = {
        "core.claims": [claim(c, day) for c, day, *_ in claims],
        "core.submissions": [
            submission(c, 1, day, billed, payer=payer) for c, day, payer, billed, _, _ in claims
        ]
        + [
            submission(c, 2, day, billed, "8", payer=payer)
            for c, day, payer, billed, _, voided in claims
            if voided
        ],
        "core.remittances": [
            remittance(c, 1, d, paid) for c, _, _, _, paid, _ in claims if paid is not None
        ],
    }
    rows = run_model(
        "mart.ar_buckets_at",
        given,
        query=f"""
            SELECT payer_id, bucket_order, claims, balance, charges_last_90_days
            FROM mart.ar_buckets_at([DATE '{d.isoformat()}'])
            ORDER BY payer_id, bucket_order
        """,
    )
    assert rows == [
        # A1 + A2 (A8 has no balance, but its charge is in the last 90 days)
        {
            "payer_id": "PAYERA",
            "bucket_order": 1,
            "claims": 2,
            "balance": Decimal("150.00"),
            "charges_last_90_days": Decimal("175.00"),
        },
        {
            "payer_id": "PAYERA",
            "bucket_order": 2,
            "claims": 1,
            "balance": Decimal("40.00"),
            "charges_last_90_days": Decimal("40.00"),
        },
        {
            "payer_id": "PAYERA",
            "bucket_order": 3,
            "claims": 1,
            "balance": Decimal("70.00"),
            "charges_last_90_days": Decimal("70.00"),
        },
        {
            "payer_id": "PAYERB",
            "bucket_order": 3,
            "claims": 1,
            "balance": Decimal("60.00"),
            "charges_last_90_days": Decimal("0.00"),
        },
        {
            "payer_id": "PAYERB",
            "bucket_order": 5,
            "claims": 1,
            "balance": Decimal("80.00"),
            "charges_last_90_days": Decimal("0.00"),
        },
    ]


def bucket(day: date, payer: str, order: int, balance: str, charges: str) -> dict[str, Any]:
    return {
        "as_of_date": day,
        "payer_id": payer,
        "bucket_order": order,
        "claims": 1,
        "balance": Decimal(balance),
        "charges_last_90_days": Decimal(charges),
    }


def test_ar_snapshots_of_by_payer_and_all_with_ar_over_90_days(run_macro: Any) -> None:
    feb, mar = date(2026, 2, 28), date(2026, 3, 31)
    rows = run_macro(
        "mart.ar_snapshots_of",
        "SELECT * FROM mart.ar_snapshots_of('buckets') ORDER BY as_of_date, payer",
        tables={
            "buckets": (
                "mart.ar_month_ends",
                [
                    bucket(feb, "PAYERA", 1, "100.00", "100.00"),
                    bucket(feb, "PAYERB", 4, "50.00", "0.00"),
                    bucket(mar, "PAYERA", 2, "100.00", "0.00"),
                    bucket(mar, "PAYERA", 5, "30.00", "0.00"),
                    bucket(mar, "PAYERB", 3, "20.00", "20.00"),
                ],
            )
        },
    )
    expected = [
        (feb, "ALL", "150.00", "100.00", "50.00"),
        (feb, "PAYERA", "100.00", "100.00", "0.00"),
        (feb, "PAYERB", "50.00", "0.00", "50.00"),
        (mar, "ALL", "150.00", "20.00", "30.00"),
        (mar, "PAYERA", "130.00", "0.00", "30.00"),
        (mar, "PAYERB", "20.00", "20.00", "0.00"),
    ]
    assert rows == [
        {
            "as_of_date": day,
            "payer": payer,
            "insurance_ar": Decimal(ar),
            "charges_last_90_days": Decimal(charges),
            "ar_over_90": Decimal(over_90),
        }
        for day, payer, ar, charges, over_90 in expected
    ]
