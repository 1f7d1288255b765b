"""837D dental (005010X224A2): a hand-made claim whose every row was worked out by hand.

The fixture `dental.837d` is one claim of three lines: a resin restoration on
teeth 30 and 31 (two surfaces, then one), a comprehensive orthodontic line
with its appliance and treatment dates, and a replacement crown on tooth 8.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from rcm.etl.x12 import X12Error

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "x12-corpus" / "files"


@pytest.fixture
def dental(fixture_text, tables):
    return tables(fixture_text("dental.837d"), "dental.837d")


def test_dental_claim(dental, expect) -> None:
    assert dental["claims"].to_pylist() == [
        expect(
            "claims",
            transaction_index=1,
            claim_index=1,
            claim_segment=19,
            claim_kind="D",
            bht_reference="DENT0001",
            submission_date=date(2024, 3, 5),
            bht_transaction_type="CH",
            billing_npi="1234567893",
            billing_tax_id="371234567",
            billing_name="SMILE DENTAL",
            billing_taxonomy="1223G0001X",
            payer_responsibility="P",
            subscriber_relationship="18",
            group_number="DGRP1",
            claim_filing_indicator="CI",
            subscriber_member_id="DMEM01",
            subscriber_last_name="DOE",
            subscriber_first_name="JANE",
            subscriber_birth_date=date(1990, 4, 12),
            subscriber_sex="F",
            payer_id="DPAY01",
            payer_name="TOOTH PAYER",
            patient_relationship="18",
            patient_last_name="DOE",
            patient_first_name="JANE",
            patient_birth_date=date(1990, 4, 12),
            patient_sex="F",
            claim_id="DPCN01",
            total_charge=D("2275.00"),
            facility_code="11",
            facility_code_qualifier="B",
            frequency_code="1",
            provider_signature="Y",
            assignment_code="A",
            benefits_assignment="Y",
            release_of_information="Y",
            rendering_npi="1497758544",
            rendering_taxonomy="1223G0001X",
            claim_service_date=date(2024, 3, 1),
            ortho_months_total=D("24.000"),
            ortho_months_remaining=D("20.000"),
        )
    ]
    assert dental["transactions"].column("transaction_kind").to_pylist() == ["837D"]


def test_dental_lines(dental, expect) -> None:
    line = {
        "transaction_index": 1,
        "claim_index": 1,
        "procedure_qualifier": "AD",
        "place_of_service": "11",
    }
    assert dental["claim_lines"].to_pylist() == [
        expect(
            "claim_lines",
            **line,
            line_number=1,
            line_segment=28,
            procedure_code="D2392",
            charge=D("175.00"),
            units=D("1.000"),
            dx_pointer_1=1,
            dx_code_1="K0251",
            service_date=date(2024, 3, 2),
            service_date_end=date(2024, 3, 2),
            oral_cavity_designation="10:20",
            prosthesis_crown_inlay="I",
            prior_placement_date=date(2019, 1, 15),
        ),
        expect(
            "claim_lines",
            **line,
            line_number=2,
            line_segment=34,
            procedure_code="D8080",
            charge=D("1100.00"),
            appliance_placement_date=date(2024, 1, 10),
            treatment_start_date=date(2024, 1, 10),
            treatment_completion_date=date(2026, 1, 10),
        ),
        expect(
            "claim_lines",
            **line,
            line_number=3,
            line_segment=39,
            procedure_code="D2740",
            charge=D("1000.00"),
            prosthesis_crown_inlay="R",
            replacement_date=date(2024, 2, 15),
        ),
    ]


def test_one_row_per_tooth(dental) -> None:
    assert dental["line_teeth"].to_pylist() == [
        {
            "transaction_index": 1,
            "claim_index": 1,
            "line_number": 1,
            "line_segment": 28,
            "segment": 29,
            "code_qualifier": "JP",
            "tooth_number": "30",
            "surfaces": "M:O",
        },
        {
            "transaction_index": 1,
            "claim_index": 1,
            "line_number": 1,
            "line_segment": 28,
            "segment": 30,
            "code_qualifier": "JP",
            "tooth_number": "31",
            "surfaces": "O",
        },
        {
            "transaction_index": 1,
            "claim_index": 1,
            "line_number": 3,
            "line_segment": 39,
            "segment": 40,
            "code_qualifier": "JP",
            "tooth_number": "8",
            "surfaces": None,
        },
    ]


def test_tooth_status(dental) -> None:
    rows = [
        (r["segment"], r["tooth_number"], r["status_code"], r["code_qualifier"])
        for r in dental["tooth_status"].to_pylist()
    ]
    assert rows == [(22, "1", "M", "JP"), (23, "32", "E", "JP")]


def test_predetermination_is_kept(fixture_text, tables) -> None:
    text = fixture_text("dental.837d").replace("*Y*A*Y*Y~", "*Y*A*Y*Y**********PB~")
    assert tables(text)["claims"].column("submission_reason").to_pylist() == ["PB"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "SV3*AD:D8080*1100*11~",
            "SV1*HC:D8080*1100*UN*1~",
            "segment 34 (SV1): SV1 is not a segment of 837D 005010X224A2",
        ),
        (
            "LX*1~",
            "TOO*JP*30~",
            "segment 27 (TOO): TOO outside a dental service line (SV3)",
        ),
        (
            "SV3*AD:D2392*175*11*10:20*I*1*****1~",
            "SV3*AD:D2392*175*11*10:20*I*1*****A~",
            "segment 28 (SV3): SV311 diagnosis pointer 'A' is not a number",
        ),
        (
            "SV3*AD:D2392*175*",
            "SV3*AD:D2392*17S*",
            "segment 28 (SV3): SV302 '17S' is not a valid amount",
        ),
        (
            "DTP*441*D8*20190115~",
            "DTP*441*D8*20190229~",
            "segment 32 (DTP): DTP03 '20190229' is not a calendar date",
        ),
        ("DN1*24*20~", "DN1*2X*20~", "segment 21 (DN1): DN101 '2X' is not a valid amount"),
    ],
)
def test_bad_dental_input_names_segment_and_element(
    fixture_text, tables, old, new, message
) -> None:
    text = fixture_text("dental.837d")
    assert old in text
    with pytest.raises(X12Error) as caught:
        tables(text.replace(old, new), "dental.837d")
    assert str(caught.value) == f"dental.837d: {message}"


# The three public 837D samples: (claim id, CLM02, [(procedure, charge, units)], [(line, tooth)]),
# read off the files' own segments.
SAMPLES = {
    "sedi__X224A2_HC837_pass_claim-from-billing-provider-to-payer-b.edi": (
        "26403774",
        D("200.00"),
        [("D3320", D("200.00"), D("1.000"))],
        [(1, "5")],
    ),
    "sedi__X224A2_HC837_pass_multiple-tooth-numbers.edi": (
        "1191",
        D("900.00"),
        [("D5214", D("900.00"), None)],
        [(1, "31"), (1, "30"), (1, "21"), (1, "19"), (1, "18")],
    ),
    "sedi__X224A2_HC837_pass_sales-tax.edi": (
        "119033233",
        D("293.19"),
        [("D7140", D("150.00"), None), ("D0140", D("130.00"), None), ("D9985", D("13.19"), None)],
        [(1, "31")],
    ),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_public_dental_samples(tables, name) -> None:
    claim_id, total, lines, teeth = SAMPLES[name]
    parsed = tables((CORPUS / name).read_bytes(), name)
    claims = parsed["claims"].to_pylist()
    assert [(c["claim_kind"], c["claim_id"], c["total_charge"]) for c in claims] == [
        ("D", claim_id, total)
    ]
    assert [
        (r["procedure_qualifier"], r["procedure_code"], r["charge"], r["units"])
        for r in parsed["claim_lines"].to_pylist()
    ] == [("AD", *line) for line in lines]
    assert [(r["line_number"], r["tooth_number"]) for r in parsed["line_teeth"].to_pylist()] == (
        teeth
    )


def _load(folder: Path, warehouse: Path, *options: str):
    """Load a folder with `rcm load`; return the warehouse to read it back."""
    from typer.testing import CliRunner

    from rcm.cli import app
    from rcm.warehouse import Warehouse

    args = ["--warehouse", str(warehouse), "load", *options, str(folder)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return Warehouse(warehouse)


def test_dental_claims_reach_core_as_dental(fixture_text, tmp_path) -> None:
    """Through rcm load: claim type 837D, the lines with their dental columns, the teeth."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "dental.837d").write_text(fixture_text("dental.837d"), encoding="ascii")
    sample = "sedi__X224A2_HC837_pass_multiple-tooth-numbers.edi"
    (folder / sample).write_bytes((CORPUS / sample).read_bytes())
    with _load(folder, tmp_path / "wh", "--no-check").reader() as con:
        claims = con.execute(
            "SELECT claim_id, claim_type, billed_amount FROM core.claims ORDER BY claim_id"
        ).fetchall()
        lines = con.execute(
            "SELECT line_number, procedure_code, place_of_service, service_date,"
            " oral_cavity_designation, prosthesis_crown_inlay"
            " FROM core.claim_lines WHERE claim_id = 'DPCN01' ORDER BY line_number"
        ).fetchall()
        teeth = con.execute(
            "SELECT claim_id, line_number, tooth_ordinal, tooth_number, surfaces"
            " FROM core.claim_line_teeth ORDER BY claim_id, line_number, tooth_ordinal"
        ).fetchall()
    assert claims == [("1191", "837D", D("900.00")), ("DPCN01", "837D", D("2275.00"))]
    # Lines 2 and 3 have no DTP*472 of their own: they take the claim's (2300, 2024-03-01).
    assert lines == [
        (1, "D2392", "11", date(2024, 3, 2), "10:20", "I"),
        (2, "D8080", "11", date(2024, 3, 1), None, None),
        (3, "D2740", "11", date(2024, 3, 1), None, "R"),
    ]
    assert teeth == [
        ("1191", 1, 1, "31", None),
        ("1191", 1, 2, "30", None),
        ("1191", 1, 3, "21", None),
        ("1191", 1, 4, "19", None),
        ("1191", 1, 5, "18", None),
        ("DPCN01", 1, 1, "30", "M:O"),
        ("DPCN01", 1, 2, "31", "O"),
        ("DPCN01", 3, 1, "8", None),
    ]


