"""The default as-of date, claim summary, month ends, A/R aging labels and the default period.

METRICS.md: D defaults to the latest activity date; without a period, KPIs at D
cover [first date, D + 1 day), so "posted <= D" includes D (section 6);
snapshot KPIs by month are taken at the month end (section 3), never after D;
A/R aging buckets are 0-30, 31-60, 61-90, 91-120, 121+ (section 3).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

NPI = "1234567893"


def submission(claim_id: str, day: date) -> dict[str, Any]:
    return {"billing_npi": NPI, "claim_id": claim_id, "submission_seq": 1, "submission_date": day}


def posting(claim_id: str, day: date) -> dict[str, Any]:
    return {
        "billing_npi": NPI,
        "claim_id": claim_id,
        "remit_seq": 1,
        "posting_date": day,
        "matched": True,
    }


@pytest.mark.parametrize(
    ("remittances", "as_of"),
    [
        ([], date(2026, 2, 10)),
        ([posting("P1", date(2026, 3, 1))], date(2026, 3, 1)),
    ],
    ids=["latest_submission_without_payments", "latest_posting_after_the_submissions"],
)
def test_as_of_is_the_latest_activity_date(
    run_model: Any, remittances: list[dict[str, Any]], as_of: date
) -> None:
    given = {
        "core.submissions": [
            submission("P1", date(2026, 1, 5)),
            submission("P2", date(2026, 2, 10)),
        ],
        "core.remittances": remittances,
    }
    assert run_model("mart.as_of", given) == [{"as_of_date": as_of, "first_date": date(2026, 1, 5)}]


def test_month_ends_stop_at_the_as_of_date(run_model: Any) -> None:
    rows = run_model(
        "mart.month_ends",
        query="SELECT * FROM mart.month_ends(DATE '2026-03-10', DATE '2026-01-15', DATE '2026-03-11')",
    )
    assert rows == [
        {"month_start": date(2026, 1, 1), "snapshot_date": date(2026, 1, 31)},
        {"month_start": date(2026, 2, 1), "snapshot_date": date(2026, 2, 28)},
        {"month_start": date(2026, 3, 1), "snapshot_date": date(2026, 3, 10)},
    ]


def test_ar_aging_labels_buckets_with_claims(run_model: Any) -> None:
    d = date(2026, 3, 31)
    buckets = [
        {
            "as_of_date": d,
            "payer_id": "PAYERA",
            "bucket_order": order,
            "claims": claims,
            "balance": Decimal(balance),
        }
        for order, claims, balance in [
            (1, 2, "150.00"),
            (2, 0, "0.00"),
            (3, 1, "70.00"),
            (4, 1, "5.00"),
            (5, 1, "80.00"),
        ]
    ]
    rows = run_model(
        "mart.ar_aging",
        {"mart.ar_month_ends": buckets},
        columns=["bucket_order", "bucket", "balance"],
    )
    assert rows == [
        {"bucket_order": 1, "bucket": "0-30", "balance": Decimal("150.00")},
        {"bucket_order": 3, "bucket": "61-90", "balance": Decimal("70.00")},
        {"bucket_order": 4, "bucket": "91-120", "balance": Decimal("5.00")},
        {"bucket_order": 5, "bucket": "121+", "balance": Decimal("80.00")},
    ]


def test_kpi_period_runs_from_the_first_date_through_the_as_of_date(run_model: Any) -> None:
    d = date(2026, 3, 31)

    def fact(claim_id: str, submitted: date, remitted: date) -> dict[str, Any]:
        return {
            "billing_npi": NPI,
            "claim_id": claim_id,
            "payer_id": "PAYERA",
            "first_payer_id": "PAYERA",
            "first_submitted_date": submitted,
            "billed_amount": Decimal("100.00"),
            "is_voided": False,
            "first_remit_date": remitted,
            "first_remit_billed": Decimal("100.00"),
            "initially_denied": False,
            "initial_denied_amount": Decimal("0.00"),
            "paid_amount": Decimal("0.00"),
            "payment_adjustments": Decimal("0.00"),
            "patient_responsibility": Decimal("0.00"),
            "insurance_balance": Decimal("100.00"),
            "age_days": (d - submitted).days,
        }

    # Submitted on the first date and remitted on D: both inside the default period.
    given = {
        "mart.as_of": [{"as_of_date": d, "first_date": date(2026, 1, 5)}],
        "mart.claim_summary": [
            fact("K1", date(2026, 1, 5), d),
            fact("K2", date(2026, 2, 1), date(2026, 3, 1)),
        ],
    }
    rows = run_model(
        "mart.kpi_period",
        given,
        columns=[
            "payer",
            "period_start",
            "period_end",
            "submitted_claims",
            "remitted_claims",
            "gross_charges",
        ],
    )
    common = {
        "period_start": date(2026, 1, 5),
        "period_end": date(2026, 4, 1),
        "submitted_claims": 2,
        "remitted_claims": 2,
        "gross_charges": Decimal("200.00"),
    }
    assert rows == [{"payer": "ALL", **common}, {"payer": "PAYERA", **common}]


def test_claim_summary_is_claim_facts_at_the_default_as_of_date(run_model: Any) -> None:
    # D = 03-15 (given): the payment posted on 03-20 is not known yet.
    given = {
        "mart.as_of": [{"as_of_date": date(2026, 3, 15), "first_date": date(2026, 3, 1)}],
        "core.submissions": [
            {
                **submission("S1", date(2026, 3, 1)),
                "total_charge": Decimal("100.00"),
                "is_void": False,
            }
        ],
        "core.remittances": [
            {**posting("S1", date(2026, 3, 20)), "paid_amount": Decimal("100.00")}
        ],
        "core.claims": [
            {
                "billing_npi": NPI,
                "claim_id": "S1",
                "rendering_npi": "1457372049",
                "location_id": "LOC1",
            }
        ],
    }
    rows = run_model(
        "mart.claim_summary",
        given,
        columns=[
            "claim_id",
            "as_of_date",
            "insurance_balance",
            "age_days",
            "rendering_npi",
            "location_id",
        ],
    )
    assert rows == [
        {
            "claim_id": "S1",
            "as_of_date": date(2026, 3, 15),
            "insurance_balance": Decimal("100.00"),
            "age_days": 14,
            "rendering_npi": "1457372049",
            "location_id": "LOC1",
        }
    ]
