"""Each coding rule on hand-made claims: a positive and a negative case, answers by hand."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from tiny import DAY, Claim, Line, Tiny, flags

from rcm.config import REFERENCE_DIR
from rcm.generator import npi as generator_npi


def _mue(code: str) -> int:
    with open(REFERENCE_DIR / "mue_practitioner.csv", newline="") as handle:
        return next(int(r["mue_value"]) for r in csv.DictReader(handle) if r["hcpcs"] == code)


def test_dx_invalid_flags_headers_and_unknown_codes_not_billable_ones() -> None:
    con = (
        Tiny()
        .add(Claim("HEADER", [Line("99213")], dx=("E11", "J069")))
        .add(Claim("UNKNOWN", [Line("99213")], dx=("E1190",)))
        .add(Claim("GOOD", [Line("99213")], dx=("E119", "I10", "S060X0A")))
        .connect()
    )
    assert flags(con, "DX_INVALID") == {("HEADER", None), ("UNKNOWN", None)}
    evidence = json.loads(
        con.execute("SELECT evidence FROM dq.coding_flags WHERE claim_id = 'UNKNOWN'").fetchone()[0]
    )
    assert evidence["unknown_codes"] == ["E1190"]


def test_px_invalid_flags_malformed_codes_and_unknown_modifiers() -> None:
    con = (
        Tiny()
        .add(Claim("BADCODE", [Line("99213"), Line("9921")]))
        .add(Claim("BADMOD", [Line("20610", ("ZZ9",))]))
        .add(Claim("GOOD", [Line("99213", ("25",)), Line("J1030"), Line("0001U"), Line("3008F")]))
        .connect()
    )
    assert flags(con, "PX_INVALID") == {("BADCODE", 2), ("BADMOD", 1)}


def test_npi_invalid_flags_a_wrong_check_digit_on_billing_or_rendering() -> None:
    con = (
        Tiny()
        .add(Claim("BADBILL", [Line("99213")], billing="1234567890"))
        .add(Claim("BADREND", [Line("99213")], rendering="1245319598"))
        .add(Claim("GOOD", [Line("99213")]))
        .connect()
    )
    assert flags(con, "NPI_INVALID") == {("BADBILL", None), ("BADREND", None)}


def test_npi_check_digit_in_sql_agrees_with_the_generator() -> None:
    con = Tiny().add(Claim("X", [Line("99213")])).connect()
    candidates = [f"1{n:08d}" for n in range(100_000, 100_300)]
    numbers = [c + str(d) for c in candidates for d in range(10)]
    valid = {
        row[0]
        for row in con.execute(
            "SELECT n FROM unnest(?) AS t(n) WHERE dq_npi_valid(n)", [numbers]
        ).fetchall()
    }
    assert valid == {n for n in numbers if generator_npi.is_valid(n)}
    assert len(valid) == len(candidates)


def test_sex_conflict_flags_the_other_sex_only() -> None:
    con = (
        Tiny()
        .add(Claim("MALEPREG", [Line("99213")], dx=("O0990",), sex="M", patient="A"))
        .add(Claim("FEMPROST", [Line("99213")], dx=("C61",), sex="F", patient="B"))
        .add(Claim("FEMPSA", [Line("99213")], dx=("R9720",), sex="F", patient="C"))
        .add(Claim("FEMPREG", [Line("99213")], dx=("O0990",), sex="F", patient="D"))
        .add(Claim("UNKNOWN", [Line("99213")], dx=("C61",), sex="U", patient="E"))
        .connect()
    )
    assert flags(con, "SEX_CONFLICT") == {("MALEPREG", None), ("FEMPROST", None), ("FEMPSA", None)}


def test_age_conflict_preventive_bands_and_perinatal_codes() -> None:
    thirty = dt.date(DAY.year - 30, 1, 1)
    con = (
        Tiny()
        .add(Claim("WRONGBAND", [Line("99391")], birth=thirty, patient="A"))
        .add(Claim("RIGHTBAND", [Line("99395")], birth=thirty, patient="B"))
        .add(
            Claim("PCODE5", [Line("99213", dx=("P0739",))], birth=dt.date(2021, 1, 1), patient="C")
        )
        .add(
            Claim("PCODE0", [Line("99213", dx=("P0739",))], birth=dt.date(2025, 12, 1), patient="D")
        )
        # 18 the day before the 18th birthday is still 17: 99394 (12-17) is right.
        .add(Claim("EVE", [Line("99394")], birth=dt.date(2008, 3, 3), patient="E"))
        .connect()
    )
    assert flags(con, "AGE_CONFLICT") == {("WRONGBAND", 1), ("PCODE5", 1)}


def test_ncci_indicator_one_needs_a_bypass_modifier_on_the_column_two_line() -> None:
    con = (
        Tiny()
        .add(Claim("NOBYPASS", [Line("20610"), Line("99213")], patient="A"))
        .add(Claim("BYPASS25", [Line("20610"), Line("99213", ("25",))], patient="B"))
        .connect()
    )
    assert flags(con, "NCCI_PTP") == {("NOBYPASS", 2)}


def test_ncci_indicator_zero_is_flagged_even_with_a_bypass_modifier() -> None:
    con = (
        Tiny()
        .add(Claim("IND0", [Line("80053"), Line("80048", ("59",))], patient="A"))
        .add(Claim("DELETED", [Line("97530"), Line("97161")], patient="B"))
        .add(Claim("OTHERDAY", [Line("80053")], patient="C"))
        .add(Claim("OTHERDAY2", [Line("80048")], patient="C", service=DAY + dt.timedelta(1)))
        .connect()
    )
    assert flags(con, "NCCI_PTP") == {("IND0", 2)}


def test_ncci_pairs_across_claims_of_the_same_patient_provider_and_day() -> None:
    con = (
        Tiny()
        .add(Claim("COL1", [Line("20610")], patient="A"))
        .add(Claim("COL2", [Line("99213")], patient="A"))
        .connect()
    )
    assert flags(con, "NCCI_PTP") == {("COL2", 1)}


def test_mue_exactly_at_the_limit_passes_and_one_over_is_flagged() -> None:
    limit = _mue("20610")
    con = (
        Tiny()
        .add(Claim("AT", [Line("20610", units=str(limit))], patient="A"))
        .add(Claim("OVER", [Line("20610", units=str(limit + 1))], patient="B"))
        .add(Claim("SPLIT1", [Line("20610", units=str(limit))], patient="C"))
        .add(Claim("SPLIT2", [Line("20610", ("59",), units="1")], patient="C"))
        .connect()
    )
    assert flags(con, "MUE") == {("OVER", 1), ("SPLIT1", 1), ("SPLIT2", 1)}


def test_duplicate_line_on_two_claims_but_not_within_one_or_with_other_modifiers() -> None:
    con = (
        Tiny()
        .add(Claim("FIRST", [Line("93000")], patient="A"))
        .add(Claim("SECOND", [Line("93000")], patient="A"))
        .add(Claim("ONECLAIM", [Line("36415"), Line("36415")], patient="B"))
        .add(Claim("MODS1", [Line("20610", ("RT",))], patient="C"))
        .add(Claim("MODS2", [Line("20610", ("LT",))], patient="C"))
        .add(Claim("VOIDED", [Line("93000")], patient="D", voided=True))
        .add(Claim("AFTERVOID", [Line("93000")], patient="D"))
        .connect()
    )
    assert flags(con, "DUPLICATE_LINE") == {("FIRST", 1), ("SECOND", 1)}


def test_charge_outlier_above_the_99th_percentile_of_the_code() -> None:
    tiny = Tiny()
    for n in range(150):
        tiny.add(Claim(f"N{n}", [Line("99213", charge="160.00")], patient=f"P{n}"))
    tiny.add(Claim("HIGH", [Line("99213", charge="1600.00")], patient="X"))
    con = tiny.connect()
    assert flags(con, "CHARGE_OUTLIER") == {("HIGH", 1)}


def test_charge_outlier_none_when_every_charge_is_the_same() -> None:
    tiny = Tiny()
    for n in range(50):
        tiny.add(Claim(f"N{n}", [Line("99213", charge="160.00")], patient=f"P{n}"))
    assert flags(tiny.connect(), "CHARGE_OUTLIER") == set()


@pytest.mark.parametrize("rule", ["NCCI_PTP", "MUE", "DUPLICATE_LINE"])
def test_institutional_claims_are_left_to_the_professional_rules(rule: str) -> None:
    limit = _mue("20610")
    con = (
        Tiny()
        .add(Claim("I1", [Line("20610", units=str(limit + 1)), Line("99213")], claim_type="837I"))
        .add(Claim("I2", [Line("20610", units="1")], claim_type="837I"))
        .connect()
    )
    assert flags(con, rule) == set()
