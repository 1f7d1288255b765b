"""mart.kpis_of and mart.monthly_flows_of: the KPIs of METRICS.md section 3
over hand-made claim facts, worked out by hand to the cent.

Six claims, seen at D = 2026-03-31; each claim keeps one payer for its
submissions and remittances, so every attribution of section 3 gives the
same rows:

| claim | payer | first submitted | billed | first remittance | paid, first paid | adjustments | balance | age |
|---|---|---|---|---|---|---|---|---|
| C1 | A | 03-02 | 200.00 | 03-20 clean, CLP03 200 | 150.00 on 03-20 (18 days) | CO-45 30, PR-2 20 | 0.00 | 29 |
| C2 | A | 02-10 | 300.00 | 03-05 denied (CLP02 4), CLP03 300 | 200.00 on 03-25 (43 days), recovered | CO-45 60 | 40.00 | 49 |
| C3 | B | 03-10 | 100.00 | none; an NPI_INVALID error flag | | | 100.00 | 21 |
| C4 | B | 2025-12-01 | 400.00 | 01-15, 80.00 denied, CLP03 400 | 250.00 on 01-15 (45 days) | CO-45 50, PR-2 20 | 80.00 | 120 |
| C5 | A | 03-03 | 500.00 | voided: counts nowhere | | | 0.00 | 28 |
| C6 | B | 03-15 | 50.00 | none; front-end rejected (only a FRONT_END_REJECTED flag) | | | 50.00 | 16 |

C1, C3 and C6 have acknowledgements of their first submission; C6's rejected it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

NPI = "1234567893"
D = date(2026, 3, 31)


def fact(
    claim_id: str, payer: str, first_submitted: date, billed: str, **values: Any
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "billing_npi": NPI,
        "claim_id": claim_id,
        "as_of_date": D,
        "payer_id": payer,
        "first_payer_id": payer,
        "first_submitted_date": first_submitted,
        "billed_amount": Decimal(billed),
        "is_voided": False,
        "remitted": False,
        "initially_denied": False,
        "resubmitted": False,
        "first_pass_resolved": False,
        "recovered": False,
        "paid_amount": Decimal("0.00"),
        "payment_adjustments": Decimal("0.00"),
        "patient_responsibility": Decimal("0.00"),
        "denial_adjustments": Decimal("0.00"),
        "write_offs": Decimal("0.00"),
        "insurance_balance": Decimal(billed),
        "age_days": (D - first_submitted).days,
        "first_acknowledged": False,
        "front_end_rejected": False,
    }
    for key, value in values.items():
        row[key] = (
            Decimal(value) if isinstance(value, str) and key not in {"first_status_code"} else value
        )
    return row


FACTS = [
    fact(
        "C1",
        "PAYERA",
        date(2026, 3, 2),
        "200.00",
        remitted=True,
        first_remit_date=date(2026, 3, 20),
        first_status_code="1",
        first_remit_billed="200.00",
        initial_denied_amount="0.00",
        first_pass_resolved=True,
        paid_amount="150.00",
        payment_adjustments="30.00",
        patient_responsibility="20.00",
        first_paid_date=date(2026, 3, 20),
        days_to_pay=18,
        insurance_balance="0.00",
        first_acknowledged=True,
    ),
    fact(
        "C2",
        "PAYERA",
        date(2026, 2, 10),
        "300.00",
        remitted=True,
        first_remit_date=date(2026, 3, 5),
        first_status_code="4",
        first_remit_billed="300.00",
        initially_denied=True,
        initial_denied_amount="300.00",
        recovered=True,
        paid_amount="200.00",
        payment_adjustments="60.00",
        first_paid_date=date(2026, 3, 25),
        days_to_pay=43,
        insurance_balance="40.00",
    ),
    fact("C3", "PAYERB", date(2026, 3, 10), "100.00", first_acknowledged=True),
    fact(
        "C4",
        "PAYERB",
        date(2025, 12, 1),
        "400.00",
        remitted=True,
        first_remit_date=date(2026, 1, 15),
        first_status_code="1",
        first_remit_billed="400.00",
        initially_denied=True,
        initial_denied_amount="80.00",
        paid_amount="250.00",
        payment_adjustments="50.00",
        patient_responsibility="20.00",
        denial_adjustments="80.00",
        first_paid_date=date(2026, 1, 15),
        days_to_pay=45,
        insurance_balance="80.00",
    ),
    fact(
        "C5",
        "PAYERA",
        date(2026, 3, 3),
        "500.00",
        is_voided=True,
        voided_date=date(2026, 3, 30),
        insurance_balance="0.00",
        first_acknowledged=True,
        front_end_rejected=True,
    ),
    fact(
        "C6",
        "PAYERB",
        date(2026, 3, 15),
        "50.00",
        first_acknowledged=True,
        front_end_rejected=True,
    ),
]


def flag(claim_id: str, rule: str, severity: str) -> dict[str, Any]:
    return {
        "check_run_id": 1,
        "rule": rule,
        "severity": severity,
        "billing_npi": NPI,
        "claim_id": claim_id,
        "detail": f"{rule} on {claim_id}",
    }


DQ = {
    "dq.check_runs": [{"check_run_id": 1, "started_at": datetime(2026, 4, 1, tzinfo=UTC)}],
    "dq.coding_flags": [
        flag("C1", "DUPLICATE_LINE", "warning"),
        flag("C3", "NPI_INVALID", "error"),
        flag("C6", "FRONT_END_REJECTED", "error"),
        flag("C5", "NPI_INVALID", "error"),
    ],
}

COUNTS = (
    "submitted_claims",
    "clean_claims",
    "remitted_claims",
    "denied_claims",
    "first_pass_resolved_claims",
    "recovered_claims",
    "paid_claims",
    "days_to_pay_total",
    "acknowledged_claims",
    "front_end_rejected_claims",
)
MONEY = (
    "gross_charges",
    "denied_amount",
    "first_remit_billed",
    "collected",
    "remitted_billed",
    "net_collectible",
)


def numbers(
    counts: tuple[int, ...], money: tuple[str, ...], median: float | None
) -> dict[str, Any]:
    row: dict[str, Any] = dict(zip(COUNTS, counts, strict=True))
    row.update(zip(MONEY, (Decimal(m) for m in money), strict=True))
    row["median_days_to_pay"] = median
    return row


# March 2026 at D, worked from the table above. Remitted in March: C1, C2.
# Submitted in March: C1, C3, C6 (C5 is voided). Paid first in March: C1 (18
# days), C2 (43 days). Net collectible: (200 - 30 - 20) + (300 - 60) = 390.00.
MARCH_A = numbers(
    (1, 1, 2, 1, 1, 1, 2, 61, 1, 0),
    ("200.00", "300.00", "500.00", "350.00", "500.00", "390.00"),
    30.5,
)
MARCH_B = numbers(
    (2, 1, 0, 0, 0, 0, 0, 0, 2, 1),
    ("150.00", "0.00", "0.00", "0.00", "0.00", "0.00"),
    None,
)
MARCH_ALL = numbers(
    (3, 2, 2, 1, 1, 1, 2, 61, 3, 1),
    ("350.00", "300.00", "500.00", "350.00", "500.00", "390.00"),
    30.5,
)

# Snapshots at D: A/R = 0 + 40 + 100 + 80 + 50 = 270.00; charges first
# submitted 2026-01-01 (D - 89) to D: 200 + 300 + 100 + 50 = 650.00 (C4, from
# December, is out); over 90 days: C4 (120 days) 80.00.
SNAPSHOTS = {
    "ALL": ("270.00", "650.00", "80.00"),
    "PAYERA": ("40.00", "500.00", "0.00"),
    "PAYERB": ("230.00", "150.00", "80.00"),
}

# The ratios, as fractions worked out by hand (None: zero denominator).
RATES: dict[str, dict[str, float | None]] = {
    "ALL": {
        "initial_denial_rate": 1 / 2,
        "initial_denial_rate_dollars": 300 / 500,
        "first_pass_resolution_rate": 1 / 2,
        "denial_recovery_rate": 1 / 1,
        "clean_claim_rate": 2 / 3,
        "front_end_rejection_rate": 1 / 3,
        "gross_collection_rate": 350 / 500,
        "net_collection_rate": 350 / 390,
        "avg_days_to_pay": 61 / 2,
        "days_in_ar": 270 / (650 / 90),
        "ar_over_90_pct": 80 / 270,
    },
    "PAYERA": {
        "initial_denial_rate": 1 / 2,
        "initial_denial_rate_dollars": 300 / 500,
        "first_pass_resolution_rate": 1 / 2,
        "denial_recovery_rate": 1.0,
        "clean_claim_rate": 1.0,
        "front_end_rejection_rate": 0.0,
        "gross_collection_rate": 350 / 500,
        "net_collection_rate": 350 / 390,
        "avg_days_to_pay": 61 / 2,
        "days_in_ar": 40 / (500 / 90),
        "ar_over_90_pct": 0.0,
    },
    "PAYERB": {
        "initial_denial_rate": None,
        "initial_denial_rate_dollars": None,
        "first_pass_resolution_rate": None,
        "denial_recovery_rate": None,
        "clean_claim_rate": 1 / 2,
        "front_end_rejection_rate": 1 / 2,
        "gross_collection_rate": None,
        "net_collection_rate": None,
        "avg_days_to_pay": None,
        "days_in_ar": 230 / (150 / 90),
        "ar_over_90_pct": 80 / 230,
    },
}


@pytest.fixture(scope="module")
def kpis(run_macro: Any) -> dict[str, dict[str, Any]]:
    rows = run_macro(
        "mart.kpis_of",
        f"SELECT * FROM mart.kpis_of('facts', DATE '{D}', DATE '2026-03-01', DATE '2026-04-01')",
        given=DQ,
        tables={"facts": ("mart.claim_summary", FACTS)},
    )
    return {row["payer"]: row for row in rows}


def test_kpis_of_has_one_row_per_payer_and_all(kpis: dict[str, dict[str, Any]]) -> None:
    assert sorted(kpis) == ["ALL", "PAYERA", "PAYERB"]
    assert {(r["as_of_date"], r["period_start"], r["period_end"]) for r in kpis.values()} == {
        (D, date(2026, 3, 1), date(2026, 4, 1))
    }


@pytest.mark.parametrize(
    ("payer", "expected"), [("ALL", MARCH_ALL), ("PAYERA", MARCH_A), ("PAYERB", MARCH_B)]
)
def test_kpis_of_numerators_and_denominators(
    kpis: dict[str, dict[str, Any]], payer: str, expected: dict[str, Any]
) -> None:
    assert {key: kpis[payer][key] for key in expected} == expected


@pytest.mark.parametrize("payer", sorted(SNAPSHOTS))
def test_kpis_of_snapshots_at_the_as_of_date(kpis: dict[str, dict[str, Any]], payer: str) -> None:
    ar, charges, over_90 = SNAPSHOTS[payer]
    row = kpis[payer]
    assert (row["insurance_ar"], row["charges_last_90_days"], row["ar_over_90"]) == (
        Decimal(ar),
        Decimal(charges),
        Decimal(over_90),
    )


@pytest.mark.parametrize("payer", sorted(RATES))
def test_kpis_of_rates(kpis: dict[str, dict[str, Any]], payer: str) -> None:
    row = kpis[payer]
    got = {key: row[key] for key in RATES[payer]}
    expected = {
        key: None if value is None else pytest.approx(value, rel=1e-12)
        for key, value in RATES[payer].items()
    }
    assert got == expected


def test_kpis_of_days_in_ar_to_four_places(kpis: dict[str, dict[str, Any]]) -> None:
    # 270.00 / (650.00 / 90) = 24300 / 650 = 37.3846...; A/R > 90 days 80 / 270 = 0.2963.
    assert round(kpis["ALL"]["days_in_ar"], 4) == 37.3846
    assert round(kpis["ALL"]["ar_over_90_pct"], 4) == 0.2963


def month(
    first: date, payer: str, counts: tuple[int, ...], money: tuple[str, ...], median: float | None
) -> dict[str, Any]:
    return {"month_start": first, "payer": payer, **numbers(counts, money, median)}


ZERO = ("0.00",) * 6


def test_monthly_flows_of_counts_each_event_in_its_month(run_macro: Any) -> None:
    rows = run_macro(
        "mart.monthly_flows_of",
        "SELECT * FROM mart.monthly_flows_of('facts', DATE '2026-01-01', DATE '2026-04-01') "
        "ORDER BY month_start, payer",
        given={"dq.coding_flags": DQ["dq.coding_flags"]},
        tables={"facts": ("mart.claim_summary", FACTS)},
    )
    # January: C4's first remittance and first payment (2025-12-01 to
    # 2026-01-15 is 30 + 15 = 45 days); its submission, in December, is
    # outside the period. Net collectible 400 - 50 - 20 = 330.00.
    january = month(
        date(2026, 1, 1),
        "PAYERB",
        (0, 0, 1, 1, 0, 0, 1, 45, 0, 0),
        ("0.00", "80.00", "400.00", "250.00", "400.00", "330.00"),
        45.0,
    )
    # February: C2's first submission (no acknowledgement, no flag).
    february = month(
        date(2026, 2, 1), "PAYERA", (1, 1, 0, 0, 0, 0, 0, 0, 0, 0), ("300.00", *ZERO[1:]), None
    )
    assert rows == [
        {**january, "payer": "ALL"},
        january,
        {**february, "payer": "ALL"},
        february,
        {"month_start": date(2026, 3, 1), "payer": "ALL", **MARCH_ALL},
        {"month_start": date(2026, 3, 1), "payer": "PAYERA", **MARCH_A},
        {"month_start": date(2026, 3, 1), "payer": "PAYERB", **MARCH_B},
    ]
