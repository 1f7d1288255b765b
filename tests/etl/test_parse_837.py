"""837P and 837I: hand-made files whose every row was worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from rcm.etl.x12 import X12Error


@pytest.fixture
def professional(fixture_text, tables):
    return tables(fixture_text("professional.837"), "professional.837")


@pytest.fixture
def institutional(fixture_text, tables):
    return tables(fixture_text("institutional.837i"), "institutional.837i")


def test_professional_claims(professional, expect) -> None:
    billing = {
        "transaction_index": 1,
        "claim_kind": "P",
        "bht_reference": "BATCH0001",
        "submission_date": date(2024, 1, 5),
        "bht_transaction_type": "CH",
        "billing_npi": "1234567893",
        "billing_tax_id": "371234567",
        "billing_name": "ACME CLINIC",
        "billing_taxonomy": "207Q00000X",
        "payer_id": "PAYER01",
        "payer_name": "BLUE PAYER",
        "facility_code": "11",
        "facility_code_qualifier": "B",
        "provider_signature": "Y",
        "assignment_code": "A",
        "benefits_assignment": "Y",
        "release_of_information": "Y",
    }
    assert professional["claims"].to_pylist() == [
        expect(
            "claims",
            **billing,
            claim_index=1,
            claim_segment=21,
            payer_responsibility="P",
            subscriber_relationship="18",
            group_number="GRP100",
            claim_filing_indicator="CI",
            subscriber_member_id="MEM001",
            subscriber_last_name="DOE",
            subscriber_first_name="JOHN",
            subscriber_birth_date=date(1980, 2, 15),
            subscriber_sex="M",
            patient_relationship="18",
            patient_last_name="DOE",
            patient_first_name="JOHN",
            patient_birth_date=date(1980, 2, 15),
            patient_sex="M",
            claim_id="PCN001",
            total_charge=D("150.50"),
            frequency_code="1",
            prior_authorization="AUTH55",
            rendering_npi="1497758544",
            rendering_taxonomy="207R00000X",
        ),
        expect(
            "claims",
            **billing,
            claim_index=2,
            claim_segment=44,
            payer_responsibility="P",
            subscriber_relationship="01",
            group_number="GRP200",
            claim_filing_indicator="CI",
            subscriber_member_id="MEM002",
            subscriber_last_name="ROE",
            subscriber_first_name="MARY",
            patient_relationship="19",
            patient_last_name="ROE",
            patient_first_name="TIM",
            patient_birth_date=date(2010, 3, 10),
            patient_sex="M",
            claim_id="PCN002",
            total_charge=D("80.00"),
            frequency_code="7",
            payer_claim_control_number="ORIG123",
        ),
    ]


def test_professional_lines_resolve_diagnosis_pointers(professional, expect) -> None:
    assert professional["claim_lines"].to_pylist() == [
        expect(
            "claim_lines",
            transaction_index=1,
            claim_index=1,
            line_number=1,
            line_segment=28,
            procedure_qualifier="HC",
            procedure_code="99214",
            modifier_1="25",
            charge=D("120.50"),
            unit_type="UN",
            units=D("1.000"),
            dx_pointer_1=1,
            dx_pointer_2=2,
            dx_code_1="E119",
            dx_code_2="I10",
            service_date=date(2024, 1, 2),
            service_date_end=date(2024, 1, 2),
            line_control_number="LINE001",
        ),
        expect(
            "claim_lines",
            transaction_index=1,
            claim_index=1,
            line_number=2,
            line_segment=32,
            procedure_qualifier="HC",
            procedure_code="J3301",
            charge=D("30.00"),
            unit_type="UN",
            units=D("2.500"),
            dx_pointer_1=3,
            dx_code_1="Z6841",
            service_date=date(2024, 1, 2),
            service_date_end=date(2024, 1, 4),
            rendering_npi="1679576722",
            ndc="00009073805",
        ),
        expect(
            "claim_lines",
            transaction_index=1,
            claim_index=2,
            line_number=1,
            line_segment=48,
            procedure_qualifier="HC",
            procedure_code="99213",
            charge=D("80.00"),
            unit_type="UN",
            units=D("1.000"),
            dx_pointer_1=1,
            dx_code_1="J069",
            service_date=date(2024, 1, 3),
            service_date_end=date(2024, 1, 3),
        ),
    ]


def test_professional_diagnoses_in_order_sent(professional) -> None:
    found = [
        (r["claim_index"], r["ordinal"], r["qualifier"], r["code"], r["present_on_admission"])
        for r in professional["claim_diagnoses"].to_pylist()
    ]
    assert found == [
        (1, 1, "ABK", "E119", None),
        (1, 2, "ABF", "I10", None),
        (1, 3, "ABF", "Z6841", None),
        (2, 1, "ABK", "J069", None),
    ]


def test_parties_repeat_billing_level_for_each_claim(professional, expect) -> None:
    billing = dict(
        role="billing",
        entity_identifier="85",
        entity_type="2",
        last_or_organization_name="ACME CLINIC",
        id_qualifier="XX",
        id="1234567893",
        taxonomy="207Q00000X",
        address_1="1 MAIN ST",
        address_2="SUITE 2",
        city="SPRINGFIELD",
        state="IL",
        postal_code="62701",
    )
    payer = dict(
        role="payer",
        entity_identifier="PR",
        entity_type="2",
        last_or_organization_name="BLUE PAYER",
        id_qualifier="PI",
        id="PAYER01",
    )
    assert professional["parties"].to_pylist() == [
        expect("parties", transaction_index=1, claim_index=1, **billing),
        expect(
            "parties",
            transaction_index=1,
            claim_index=1,
            role="subscriber",
            entity_identifier="IL",
            entity_type="1",
            last_or_organization_name="DOE",
            first_name="JOHN",
            middle_name="Q",
            id_qualifier="MI",
            id="MEM001",
            address_1="5 OAK AVE",
            city="SPRINGFIELD",
            state="IL",
            postal_code="62702",
            birth_date=date(1980, 2, 15),
            sex="M",
        ),
        expect("parties", transaction_index=1, claim_index=1, **payer),
        expect(
            "parties",
            transaction_index=1,
            claim_index=1,
            role="rendering",
            entity_identifier="82",
            entity_type="1",
            last_or_organization_name="SMITH",
            first_name="ANNA",
            id_qualifier="XX",
            id="1497758544",
            taxonomy="207R00000X",
        ),
        expect(
            "parties",
            transaction_index=1,
            claim_index=1,
            line_number=2,
            role="rendering",
            entity_identifier="82",
            entity_type="1",
            last_or_organization_name="JONES",
            first_name="BOB",
            id_qualifier="XX",
            id="1679576722",
        ),
        expect("parties", transaction_index=1, claim_index=2, **billing),
        expect(
            "parties",
            transaction_index=1,
            claim_index=2,
            role="subscriber",
            entity_identifier="IL",
            entity_type="1",
            last_or_organization_name="ROE",
            first_name="MARY",
            id_qualifier="MI",
            id="MEM002",
        ),
        expect("parties", transaction_index=1, claim_index=2, **payer),
        expect(
            "parties",
            transaction_index=1,
            claim_index=2,
            role="patient",
            entity_identifier="QC",
            entity_type="1",
            last_or_organization_name="ROE",
            first_name="TIM",
            birth_date=date(2010, 3, 10),
            sex="M",
        ),
    ]


def test_transaction_row(professional, expect) -> None:
    assert professional["transactions"].to_pylist() == [
        expect(
            "transactions",
            transaction_index=1,
            interchange_control_number="000000101",
            sender_qualifier="ZZ",
            sender_id="SUBMITTER01",
            receiver_qualifier="ZZ",
            receiver_id="RECEIVER01",
            interchange_date=date(2024, 1, 5),
            usage_indicator="P",
            functional_id="HC",
            application_sender="SUBMITTER01",
            application_receiver="RECEIVER01",
            group_control_number="101",
            transaction_set_id="837",
            transaction_control_number="0001",
            implementation_version="005010X222A1",
            transaction_kind="837P",
            segment_count=48,
            first_segment=3,
        )
    ]


def test_unused_segment_changes_nothing_it_is_counted(fixture_text, tables) -> None:
    """PWK (claim attachments) is an 837P segment the product does not load."""
    text = fixture_text("professional.837")
    without = text.replace("PWK*OZ*BM***AC*DMN0012~\n", "").replace("SE*48*", "SE*47*")
    with_it = tables(text)
    plain = tables(without)
    for name in ("claims", "claim_lines", "parties", "claim_diagnoses"):
        ignore = {"claim_segment", "line_segment"}
        strip = [
            {k: v for k, v in row.items() if k not in ignore} for row in with_it[name].to_pylist()
        ]
        assert strip == [
            {k: v for k, v in row.items() if k not in ignore} for row in plain[name].to_pylist()
        ]
    assert with_it["unused_segments"].to_pylist() == [
        {"transaction_index": 1, "segment_id": "PER", "count": 1},
        {"transaction_index": 1, "segment_id": "PWK", "count": 1},
    ]
    assert plain["unused_segments"].to_pylist() == [
        {"transaction_index": 1, "segment_id": "PER", "count": 1}
    ]


def test_provider_loops_are_not_mixed_up(fixture_text, tables) -> None:
    """An N4 after a claim-level NM1 belongs to that provider, not to the subscriber."""
    text = fixture_text("professional.837").replace(
        "PRV*PE*PXC*207R00000X~\n", "PRV*PE*PXC*207R00000X~\nN4*ELSEWHERE*WI*53703~\n"
    )
    text = text.replace("SE*48*", "SE*49*")
    parsed = tables(text)
    subscriber = parsed["parties"].to_pylist()[1]
    assert (subscriber["role"], subscriber["city"]) == ("subscriber", "SPRINGFIELD")
    rendering = parsed["parties"].to_pylist()[3]
    assert (rendering["role"], rendering["city"], rendering["state"]) == (
        "rendering",
        "ELSEWHERE",
        "WI",
    )


def test_institutional_claim(institutional, expect) -> None:
    assert institutional["claims"].to_pylist() == [
        expect(
            "claims",
            transaction_index=1,
            claim_index=1,
            claim_segment=18,
            claim_kind="I",
            bht_reference="INST0001",
            submission_date=date(2024, 2, 10),
            bht_transaction_type="CH",
            billing_npi="1245319599",
            billing_tax_id="141234567",
            billing_name="GENERAL HOSPITAL",
            billing_taxonomy="282N00000X",
            payer_responsibility="P",
            subscriber_relationship="18",
            claim_filing_indicator="MA",
            subscriber_member_id="1EG4TE5MK73",
            subscriber_last_name="SMITH",
            subscriber_first_name="ALICE",
            subscriber_birth_date=date(1945, 7, 4),
            subscriber_sex="F",
            payer_id="00120",
            payer_name="MEDICARE A",
            patient_relationship="18",
            patient_last_name="SMITH",
            patient_first_name="ALICE",
            patient_birth_date=date(1945, 7, 4),
            patient_sex="F",
            claim_id="INPT77",
            total_charge=D("12500.00"),
            facility_code="11",
            facility_code_qualifier="A",
            frequency_code="1",
            assignment_code="A",
            benefits_assignment="Y",
            release_of_information="Y",
            statement_from=date(2024, 2, 1),
            statement_to=date(2024, 2, 5),
            admission_date=date(2024, 2, 1),
            admission_type="1",
            admission_source="7",
            patient_status="01",
            drg_code="280",
            attending_npi="1306849450",
            operating_npi="1184629492",
        )
    ]


def test_institutional_hi_qualifiers(institutional) -> None:
    diagnoses = [
        (r["ordinal"], r["qualifier"], r["code"], r["present_on_admission"])
        for r in institutional["claim_diagnoses"].to_pylist()
    ]
    assert diagnoses == [
        (1, "ABK", "I214", "Y"),
        (2, "ABJ", "R079", None),
        (3, "APR", "R0789", None),
        (4, "ABF", "E119", "N"),
        (5, "ABF", "I10", "Y"),
    ]
    codes = [
        (r["qualifier"], r["code"], r["date_format"], r["date_value"], r["amount"])
        for r in institutional["claim_codes"].to_pylist()
    ]
    assert codes == [
        ("BBR", "02703ZZ", "D8", "20240202", None),
        ("BBQ", "B2111ZZ", "D8", "20240201", None),
        ("BH", "11", "D8", "20240131", None),
        ("BI", "70", "RD8", "20240101-20240105", None),
        ("BE", "80", None, None, D("4.00")),
        ("BG", "17", None, None, None),
    ]


def test_institutional_lines_carry_revenue_codes(institutional, expect) -> None:
    assert institutional["claim_lines"].to_pylist() == [
        expect(
            "claim_lines",
            transaction_index=1,
            claim_index=1,
            line_number=1,
            line_segment=37,
            procedure_qualifier="HC",
            procedure_code="99223",
            revenue_code="0120",
            charge=D("9000.00"),
            unit_type="UN",
            units=D("4.000"),
            service_date=date(2024, 2, 1),
            service_date_end=date(2024, 2, 1),
        ),
        expect(
            "claim_lines",
            transaction_index=1,
            claim_index=1,
            line_number=2,
            line_segment=40,
            revenue_code="0450",
            charge=D("3500.00"),
            unit_type="UN",
            units=D("1.000"),
        ),
    ]


def test_institutional_roles_by_entity_code(institutional) -> None:
    roles = [(r["role"], r["id"]) for r in institutional["parties"].to_pylist()]
    assert roles == [
        ("billing", "1245319599"),
        ("subscriber", "1EG4TE5MK73"),
        ("payer", "00120"),
        ("attending", "1306849450"),
        ("operating", "1184629492"),
        ("other_operating", "1932102084"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "CLM*PCN001*150.50*",
            "CLM*PCN001*15O.50*",
            "professional.837: segment 21 (CLM): CLM02 '15O.50' is not a valid amount",
        ),
        (
            "DTP*472*D8*20240103~",
            "DTP*472*D8*2024-01-03~",
            "professional.837: segment 49 (DTP): DTP03 '2024-01-03' is not a CCYYMMDD date",
        ),
        (
            "DMG*D8*19800215*M~",
            "DMG*D8*1980021*M~",
            "professional.837: segment 19 (DMG): DMG02 '1980021' is not a CCYYMMDD date",
        ),
        (
            "SV1*HC:J3301*30*UN*2.5***3~",
            "SV1*HC:J3301*30*UN*2.5x***3~",
            "professional.837: segment 32 (SV1): SV104 '2.5x' is not a valid amount",
        ),
        (
            "SV1*HC:99213*80*UN*1***1~",
            "SV1*HC:99213*80*UN*1***A~",
            "professional.837: segment 48 (SV1): SV107 diagnosis pointer 'A' is not a number",
        ),
        (
            "LX*2~",
            "LX*two~",
            "professional.837: segment 31 (LX): LX01 'two' is not a line number",
        ),
        (
            "HL*4*3*23*0~",
            "HL*4*3*99*0~",
            "professional.837: segment 40 (HL): HL03 '99' is not an 837 level",
        ),
    ],
)
def test_bad_values_name_segment_and_element(fixture_text, tables, old, new, message) -> None:
    text = fixture_text("professional.837")
    assert old in text
    with pytest.raises(X12Error) as caught:
        tables(text.replace(old, new), "professional.837")
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "DTP*472*D8*20240103~",
            "DTP*472*D8*20260230~",
            "segment 49 (DTP): DTP03 '20260230' is not a calendar date",
        ),
        (
            "DTP*472*RD8*20240102-20240104~",
            "DTP*472*RD8*20240102-20240231~",
            "segment 33 (DTP): DTP03 '20240231' is not a calendar date",
        ),
        (
            "DMG*D8*19800215*M~",
            "DMG*D8*00000101*M~",
            "segment 19 (DMG): DMG02 '00000101' is not a calendar date",
        ),
        (
            "BHT*0019*00*BATCH0001*20240105*1200*CH~",
            "BHT*0019*00*BATCH0001*20241301*1200*CH~",
            "segment 4 (BHT): BHT04 '20241301' is not a calendar date",
        ),
    ],
)
def test_impossible_calendar_date_rejects_the_file(fixture_text, tables, old, new, message) -> None:
    """Never rolled over, never a null: the file is rejected naming segment and element."""
    text = fixture_text("professional.837")
    assert old in text
    with pytest.raises(X12Error) as caught:
        tables(text.replace(old, new), "professional.837")
    assert str(caught.value) == f"professional.837: {message}"


@pytest.mark.parametrize(
    ("clm05", "facility", "frequency"),
    [
        ("11", ("11", None), None),  # not a composite
        ("11:B", ("11", "B"), None),  # no frequency code
        ("11:B:9", ("11", "B"), "9"),  # a code X12 does not have
    ],
)
def test_odd_clm05_keeps_the_claim_and_its_code_as_sent(
    fixture_text, tables, clm05, facility, frequency
) -> None:
    text = fixture_text("professional.837").replace("*11:B:1*", f"*{clm05}*")
    claim = tables(text)["claims"].to_pylist()[0]
    assert claim["claim_id"] == "PCN001"
    assert (claim["facility_code"], claim["facility_code_qualifier"]) == facility
    assert claim["frequency_code"] == frequency


def test_odd_frequency_codes_load_as_originals_into_core_claims(fixture_text, tmp_path) -> None:
    """A CLM05 that is no composite, or an unknown frequency, is an original: never dropped."""
    from typer.testing import CliRunner

    from rcm.cli import app
    from rcm.warehouse import Warehouse

    text = fixture_text("professional.837")
    text = text.replace("*11:B:1*", "*11*").replace("*11:B:7*", "*11:B:9*")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "odd_clm05.837").write_text(text, encoding="ascii")
    args = ["--warehouse", str(tmp_path / "wh"), "load", "--no-check", str(tmp_path / "in")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    with Warehouse(tmp_path / "wh").reader() as con:
        rows = con.execute(
            "SELECT c.claim_id, c.billed_amount, c.is_voided, s.frequency_code,"
            " s.frequency_code_sent, s.is_void, s.is_replacement"
            " FROM core.claims AS c JOIN core.submissions AS s USING (billing_npi, claim_id)"
            " ORDER BY c.claim_id"
        ).fetchall()
    assert rows == [
        ("PCN001", D("150.50"), False, "1", None, False, False),
        ("PCN002", D("80.00"), False, "1", "9", False, False),
    ]
