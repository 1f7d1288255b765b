"""835 CLPs find their claim by (payee NPI of their own transaction set, CLP01);
a payee sent with a tax id only matches the one billing provider with that tax id.

Billing providers (837s): A and B with their own tax ids, C sharing B's tax id
(written with a hyphen, as some systems send it). PCN1 is a patient control
number at both A and B: two claims. One 835 interchange carries one transaction
set per payee, so each CLP must take the payee of its own set.

| 835 set | payee | CLP01 | claim |
|---|---|---|---|
| 1 | XX A | PCN1 | (A, PCN1) |
| 2 | XX B | PCN1 | (B, PCN1) |
| 3 | FI A's tax id | PCN2 | (A, PCN2): one billing provider has it |
| 4 | FI B's = C's tax id | PCN3 | none: two billing providers have it |
| 5 | FI a tax id nobody has | PCN4 | none |
| 6 | XX A | PCN9 | none: A never billed PCN9 |
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rcm.pipeline import load
from rcm.warehouse import Warehouse

from .x12_build import Claim837, Clp, Payment835, Provider837, file_835, file_837

A, B, C = "1234567893", "1245319599", "1326000001"
TAX_A, TAX_B = "111111111", "222222222"

PROVIDERS = [
    Provider837(A, TAX_A, (Claim837("PCN1", "100.00", ("100.00",)), Claim837("PCN2", "50.00", ("50.00",)))),
    Provider837(B, TAX_B, (Claim837("PCN1", "200.00", ("200.00",)), Claim837("PCN3", "75.00", ("75.00",)))),
    Provider837(C, "22-2222222", (Claim837("PCN4", "60.00", ("60.00",)),)),
]  # fmt: skip

PAYMENTS = [
    Payment835("XX", A, (Clp("PCN1", "100", "80", cas=(("CO", "45", "20"),)),)),
    Payment835("XX", B, (Clp("PCN1", "200", "150", cas=(("CO", "45", "50"),)),)),
    Payment835("FI", TAX_A, (Clp("PCN2", "50", "50"),)),
    Payment835("FI", TAX_B, (Clp("PCN3", "75", "75"),)),
    Payment835("FI", "999999999", (Clp("PCN4", "60", "60"),)),
    Payment835("XX", A, (Clp("PCN9", "10", "10"),)),
]


def write_files(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "claims.837").write_text(file_837(101, "20260105", PROVIDERS))
    (folder / "remit.835").write_text(file_835(201, "20260120", PAYMENTS))
    return folder


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    root = tmp_path_factory.mktemp("payees")
    wh = Warehouse(root / "wh")
    report = load(wh, [write_files(root / "files")]).load
    assert all(r.status == "loaded" for r in report.results), report.results
    return wh


def _rows(wh: Warehouse, sql: str) -> list[tuple]:
    with wh.reader() as con:
        return con.execute(sql).fetchall()


@pytest.mark.parametrize(
    ("claim_id", "paid", "billing_npi", "status"),
    [
        ("PCN1", "80.00", A, "matched"),
        ("PCN1", "150.00", B, "matched"),
        ("PCN2", "50.00", A, "matched"),
        ("PCN3", "75.00", None, "tax_id_ambiguous"),
        ("PCN4", "60.00", None, "tax_id_unknown"),
        ("PCN9", "10.00", A, "claim_not_found"),
    ],
)
def test_each_clp_takes_the_payee_of_its_own_transaction_set(
    warehouse: Warehouse, claim_id: str, paid: str, billing_npi: str | None, status: str
) -> None:
    rows = _rows(
        warehouse,
        "SELECT billing_npi, match_status, matched, unmatched_reason IS NULL FROM core.remittances"
        f" WHERE claim_id = '{claim_id}' AND CAST(paid_amount AS VARCHAR) = '{paid}'",
    )
    assert rows == [(billing_npi, status, status == "matched", status == "matched")]


def test_same_patient_control_number_at_two_billing_providers_is_two_claims(
    warehouse: Warehouse,
) -> None:
    claims = _rows(
        warehouse,
        "SELECT billing_npi, billed_amount FROM core.claims WHERE claim_id = 'PCN1' ORDER BY 1",
    )
    assert [(npi, str(amount)) for npi, amount in claims] == [(A, "100.00"), (B, "200.00")]
    paid = _rows(
        warehouse,
        "SELECT billing_npi, paid_amount, remit_seq FROM core.remittances"
        " WHERE claim_id = 'PCN1' ORDER BY 1",
    )
    assert [(npi, str(amount), seq) for npi, amount, seq in paid] == [
        (A, "80.00", 1),
        (B, "150.00", 1),
    ]


def test_tax_id_match_carries_its_adjustments_and_payment_to_the_claim(
    warehouse: Warehouse,
) -> None:
    paid = _rows(
        warehouse,
        "SELECT paid_amount FROM mart.claim_summary WHERE billing_npi = '" + A + "'"
        " AND claim_id = 'PCN2'",
    )
    assert [str(p[0]) for p in paid] == ["50.00"]


def test_unmatched_remittances_are_listed_with_file_segment_and_reason(
    warehouse: Warehouse,
) -> None:
    listed = _rows(
        warehouse,
        "SELECT file_name, segment, claim_id, payee_tax_id, match_status, unmatched_reason"
        " FROM core.unmatched_remittances ORDER BY segment",
    )
    # ISA 1, GS 2; sets 1 and 2 take 12 segments each (with a CAS), the others 11:
    # set 4 opens with ST at 38, its CLP is the ninth segment of the set.
    assert [row[:5] for row in listed] == [
        ("remit.835", 46, "PCN3", TAX_B, "tax_id_ambiguous"),
        ("remit.835", 57, "PCN4", "999999999", "tax_id_unknown"),
        ("remit.835", 68, "PCN9", None, "claim_not_found"),
    ]
    reasons = [row[5] for row in listed]
    assert reasons[0] == (
        "2 billing providers share payee tax id 222222222; the payee must be sent with its NPI"
    )
    assert "999999999" in reasons[1]
    assert reasons[2] == f"no claim PCN9 was submitted by billing provider {A}"
