"""Catalogs agree with the code sets and the reference extracts the rules read."""

from __future__ import annotations

import csv

import simple_icd_10_cm as cm

from rcm.generator import catalog
from rcm.generator.reference import REFERENCE_DIR, load


def _leaf(code: str) -> bool:
    return cm.is_valid_item(code) and cm.is_leaf(code)


def test_normal_diagnoses_are_billable():
    codes = {c for pool in catalog.DX.values() for c in pool}
    codes |= {*catalog.LACERATION_DX, catalog.WART_DX, catalog.FLU_DX}
    codes |= {*catalog.PREVENTIVE_DX_ADULT, *catalog.PREVENTIVE_DX_CHILD}
    codes |= {*catalog.MALE_ONLY_DX, *catalog.FEMALE_ONLY_DX}
    codes |= {*catalog.MALE_DX_FOR_FEMALE, *catalog.FEMALE_DX_FOR_MALE, *catalog.PERINATAL_DX}
    assert [c for c in codes if not _leaf(c)] == []


def test_invalid_diagnoses_are_not_billable():
    assert all(not _leaf(c) for c in catalog.INVALID_DX)


def test_every_procedure_has_an_mue_and_headers_are_exact():
    ref = load()
    assert set(catalog.CHARGES) <= set(ref.mue)
    with (REFERENCE_DIR / "ncci_ptp_practitioner.csv").open() as f:
        assert next(csv.reader(f)) == [
            "column_1",
            "column_2",
            "effective_date",
            "deletion_date",
            "modifier_indicator",
        ]
    with (REFERENCE_DIR / "mue_practitioner.csv").open() as f:
        assert next(csv.reader(f)) == ["hcpcs", "mue_value", "adjudication_indicator", "rationale"]


def test_taxonomies_are_the_real_ones():
    taxonomy = {s.key: s.taxonomy for s in catalog.SPECIALTIES.values()}
    assert taxonomy == {
        "fm": "207Q00000X",
        "im": "207R00000X",
        "ortho": "207X00000X",
        "cardio": "207RC0000X",
        "derm": "207N00000X",
        "ed": "207P00000X",
        "pt": "225100000X",
    }
