"""core.write_offs: write-offs of the adjustments extract for known claims.

METRICS.md section 2: a denied claim stays in A/R until it is paid, voided, or
written off by the adjustments extract; a write-off belongs to the claim keyed
by (billing provider NPI, patient control number).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

NPI = "1234567893"
OTHER_NPI = "1245319599"


def write_off(
    row: int, billing_npi: str, claim_id: str, amount: str, reason: str
) -> dict[str, Any]:
    return {
        "file_id": 1,
        "row_number": row,
        "billing_npi": billing_npi,
        "claim_id": claim_id,
        "adjustment_id": f"ADJ{row}",
        "adjustment_date": date(2026, 6, row),
        "amount": Decimal(amount),
        "adjustment_reason": reason,
        "adjustment_type": "write_off",
    }


def test_write_offs_keep_the_rows_of_known_claims_only(run_model) -> None:
    rows = run_model(
        "core.write_offs",
        {
            "core.claims": [{"billing_npi": NPI, "claim_id": "PCN1"}],
            "staging.stg_csv_adjustments": [
                write_off(1, NPI, "PCN1", "40.00", "TFWO"),
                write_off(2, NPI, "PCN1", "10.00", "SMBAL"),
                write_off(3, OTHER_NPI, "PCN1", "25.00", "TFWO"),  # same PCN, other provider
                write_off(4, NPI, "PCN2", "15.00", "TFWO"),  # no such claim
            ],
        },
        columns=["adjustment_id", "claim_id", "adjustment_date", "amount", "adjustment_reason"],
    )
    assert rows == [
        {
            "adjustment_id": "ADJ1",
            "claim_id": "PCN1",
            "adjustment_date": date(2026, 6, 1),
            "amount": Decimal("40.00"),
            "adjustment_reason": "TFWO",
        },
        {
            "adjustment_id": "ADJ2",
            "claim_id": "PCN1",
            "adjustment_date": date(2026, 6, 2),
            "amount": Decimal("10.00"),
            "adjustment_reason": "SMBAL",
        },
    ]
