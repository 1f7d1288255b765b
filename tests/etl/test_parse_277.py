"""277CA: a hand-made claim acknowledgement whose every row was worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from rcm.etl.x12 import X12Error

SOURCE = dict(
    transaction_index=1,
    report_date=date(2024, 1, 7),
    payer_name="BLUE PAYER",
    payer_id="PAYER01",
    receipt_date=date(2024, 1, 6),
    process_date=date(2024, 1, 7),
    receiver_name="ACME BILLING",
    receiver_id="SUB01",
    batch_trace_number="BATCH0002",
)
PROVIDER = dict(
    SOURCE,
    billing_name="ACME CLINIC",
    billing_id_qualifier="XX",
    billing_id="1234567893",
    billing_npi="1234567893",
)
DOE = dict(PROVIDER, patient_last_name="DOE", patient_first_name="JOHN", patient_member_id="MEM001")


@pytest.fixture
def statuses(fixture_text, tables):
    parsed = tables(fixture_text("ack_277ca.x12"), "ack_277ca.x12")
    return parsed["claim_statuses"].to_pylist()


def test_receiver_and_provider_statuses_carry_their_totals(statuses, expect) -> None:
    totals = dict(
        accepted_quantity=D("1.000"),
        rejected_quantity=D("2.000"),
        accepted_amount=D("200.00"),
        rejected_amount=D("105.00"),
    )
    accepted = dict(category_code="A1", status_code="19", entity_code="PR", action_code="WQ")
    assert statuses[:2] == [
        expect(
            "claim_statuses",
            **SOURCE,
            **accepted,
            **totals,
            segment=13,
            level="information_receiver",
            status_date=date(2024, 1, 7),
            amount=D("305.00"),
        ),
        expect(
            "claim_statuses",
            **PROVIDER,
            **accepted,
            **totals,
            segment=21,
            level="billing_provider",
            amount=D("305.00"),
        ),
    ]


def test_accepted_claim_and_its_line(statuses, expect) -> None:
    claim = dict(
        DOE,
        claim_index=1,
        claim_id="PCN-B1",
        payer_claim_control_number="ICN-B1",
        clearinghouse_trace_number="CH-0001",
        service_date=date(2024, 1, 2),
        service_date_end=date(2024, 1, 2),
        status_date=date(2024, 1, 7),
        action_code="WQ",
    )
    assert statuses[2:4] == [
        expect(
            "claim_statuses",
            **claim,
            segment=29,
            level="claim",
            category_code="A2",
            status_code="20",
            entity_code="PR",
            amount=D("200.00"),
        ),
        expect(
            "claim_statuses",
            **claim,
            segment=34,
            level="service_line",
            line_index=1,
            procedure_qualifier="HC",
            procedure_code="99214",
            modifier_1="25",
            line_charge=D("120.00"),
            line_units=D("1.000"),
            line_control_number="LINE-1",
            line_service_date=date(2024, 1, 2),
            line_service_date_end=date(2024, 1, 2),
            category_code="A2",
            status_code="20",
        ),
    ]


def test_rejected_claims_with_a_second_status(statuses, expect) -> None:
    rejected = dict(status_date=date(2024, 1, 7), action_code="U", level="claim")
    assert statuses[4:] == [
        expect(
            "claim_statuses",
            **DOE,
            **rejected,
            claim_index=2,
            claim_id="PCN-B2",
            service_date=date(2024, 1, 4),
            service_date_end=date(2024, 1, 4),
            segment=40,
            category_code="A3",
            status_code="21",
            entity_code="77",
            category_code_2="A7",
            status_code_2="562",
            entity_code_2="85",
            amount=D("95.00"),
        ),
        expect(
            "claim_statuses",
            **PROVIDER,
            **rejected,
            patient_last_name="ROE",
            patient_first_name="MARY",
            patient_member_id="MEM002",
            claim_index=3,
            claim_id="PCN-Z9",
            service_date=date(2024, 1, 1),
            service_date_end=date(2024, 1, 1),
            segment=45,
            category_code="A3",
            status_code="21",
            amount=D("10.00"),
        ),
    ]


def test_envelope_row_names_the_kind(fixture_text, tables) -> None:
    [row] = tables(fixture_text("ack_277ca.x12"))["transactions"].to_pylist()
    assert (row["transaction_kind"], row["implementation_version"]) == ("277CA", "005010X214")


BAD = [
    ("TRN*2*PCN-B2~", "CLP*PCN-B2*4~", 39, "CLP", "CLP is not a segment of a 277CA"),
    ("HL*5*3*PT~", "HL*5*3*22~", 37, "HL", "HL03 '22' is not a 277CA level"),
    ("TRN*2*PCN-B2~", "NM1*QC*1*X~", 40, "STC", "STC of a patient before its claim's TRN"),
    ("DTP*472*D8*20240104~", "DTP*472*D8*2024010~", 41, "DTP", "DTP03 '2024010'"),
    ("STC*A3:21*20240107*U*10~", "STC*A3:21*20240107*U*1O~", 45, "STC", "STC04 '1O'"),
]


@pytest.mark.parametrize(("old", "new", "ordinal", "sid", "reason"), BAD)
def test_bad_input_rejects_the_file_naming_the_segment(
    fixture_text, tables, old, new, ordinal, sid, reason
) -> None:
    text = fixture_text("ack_277ca.x12")
    assert old in text
    with pytest.raises(X12Error) as caught:
        tables(text.replace(old, new, 1), "bad.277")
    error = caught.value
    assert (error.file, error.segment, error.segment_id) == ("bad.277", ordinal, sid)
    assert reason in error.reason


def test_billing_provider_sent_by_tax_id(fixture_text, tables) -> None:
    """NM108 FI: no NPI; the id kept as sent for matching by tax id. The 2200C
    REF (provider secondary id) is part of the guide and loads without a row."""
    statuses = tables(fixture_text("ack_277ca_tax_id.x12"))["claim_statuses"].to_pylist()
    assert [(r["level"], r["claim_id"], r["category_code"]) for r in statuses] == [
        ("information_receiver", None, "A1"),
        ("claim", "PCN-B1", "A2"),
        ("claim", "PCN-B9", "A4"),
    ]
    claim = statuses[1]
    assert (claim["billing_id_qualifier"], claim["billing_id"], claim["billing_npi"]) == (
        "FI",
        "37-1234567",
        None,
    )
    assert claim["payer_claim_control_number"] == "ICN-B1R"
