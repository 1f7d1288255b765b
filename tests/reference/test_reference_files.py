"""Reference CSVs: headers, keys and the contract values METRICS.md pins down.

CFOs and compliance officers act on what these tables say, so the values the
metric contract fixes (denial categories, payment adjustments, NCCI bypass
modifiers, preventive age bands) are checked literally here.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pandas as pd
import pytest

REF = Path(__file__).resolve().parents[2] / "sql" / "reference"

HEADERS = {
    "carc.csv": ["code", "description", "category", "payment_adjustment"],
    "rarc.csv": ["code", "description"],
    "place_of_service.csv": ["code", "name", "description"],
    "modifiers.csv": ["modifier", "description", "ncci_ptp_bypass"],
    "sex_specific_codes.csv": [
        "code_system",
        "code_prefix",
        "allowed_sex",
        "description",
        "source",
    ],
    "age_specific_codes.csv": [
        "code_system",
        "code",
        "code_prefix",
        "min_age_years",
        "max_age_years",
        "description",
        "source",
    ],
    "em_codes.csv": ["code", "category", "level", "new_or_established", "setting"],
    "manifest.csv": [
        "table",
        "file",
        "source",
        "source_url_or_reference",
        "effective_date",
        "version",
        "notes",
    ],
}
KEYS = {
    "carc.csv": ["code"],
    "rarc.csv": ["code"],
    "place_of_service.csv": ["code"],
    "modifiers.csv": ["modifier"],
    "sex_specific_codes.csv": ["code_system", "code_prefix"],
    "age_specific_codes.csv": ["code_system", "code", "code_prefix"],
    "em_codes.csv": ["code"],
    "manifest.csv": ["file"],
}
CATEGORIES = {
    "eligibility_coverage": {"26", "27", "31", "32", "33", "39", "109", "177", "200"},
    "authorization": {"15", "38", "62", "197", "198", "243"},
    "medical_necessity": {"50", "55", "56", "57", "150", "151", "152", "167"},
    "coding_bundling": {"4", "5", "6", "7", "8", "9", "10", "11", "97", "181", "182", "234", "236"},
    "missing_invalid_information": {"16", "17", "125", "227", "252"},
    "timely_filing": {"29"},
    "duplicate": {"18"},
    "coordination_of_benefits": {"22", "24"},
    "non_covered": {"49", "58", "96", "204"},
}
ALLOWED_CATEGORIES = set(CATEGORIES) | {"other"}
PAYMENT_ADJUSTMENT = {"1", "2", "3", "23", "45", "59", "94", "131", "253"}
BYPASS = set(
    [
        "E1",
        "E2",
        "E3",
        "E4",
        "FA",
        "F1",
        "F2",
        "F3",
        "F4",
        "F5",
        "F6",
        "F7",
        "F8",
        "F9",
        "LC",
        "LD",
        "LM",
        "LT",
        "RC",
        "RI",
        "RT",
        "TA",
        "T1",
        "T2",
        "T3",
        "T4",
        "T5",
        "T6",
        "T7",
        "T8",
        "T9",
        "24",
        "25",
        "27",
        "57",
        "58",
        "59",
        "78",
        "79",
        "91",
        "XE",
        "XP",
        "XS",
        "XU",
    ]
)
EXTERNAL = {"ncci_ptp_practitioner.csv", "mue_practitioner.csv"}


def rows(name: str) -> list[dict[str, str]]:
    with open(REF / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, strict=True))


def header(name: str) -> list[str]:
    with open(REF / name, newline="", encoding="utf-8") as f:
        return next(csv.reader(f))


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_header_starts_with_the_contract_columns(name: str) -> None:
    expected = HEADERS[name]
    assert header(name)[: len(expected)] == expected


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_every_row_has_every_column_and_no_blank_key(name: str) -> None:
    width = len(header(name))
    with open(REF / name, newline="", encoding="utf-8") as f:
        body = list(csv.reader(f, strict=True))[1:]
    assert body, f"{name} has no rows"
    assert all(len(r) == width for r in body)
    for r in rows(name):
        assert any(r[k].strip() for k in KEYS[name])
        assert all(v == v.strip() for v in r.values())


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_keys_are_unique(name: str) -> None:
    keys = [tuple(r[k] for k in KEYS[name]) for r in rows(name)]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_pandas_reads_codes_as_text(name: str) -> None:
    frame = pd.read_csv(REF / name, dtype=str, keep_default_na=False)
    assert list(frame.columns) == header(name)
    assert len(frame) == len(rows(name))


def test_carc_map_is_one_to_one_over_allowed_categories() -> None:
    carc = rows("carc.csv")
    codes = [r["code"] for r in carc]
    assert len(codes) == len(set(codes))
    assert {r["category"] for r in carc} <= ALLOWED_CATEGORIES
    assert len(carc) >= 300


def test_carc_metrics_codes_land_in_exactly_their_category() -> None:
    by_code = {r["code"]: r["category"] for r in rows("carc.csv")}
    listed = set().union(*CATEGORIES.values())
    for category, codes in CATEGORIES.items():
        for code in codes:
            assert by_code[code] == category, code
    assert {c for c, cat in by_code.items() if cat != "other"} == listed


def test_carc_payment_adjustment_is_exactly_the_listed_set() -> None:
    carc = rows("carc.csv")
    assert {r["payment_adjustment"] for r in carc} == {"true", "false"}
    assert {r["code"] for r in carc if r["payment_adjustment"] == "true"} == PAYMENT_ADJUSTMENT


def test_carc_covers_numeric_and_lettered_codes() -> None:
    codes = {r["code"] for r in rows("carc.csv")}
    assert {str(n) for n in range(1, 301)} <= codes
    assert {"A1", "B7", "B13", "P1", "W1"} <= codes
    assert {r["status"] for r in rows("carc.csv")} == {"current", "deactivated"}


def test_rarc_codes_have_remark_prefixes_and_text() -> None:
    rarc = rows("rarc.csv")
    assert len(rarc) >= 1000
    for r in rarc:
        code = r["code"]
        assert code.startswith(("MA", "M", "N")), code
        assert code.lstrip("MAN").isdigit(), code
        assert r["description"]
    assert {"M15", "MA04", "N130", "N522"} <= {r["code"] for r in rarc}


def test_place_of_service_codes_are_assigned_two_digit_codes() -> None:
    pos = {r["code"]: r["name"] for r in rows("place_of_service.csv")}
    for code in pos:
        assert len(code) == 2 and code.isdigit() and 1 <= int(code) <= 99, code
    assert pos["11"] == "Office"
    assert pos["02"].startswith("Telehealth")
    assert {"01", "10", "21", "22", "23", "27", "66", "81", "99"} <= set(pos)
    assert not {"00", "28", "59", "98"} & set(pos)


def test_modifiers_are_two_characters_and_bypass_is_exactly_the_ncci_list() -> None:
    mods = rows("modifiers.csv")
    for r in mods:
        assert len(r["modifier"]) == 2 and r["modifier"].isalnum(), r["modifier"]
        assert r["modifier"] == r["modifier"].upper()
    assert {r["ncci_ptp_bypass"] for r in mods} == {"true", "false"}
    assert {r["modifier"] for r in mods if r["ncci_ptp_bypass"] == "true"} == BYPASS


def test_modifiers_include_the_common_practitioner_set() -> None:
    mods = {r["modifier"] for r in rows("modifiers.csv")}
    cpt = {str(n) for n in (22, 23, 24, 25, 26, 27, 32, 33, 47, 50, 51, 52, 53, 54, 55, 56)}
    cpt |= {str(n) for n in (57, 58, 59, 62, 63, 66, 73, 74, 76, 77, 78, 79, 80, 81, 82)}
    cpt |= {str(n) for n in (90, 91, 92, 93, 95, 96, 97, 99)}
    hcpcs = set(
        [
            "GA",
            "GY",
            "GZ",
            "GX",
            "GP",
            "GO",
            "GN",
            "GT",
            "KX",
            "Q5",
            "Q6",
            "QW",
            "TC",
            "JW",
            "JZ",
            "CQ",
            "CO",
            "AI",
            "SA",
            "SB",
            "SG",
        ]
    )
    assert cpt | hcpcs | BYPASS <= mods


def test_sex_specific_rows_are_well_formed() -> None:
    sex = rows("sex_specific_codes.csv")
    assert {r["allowed_sex"] for r in sex} == {"F", "M"}
    assert {r["code_system"] for r in sex} == {"ICD-10-CM", "CPT"}
    for r in sex:
        assert "." not in r["code_prefix"]
        assert r["source"]


def allowed_sex(code_system: str, code: str) -> set[str]:
    return {
        r["allowed_sex"]
        for r in rows("sex_specific_codes.csv")
        if r["code_system"] == code_system and code.replace(".", "").startswith(r["code_prefix"])
    }


@pytest.mark.parametrize(
    ("system", "code", "expected"),
    [
        ("ICD-10-CM", "O80", {"F"}),
        ("ICD-10-CM", "O09.90", {"F"}),
        ("ICD-10-CM", "C61", {"M"}),
        ("ICD-10-CM", "N40.0", {"M"}),
        ("ICD-10-CM", "C53.9", {"F"}),
        ("ICD-10-CM", "N92.0", {"F"}),
        ("ICD-10-CM", "Z34.00", {"F"}),
        ("ICD-10-CM", "N99.0", set()),
        ("ICD-10-CM", "C50.911", set()),
        ("ICD-10-CM", "E11.9", set()),
        ("CPT", "55700", {"M"}),
        ("CPT", "58150", {"F"}),
        ("CPT", "59400", {"F"}),
        ("CPT", "55920", set()),
        ("CPT", "99213", set()),
    ],
)
def test_sex_specific_prefixes_match_the_right_codes(
    system: str, code: str, expected: set[str]
) -> None:
    assert allowed_sex(system, code) == expected


def test_no_code_matches_both_sexes() -> None:
    sex = rows("sex_specific_codes.csv")
    for a in sex:
        for b in sex:
            if a["code_system"] == b["code_system"] and a["allowed_sex"] != b["allowed_sex"]:
                assert not a["code_prefix"].startswith(b["code_prefix"]), (a, b)


def test_age_rows_name_a_code_or_a_prefix_with_sane_bounds() -> None:
    for r in rows("age_specific_codes.csv"):
        assert bool(r["code"]) != bool(r["code_prefix"]), r
        lo = int(r["min_age_years"])
        hi = int(r["max_age_years"]) if r["max_age_years"] else None
        assert lo >= 0
        assert hi is None or hi >= lo


@pytest.mark.parametrize("first", [99381, 99391])
def test_preventive_age_bands_are_contiguous_and_non_overlapping(first: int) -> None:
    by_code = {r["code"]: r for r in rows("age_specific_codes.csv") if r["code"]}
    bands = [by_code[str(c)] for c in range(first, first + 7)]
    expected = [(0, 0), (1, 4), (5, 11), (12, 17), (18, 39), (40, 64), (65, None)]
    got = [
        (int(b["min_age_years"]), int(b["max_age_years"]) if b["max_age_years"] else None)
        for b in bands
    ]
    assert got == expected
    for (_, hi), (lo, _) in itertools.pairwise(got):
        assert lo == hi + 1


def test_perinatal_p_codes_allowed_up_to_age_one() -> None:
    p = [r for r in rows("age_specific_codes.csv") if r["code_prefix"] == "P"]
    assert len(p) == 1
    assert (p[0]["min_age_years"], p[0]["max_age_years"]) == ("0", "1")


def test_em_office_levels_and_outlier_set() -> None:
    em = {r["code"]: r for r in rows("em_codes.csv")}
    office = {
        c: int(r["level"])
        for c, r in em.items()
        if r["category"] == "office_outpatient" and r["status"] == "active"
    }
    assert office == {
        "99202": 2,
        "99203": 3,
        "99204": 4,
        "99205": 5,
        "99211": 1,
        "99212": 2,
        "99213": 3,
        "99214": 4,
        "99215": 5,
    }
    assert {c for c, lvl in office.items() if lvl >= 4} == {"99204", "99205", "99214", "99215"}
    assert {em[c]["new_or_established"] for c in ("99202", "99205")} == {"new"}
    assert {em[c]["new_or_established"] for c in ("99211", "99215")} == {"established"}
    assert [int(em[str(c)]["level"]) for c in range(99281, 99286)] == [1, 2, 3, 4, 5]
    assert em["99241"]["status"] == "deleted"
    assert em["99201"]["status"] == "deleted"


def test_every_reference_csv_is_in_the_manifest() -> None:
    listed = {r["file"] for r in rows("manifest.csv")}
    present = {p.name for p in REF.glob("*.csv")} - {"manifest.csv"}
    assert present <= listed
    assert listed >= EXTERNAL
    for r in rows("manifest.csv"):
        assert r["table"] == "ref." + Path(r["file"]).stem
        assert r["source"] and r["source_url_or_reference"] and r["version"]


def test_every_manifest_file_exists() -> None:
    missing = [r["file"] for r in rows("manifest.csv") if not (REF / r["file"]).exists()]
    assert missing == []
