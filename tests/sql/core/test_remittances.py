"""core.remittances: every 835 CLP, matched to its claim and ordered per claim.

METRICS.md section 6 (claim identity across files): a CLP belongs to the claim
(payee NPI of its transaction set's 1000B N1*PE with qualifier XX, CLP01). A
payee sent only with a tax id (FI) matches the billing provider with that tax
id when exactly one has it; otherwise the remittance is kept unmatched.
Section 1: remittances of a claim are ordered by posting date, then file load
order, then position in the file; reversals (CLP02 = 22) keep their sign.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

NPI = "1234567893"
OTHER_NPI = "1245319599"


def remittance(
    file_id: int = 1,
    claim_index: int = 0,
    *,
    payee_npi: str | None = NPI,
    claim_id: str | None = "PCN1",
    posting_day: int = 10,
    status: str = "1",
    paid: str = "80.00",
) -> dict[str, Any]:
    return {
        "file_id": file_id,
        "claim_index": claim_index,
        "transaction_index": 0,
        "billing_npi": payee_npi,
        "claim_id": claim_id,
        "posting_date": date(2026, 5, posting_day),
        "status_code": status,
        "billed_amount": Decimal("100.00"),
        "paid_amount": Decimal(paid),
    }


def payment(
    file_id: int = 1, *, qualifier: str | None = "XX", tax_id: str | None = None
) -> dict[str, Any]:
    return {
        "file_id": file_id,
        "transaction_index": 0,
        "payee_id_qualifier": qualifier,
        "payee_tax_id": tax_id,
    }


def clp(file_id: int = 1, claim_index: int = 0) -> dict[str, Any]:
    return {
        "file_id": file_id,
        "transaction_index": 0,
        "claim_index": claim_index,
        "claim_segment": 10 + claim_index,
    }


def claim(billing_npi: str = NPI, claim_id: str = "PCN1") -> dict[str, Any]:
    return {"billing_npi": billing_npi, "claim_id": claim_id}


def tax_id(tax: str, providers: int, billing_npi: str) -> dict[str, Any]:
    return {"tax_id": tax, "providers": providers, "billing_npi": billing_npi}


MATCH_COLUMNS = ["billing_npi", "claim_id", "matched", "match_status"]


@pytest.mark.parametrize(
    ("payee_npi", "claim_id", "qualifier", "sent_tax_id", "expected"),
    [
        pytest.param(NPI, "PCN1", "XX", None, (NPI, "PCN1", True, "matched"), id="payee NPI"),
        pytest.param(
            OTHER_NPI,
            "PCN1",
            "XX",
            None,
            (OTHER_NPI, "PCN1", False, "claim_not_found"),
            id="same PCN, other provider",
        ),
        pytest.param(
            NPI, "PCN9", "XX", None, (NPI, "PCN9", False, "claim_not_found"), id="unknown PCN"
        ),
        pytest.param(
            None,
            "PCN1",
            "FI",
            "11-1111111",
            (NPI, "PCN1", True, "matched"),
            id="tax id of one provider, with dash",
        ),
        pytest.param(
            None,
            "PCN1",
            "FI",
            "222222222",
            (None, "PCN1", False, "tax_id_ambiguous"),
            id="tax id of two providers",
        ),
        pytest.param(
            None,
            "PCN1",
            "FI",
            "333333333",
            (None, "PCN1", False, "tax_id_unknown"),
            id="tax id of no provider",
        ),
        pytest.param(
            None, "PCN1", None, None, (None, "PCN1", False, "no_payee_id"), id="no payee id"
        ),
        pytest.param(
            NPI, None, "XX", None, (NPI, None, False, "no_claim_id"), id="no patient control number"
        ),
    ],
)
def test_remittance_matches_claim_by_payee_and_patient_control_number(
    run_model,
    payee_npi: str | None,
    claim_id: str | None,
    qualifier: str | None,
    sent_tax_id: str | None,
    expected: tuple[Any, ...],
) -> None:
    rows = run_model(
        "core.remittances",
        {
            "staging.stg_x12_remittances": [remittance(payee_npi=payee_npi, claim_id=claim_id)],
            "raw.x12_payments": [payment(qualifier=qualifier, tax_id=sent_tax_id)],
            "raw.x12_remit_claims": [clp()],
            "core.claims": [claim(), claim(OTHER_NPI, "PCN2")],
            "core.billing_tax_ids": [
                tax_id("111111111", 1, NPI),
                tax_id("222222222", 2, NPI),
            ],
        },
        columns=MATCH_COLUMNS,
    )
    assert rows == [dict(zip(MATCH_COLUMNS, expected, strict=True))]


def test_unmatched_remittances_of_one_claim_id_are_not_numbered_together(run_model) -> None:
    rows = run_model(
        "core.remittances",
        {
            "staging.stg_x12_remittances": [
                remittance(1, 0, payee_npi=None),
                remittance(1, 1, payee_npi=None),
            ],
            "raw.x12_payments": [payment(qualifier="FI", tax_id="333333333")],
            "raw.x12_remit_claims": [clp(1, 0), clp(1, 1)],
            "core.claims": [claim()],
        },
        columns=["claim_index", "remit_seq", "matched"],
    )
    assert rows == [
        {"claim_index": 0, "remit_seq": 1, "matched": False},
        {"claim_index": 1, "remit_seq": 1, "matched": False},
    ]


def test_remittances_of_a_claim_are_ordered_by_posting_date_then_file_then_position(
    run_model,
) -> None:
    given = [
        remittance(3, 0, posting_day=5, paid="80.00"),
        remittance(1, 7, posting_day=12, status="22", paid="-80.00"),
        remittance(1, 2, posting_day=12, status="1", paid="90.00"),
        remittance(2, 0, posting_day=20, status="4", paid="0.00"),
    ]
    rows = run_model(
        "core.remittances",
        {
            "staging.stg_x12_remittances": given,
            "raw.x12_payments": [payment(1), payment(2), payment(3)],
            "raw.x12_remit_claims": [clp(1, 2), clp(1, 7), clp(2, 0), clp(3, 0)],
            "core.claims": [claim()],
        },
        columns=[
            "remit_seq",
            "file_id",
            "claim_index",
            "paid_amount",
            "is_reversal",
            "is_denied_status",
        ],
    )
    assert rows == [
        {
            "remit_seq": 1,
            "file_id": 3,
            "claim_index": 0,
            "paid_amount": Decimal("80.00"),
            "is_reversal": False,
            "is_denied_status": False,
        },
        {
            "remit_seq": 2,
            "file_id": 1,
            "claim_index": 2,
            "paid_amount": Decimal("90.00"),
            "is_reversal": False,
            "is_denied_status": False,
        },
        {
            "remit_seq": 3,
            "file_id": 1,
            "claim_index": 7,
            "paid_amount": Decimal("-80.00"),
            "is_reversal": True,
            "is_denied_status": False,
        },
        {
            "remit_seq": 4,
            "file_id": 2,
            "claim_index": 0,
            "paid_amount": Decimal("0.00"),
            "is_reversal": False,
            "is_denied_status": True,
        },
    ]
