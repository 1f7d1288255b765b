"""835: a hand-made remittance whose every row was worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from rcm.etl.x12 import X12Error


@pytest.fixture
def remit(fixture_text, tables):
    return tables(fixture_text("remit.835"), "remit.835")


def test_payment_header(remit, expect) -> None:
    assert remit["payments"].to_pylist() == [
        expect(
            "payments",
            transaction_index=1,
            handling_code="I",
            payment_amount=D("172.50"),
            credit_debit="C",
            payment_method="ACH",
            payment_format="CCP",
            payment_date=date(2024, 3, 5),
            trace_type="1",
            trace_number="TRACE001",
            originator_id="1512345678",
            receiver_id="CLINIC01",
            production_date=date(2024, 3, 1),
            payer_id="PAYER01",
            payer_name="BLUE PAYER",
            payee_name="ACME CLINIC",
            payee_id_qualifier="XX",
            payee_id="1234567893",
            payee_npi="1234567893",
            payee_tax_id="371234567",
        )
    ]


def test_claims_reversal_and_unbalanced_denial_as_sent(remit, expect) -> None:
    common = dict(
        transaction_index=1,
        header_number="1",
        claim_filing_indicator="12",
        facility_code="11",
    )
    assert remit["remit_claims"].to_pylist() == [
        expect(
            "remit_claims",
            **common,
            claim_index=1,
            claim_segment=15,
            claim_id="PCN001",
            status_code="1",
            billed_amount=D("150.50"),
            paid_amount=D("100.00"),
            patient_responsibility=D("20.00"),
            payer_claim_control_number="CCN0001",
            frequency_code="1",
            patient_last_name="DOE",
            patient_first_name="JOHN",
            patient_member_id="MEM001",
            rendering_npi="1497758544",
            statement_from=date(2024, 1, 2),
            statement_to=date(2024, 1, 4),
            received_date=date(2024, 1, 10),
            coverage_amount=D("130.00"),
        ),
        # Reversal: CLP02 22 with negative amounts, kept with their sign.
        expect(
            "remit_claims",
            **common,
            claim_index=2,
            claim_segment=35,
            claim_id="PCN001",
            status_code="22",
            billed_amount=D("-150.50"),
            paid_amount=D("-100.00"),
            patient_responsibility=D("-20.00"),
            payer_claim_control_number="CCN0001",
            frequency_code="1",
            patient_last_name="DOE",
            patient_first_name="JOHN",
            patient_member_id="MEM001",
        ),
        # Denied with no CAS: does not balance, loaded as sent.
        expect(
            "remit_claims",
            **common,
            claim_index=3,
            claim_segment=39,
            claim_id="PCN002",
            status_code="4",
            billed_amount=D("80.00"),
            paid_amount=D("0.00"),
            patient_responsibility=D("0.00"),
            payer_claim_control_number="CCN0002",
            frequency_code="7",
            patient_last_name="ROE",
            patient_first_name="TIM",
            patient_member_id="MEM002",
            insured_member_id="MEM002",
        ),
    ]


def test_service_lines(remit, expect) -> None:
    assert remit["remit_lines"].to_pylist() == [
        expect(
            "remit_lines",
            transaction_index=1,
            claim_index=1,
            line_index=1,
            line_segment=24,
            procedure_qualifier="HC",
            procedure_code="99214",
            modifier_1="25",
            charge=D("120.50"),
            paid=D("80.00"),
            units_paid=D("1.000"),
            original_procedure_code="99215",
            units_billed=D("1.000"),
            service_date=date(2024, 1, 2),
            service_date_end=date(2024, 1, 3),
            line_control_number="LINE001",
            allowed_amount=D("100.00"),
        ),
        expect(
            "remit_lines",
            transaction_index=1,
            claim_index=1,
            line_index=2,
            line_segment=32,
            procedure_qualifier="HC",
            procedure_code="J3301",
            charge=D("30.00"),
            paid=D("20.00"),
            units_paid=D("2.000"),
            service_date=date(2024, 1, 4),
        ),
    ]


def test_claim_and_line_level_adjustments(remit) -> None:
    found = [
        (
            r["claim_index"],
            r["line_index"],
            r["segment"],
            r["group_code"],
            r["reason_code"],
            r["amount"],
            r["quantity"],
        )
        for r in remit["adjustments"].to_pylist()
    ]
    assert found == [
        (1, None, 16, "CO", "45", D("10.50"), None),
        (1, None, 16, "CO", "253", D("2.00"), None),  # group code carries to the next triple
        (1, 1, 27, "PR", "1", D("15.00"), D("1.000")),
        (1, 1, 27, "PR", "2", D("5.00"), None),
        (1, 1, 28, "CO", "45", D("10.50"), None),
        (1, 2, 34, "CO", "253", D("0.40"), None),
        (2, None, 36, "CO", "45", D("-10.50"), None),
        (2, None, 37, "PR", "1", D("-20.00"), None),
    ]


def test_remarks(remit) -> None:
    found = [
        (r["claim_index"], r["line_index"], r["source"], r["qualifier"], r["code"])
        for r in remit["remarks"].to_pylist()
    ]
    assert found == [
        (1, None, "MOA", None, "MA01"),
        (1, None, "MOA", None, "MA15"),
        (1, 1, "LQ", "HE", "N130"),
    ]


def test_provider_level_adjustments(remit, expect) -> None:
    common = dict(
        transaction_index=1,
        segment=42,
        provider_id="1234567893",
        fiscal_period_date=date(2024, 12, 31),
    )
    assert remit["provider_adjustments"].to_pylist() == [
        expect(
            "provider_adjustments",
            **common,
            reason_code="WO",
            reference_id="CCN0001",
            amount=D("25.50"),
        ),
        expect("provider_adjustments", **common, reason_code="L6", amount=D("-3.25")),
    ]


def test_bad_amount_names_the_cas_element(fixture_text, tables) -> None:
    text = fixture_text("remit.835").replace("CAS*PR*1*15*1*2*5~", "CAS*PR*1*15*1*2*5,00~")
    with pytest.raises(X12Error) as caught:
        tables(text, "remit.835")
    assert str(caught.value) == "remit.835: segment 27 (CAS): CAS06 '5,00' is not a valid amount"


@pytest.mark.parametrize(
    ("sent", "problem"),
    [
        ("2024035", "'2024035' is not a CCYYMMDD date"),
        ("20002316", "'20002316' is not a calendar date"),  # as in a published 835 sample
        ("00000101", "'00000101' is not a calendar date"),
    ],
)
def test_bad_payment_date_names_bpr16(fixture_text, tables, sent, problem) -> None:
    text = fixture_text("remit.835").replace("*654321*20240305~", f"*654321*{sent}~")
    with pytest.raises(X12Error) as caught:
        tables(text, "remit.835")
    assert str(caught.value) == f"remit.835: segment 4 (BPR): BPR16 {problem}"


def test_impossible_line_date_names_its_dtm(fixture_text, tables) -> None:
    text = fixture_text("remit.835").replace("DTM*472*20240104~", "DTM*472*20240230~")
    with pytest.raises(X12Error) as caught:
        tables(text, "remit.835")
    assert (
        str(caught.value) == "remit.835: segment 33 (DTM): DTM02 '20240230' is not a calendar date"
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (  # a second payee before the claims
            "REF*TJ*371234567~\n",
            "REF*TJ*371234567~\nN1*PE*OTHER CLINIC*XX*1497758544~\n",
            "remit.835: segment 14 (N1): a second payee (N1*PE); a 5010 835 transaction set "
            "has exactly one payee loop (1000B)",
        ),
        (  # a payee after the first claim: later CLPs would go to the wrong provider
            "CLP*PCN002*4*",
            "N1*PE*OTHER CLINIC*XX*1497758544~\nCLP*PCN002*4*",
            "remit.835: segment 39 (N1): N1*PE after the first LX/CLP; a 5010 835 transaction "
            "set has exactly one payee loop (1000B)",
        ),
        (  # the 4010 correction-and-reversal group
            "CAS*CO*45*-10.5~",
            "CAS*CR*45*-10.5~",
            "remit.835: segment 36 (CAS): CAS01 group code 'CR' (corrections and reversals) "
            "is 4010; 5010 has no group CR",
        ),
    ],
)
def test_structure_5010_does_not_allow_rejects_the_file(
    fixture_text, tables, old, new, message
) -> None:
    text = fixture_text("remit.835")
    assert old in text
    with pytest.raises(X12Error) as caught:
        tables(text.replace(old, new, 1), "remit.835")
    assert str(caught.value).startswith(message)


def _second_set(text: str) -> str:
    """The fixture's transaction set again as ST 0004, paid to another provider."""
    body = text[text.index("ST*835*0003~") : text.index("GE*1*303~")]
    body = body.replace("ST*835*0003~", "ST*835*0004~").replace("SE*41*0003~", "SE*41*0004~")
    return body.replace("N1*PE*ACME CLINIC*XX*1234567893~", "N1*PE*BETA DENTAL*XX*1497758544~")


