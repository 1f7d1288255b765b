"""mart.denials and mart.payer_scorecard.

METRICS.md section 1 (a denial is a denial adjustment, its amount the CAS
amount), section 4 (each denial CARC in one category, carried from core) and
section 6 (a CLP02 = 4 with no denial is denied for its CLP03; voided claims
count nowhere). Section 3: a denial belongs to the payer of the remittance
that carries it; the payer scorecard lists each payer's KPIs and its most
frequent denial reasons on first remittances.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

NPI = "1234567893"
D = date(2026, 3, 31)


def summary(
    claim_id: str, payer: str, first_remit: date, status: str, billed: str, **values: Any
) -> dict[str, Any]:
    return {
        "billing_npi": NPI,
        "claim_id": claim_id,
        "payer_id": payer,
        "first_remit_date": first_remit,
        "first_status_code": status,
        "first_remit_billed": Decimal(billed),
        "is_voided": False,
        "rendering_npi": "1457372049",
        "location_id": "LOC1",
        **values,
    }


def remittance(
    claim_id: str, seq: int, file_id: int, day: date, status: str, payer: str
) -> dict[str, Any]:
    return {
        "billing_npi": NPI,
        "claim_id": claim_id,
        "remit_seq": seq,
        "file_id": file_id,
        "claim_index": 0,
        "posting_date": day,
        "status_code": status,
        "is_reversal": status == "22",
        "payer_id": payer,
        "matched": True,
    }


def cas(
    claim_id: str,
    file_id: int,
    day: date,
    payer: str,
    group: str,
    carc: str,
    amount: str,
    kind: str = "denial_adjustment",
    category: str = "other",
    line: int | None = None,
) -> dict[str, Any]:
    return {
        "billing_npi": NPI,
        "claim_id": claim_id,
        "file_id": file_id,
        "claim_index": 0,
        "line_index": line,
        "posting_date": day,
        "is_reversal": False,
        "payer_id": payer,
        "level": "claim" if line is None else "line",
        "group_code": group,
        "reason_code": carc,
        "amount": Decimal(amount),
        "adjustment_class": kind,
        "carc_category": category,
    }


# D1 (claim payer A): first remittance 03-05 with CO-16 40.00 (claim level),
# CO-97 25.00 on line 1 (99213) and CO-45 10.00 (a payment adjustment, not a
# denial); a second remittance from payer C on 03-20 with CO-29 15.00; one
# posted after D (04-05) with CO-50. D2 (payer B): CLP02 = 4 with no CAS,
# CLP03 120.00. D3 is voided: its denial counts nowhere.
GIVEN = {
    "mart.as_of": [{"as_of_date": D, "first_date": date(2026, 1, 1)}],
    "mart.claim_summary": [
        summary("D1", "PAYERA", date(2026, 3, 5), "1", "200.00"),
        summary("D2", "PAYERB", date(2026, 3, 10), "4", "120.00"),
        summary("D3", "PAYERA", date(2026, 3, 12), "1", "90.00", is_voided=True),
    ],
    "core.remittances": [
        remittance("D1", 1, 301, date(2026, 3, 5), "1", "PAYERA"),
        remittance("D1", 2, 302, date(2026, 3, 20), "1", "PAYERC"),
        remittance("D1", 3, 303, date(2026, 4, 5), "1", "PAYERA"),
        remittance("D2", 1, 304, date(2026, 3, 10), "4", "PAYERB"),
        remittance("D3", 1, 305, date(2026, 3, 12), "1", "PAYERA"),
    ],
    "core.adjustments": [
        cas(
            "D1",
            301,
            date(2026, 3, 5),
            "PAYERA",
            "CO",
            "16",
            "40.00",
            category="missing_information",
        ),
        cas(
            "D1",
            301,
            date(2026, 3, 5),
            "PAYERA",
            "CO",
            "97",
            "25.00",
            category="coding_bundling",
            line=1,
        ),
        cas("D1", 301, date(2026, 3, 5), "PAYERA", "CO", "45", "10.00", kind="payment_adjustment"),
        cas("D1", 302, date(2026, 3, 20), "PAYERC", "CO", "29", "15.00", category="timely_filing"),
        cas(
            "D1", 303, date(2026, 4, 5), "PAYERA", "CO", "50", "5.00", category="medical_necessity"
        ),
        cas(
            "D3",
            305,
            date(2026, 3, 12),
            "PAYERA",
            "CO",
            "16",
            "90.00",
            category="missing_information",
        ),
    ],
    "core.remit_lines": [
        {"file_id": 301, "claim_index": 0, "line_index": 1, "procedure_code": "99213"}
    ],
    "core.claim_lines": [
        {"billing_npi": NPI, "claim_id": "D1", "line_number": 1, "procedure_code": "99214"},
        {"billing_npi": NPI, "claim_id": "D2", "line_number": 1, "procedure_code": "99215"},
    ],
}

COLUMNS = [
    "claim_id",
    "posting_date",
    "month",
    "payer_id",
    "group_code",
    "reason_code",
    "category",
    "level",
    "procedure_code",
    "amount",
    "on_first_remittance",
]


def test_denials_lists_every_denial_by_the_as_of_date(run_model: Any) -> None:
    rows = run_model("mart.denials", GIVEN, columns=COLUMNS)
    expected = [
        (
            "D1",
            date(2026, 3, 5),
            "PAYERA",
            "CO",
            "16",
            "missing_information",
            "claim",
            "99214",
            "40.00",
            True,
        ),
        (
            "D1",
            date(2026, 3, 5),
            "PAYERA",
            "CO",
            "97",
            "coding_bundling",
            "line",
            "99213",
            "25.00",
            True,
        ),
        (
            "D1",
            date(2026, 3, 20),
            "PAYERC",
            "CO",
            "29",
            "timely_filing",
            "claim",
            "99214",
            "15.00",
            False,
        ),
        (
            "D2",
            date(2026, 3, 10),
            "PAYERB",
            None,
            None,
            "unspecified",
            "claim",
            "99215",
            "120.00",
            True,
        ),
    ]
    assert rows == sorted(
        (
            {
                "claim_id": claim_id,
                "posting_date": day,
                "month": day.strftime("%Y-%m"),
                "payer_id": payer,
                "group_code": group,
                "reason_code": carc,
                "category": category,
                "level": level,
                "procedure_code": procedure,
                "amount": Decimal(amount),
                "on_first_remittance": first,
            }
            for claim_id, day, payer, group, carc, category, level, procedure, amount, first in expected
        ),
        key=lambda row: tuple((value is None, value) for value in row.values()),
    )


def test_denials_on_the_first_remittance_sum_to_the_initial_denied_amount(run_model: Any) -> None:
    # D1: 40.00 + 25.00 = 65.00 on its first remittance; D2: its CLP03, 120.00.
    rows = run_model(
        "mart.denials",
        GIVEN,
        query="SELECT claim_id, sum(amount) AS denied FROM mart.denials "
        "WHERE on_first_remittance GROUP BY claim_id ORDER BY claim_id",
    )
    assert rows == [
        {"claim_id": "D1", "denied": Decimal("65.00")},
        {"claim_id": "D2", "denied": Decimal("120.00")},
    ]


def denial(claim_id: str, payer: str, carc: str | None, first: bool = True) -> dict[str, Any]:
    return {
        "billing_npi": NPI,
        "claim_id": claim_id,
        "payer_id": payer,
        "reason_code": carc,
        "amount": Decimal("10.00"),
        "on_first_remittance": first,
    }


def test_payer_scorecard_one_row_per_payer_with_top_denial_reasons(run_model: Any) -> None:
    # Payer A, claims on first remittances: CARC 16 on X1, X2 and X3 (twice on
    # X3: one claim), 97 on X2 and X4, 29 on X5, 4 on X6; 50 on X7 is on a
    # later remittance. Top three by claims, ties by code: 16 (3), 97 (2), 29 (1).
    given = {
        "mart.kpi_period": [
            {"payer": "ALL", "submitted_claims": 12, "gross_charges": Decimal("1500.00")},
            {
                "payer": "PAYERA",
                "submitted_claims": 9,
                "gross_charges": Decimal("1000.00"),
                "initial_denial_rate": 0.25,
            },
            {"payer": "PAYERB", "submitted_claims": 3, "gross_charges": Decimal("500.00")},
        ],
        "mart.denials": [
            denial("X1", "PAYERA", "16"),
            denial("X2", "PAYERA", "16"),
            denial("X2", "PAYERA", "97"),
            denial("X3", "PAYERA", "16"),
            denial("X3", "PAYERA", "16"),
            denial("X4", "PAYERA", "97"),
            denial("X5", "PAYERA", "29"),
            denial("X6", "PAYERA", "4"),
            denial("X7", "PAYERA", "50", first=False),
            denial("Y1", "PAYERB", None),
        ],
        "core.payers": [
            {"payer_id": "PAYERA", "payer_name": "Payer A", "payer_type": "CI"},
            {"payer_id": "PAYERB", "payer_name": "Payer B", "payer_type": "MB"},
        ],
    }
    rows = run_model(
        "mart.payer_scorecard",
        given,
        columns=[
            "payer_id",
            "payer_name",
            "payer_type",
            "submitted_claims",
            "gross_charges",
            "initial_denial_rate",
            "top_denial_reasons",
        ],
    )
    assert rows == [
        {
            "payer_id": "PAYERA",
            "payer_name": "Payer A",
            "payer_type": "CI",
            "submitted_claims": 9,
            "gross_charges": Decimal("1000.00"),
            "initial_denial_rate": 0.25,
            "top_denial_reasons": "16 (3), 97 (2), 29 (1)",
        },
        {
            "payer_id": "PAYERB",
            "payer_name": "Payer B",
            "payer_type": "MB",
            "submitted_claims": 3,
            "gross_charges": Decimal("500.00"),
            "initial_denial_rate": None,
            "top_denial_reasons": "CLP02=4 (1)",
        },
    ]
