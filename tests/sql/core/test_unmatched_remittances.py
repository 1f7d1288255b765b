"""core.unmatched_remittances: the CLPs a billing office must match by hand.

METRICS.md section 6: a remittance whose payee or claim cannot be resolved is
kept unmatched and listed, with its file and why.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def remittance(claim_index: int, *, matched: bool, status: str) -> dict[str, Any]:
    return {
        "file_id": 7,
        "claim_index": claim_index,
        "claim_id": f"PCN{claim_index}",
        "segment": 10 + claim_index,
        "matched": matched,
        "match_status": status,
        "paid_amount": Decimal("50.00"),
    }


def test_lists_only_unmatched_remittances_with_their_file(run_model) -> None:
    rows = run_model(
        "core.unmatched_remittances",
        {
            "core.remittances": [
                remittance(0, matched=True, status="matched"),
                remittance(1, matched=False, status="tax_id_ambiguous"),
                remittance(2, matched=False, status="claim_not_found"),
            ],
            "meta.files": [{"file_id": 7, "file_name": "era_0601.835"}],
        },
        columns=["file_name", "segment", "claim_id", "match_status"],
    )
    assert rows == [
        {
            "file_name": "era_0601.835",
            "segment": 11,
            "claim_id": "PCN1",
            "match_status": "tax_id_ambiguous",
        },
        {
            "file_name": "era_0601.835",
            "segment": 12,
            "claim_id": "PCN2",
            "match_status": "claim_not_found",
        },
    ]