def test_each_transaction_set_keeps_its_own_payee(fixture_text, tables) -> None:
    text = fixture_text("remit.835")
    text = text.replace("GE*1*303~", _second_set(text) + "GE*2*303~")
    parsed = tables(text)
    payees = [(p["transaction_index"], p["payee_npi"]) for p in parsed["payments"].to_pylist()]
    assert payees == [(1, "1234567893"), (2, "1497758544")]
    claims = [(c["transaction_index"], c["claim_id"]) for c in parsed["remit_claims"].to_pylist()]
    assert claims == [
        (1, "PCN001"),
        (1, "PCN001"),
        (1, "PCN002"),
        (2, "PCN001"),
        (2, "PCN001"),
        (2, "PCN002"),
    ]


@pytest.mark.parametrize(
    ("drop_2u", "n1_pr", "payer_id"),
    [
        (True, "N1*PR*BLUE PAYER~", None),  # neither REF*2U nor N104: none, never TRN03
        (True, "N1*PR*BLUE PAYER*XV*PAYERN104~", "PAYERN104"),
        (False, "N1*PR*BLUE PAYER*XV*PAYERN104~", "PAYER01"),  # REF*2U comes first
    ],
)
def test_payer_id_is_ref_2u_else_n104_never_trn03(
    fixture_text, tables, drop_2u, n1_pr, payer_id
) -> None:
    text = fixture_text("remit.835").replace("N1*PR*BLUE PAYER~", n1_pr)
    if drop_2u:
        text = text.replace("REF*2U*PAYER01~\n", "").replace("SE*41*", "SE*40*")
    payment = tables(text)["payments"].to_pylist()[0]
    assert payment["originator_id"] == "1512345678"
    assert payment["payer_id"] == payer_id
