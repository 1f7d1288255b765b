"""core.billing_tax_ids: whom a payee sent with a tax id only resolves to.

METRICS.md section 6: an 835 payee sent only with a tax id matches the billing
provider with that tax id when exactly one has it. Tax ids compare as digits
and letters only (12-3456789 is 123456789), from the 837s and the providers
extract alike.
"""

from __future__ import annotations

from typing import Any

NPI = "1234567893"
OTHER_NPI = "1245319599"


def sent(billing_npi: str, tax_id: str) -> dict[str, Any]:
    return {"billing_npi": billing_npi, "billing_tax_id": tax_id}


def test_tax_ids_are_normalised_and_count_their_billing_providers(run_model) -> None:
    rows = run_model(
        "core.billing_tax_ids",
        {
            "raw.x12_claims": [
                sent(NPI, "11-1111111"),
                sent(NPI, "111111111"),
                sent(NPI, "22-2222222"),
                sent(OTHER_NPI, "---"),
            ],
            "raw.csv_providers": [sent(OTHER_NPI, "222222222"), sent(NPI, "111111111")],
        },
    )
    assert rows == [
        {"tax_id": "111111111", "providers": 1, "billing_npi": NPI},
        {"tax_id": "222222222", "providers": 2, "billing_npi": NPI},
    ]