def test_coding_rules_leave_cdt_codes_alone(fixture_text, tmp_path) -> None:
    """D0140 at 130.00 (dental) and 30.00 (on an 837P) is no charge outlier: CDT is skipped."""
    folder = tmp_path / "in"
    folder.mkdir()
    sample = "sedi__X224A2_HC837_pass_sales-tax.edi"
    (folder / sample).write_bytes((CORPUS / sample).read_bytes())
    professional = fixture_text("professional.837").replace(
        "SV1*HC:J3301*30*UN*2.5***3~", "SV1*HC:D0140*30*UN*2.5***3~"
    )
    (folder / "professional_cdt.837").write_text(professional, encoding="ascii")
    with _load(folder, tmp_path / "wh").reader() as con:
        runs = con.execute("SELECT count(*) FROM dq.check_runs").fetchone()
        cdt_lines = con.execute(
            "SELECT count(*) FROM core.claim_lines WHERE procedure_code = 'D0140'"
        ).fetchone()
        flags = con.execute(
            "SELECT f.rule, l.procedure_code FROM dq.coding_flags AS f"
            " JOIN core.claim_lines AS l USING (billing_npi, claim_id, line_number)"
            " WHERE regexp_full_match(l.procedure_code, 'D[0-9]{4}')"
        ).fetchall()
    assert runs == (1,) and cdt_lines == (2,)
    assert flags == []
