"""The ICD-10-CM code set read from the package's ordered list agrees with its own API."""

from __future__ import annotations

import pytest

from rcm.data_quality.icd10 import code_set


def test_release_names_the_fiscal_year() -> None:
    assert code_set().release.startswith("ICD-10-CM FY20")


def test_headers_are_not_billable_and_leaves_are() -> None:
    codes = dict(zip(code_set().codes, code_set().billable, strict=True))
    assert codes["E11"] is False and codes["R07"] is False and codes["M545"] is False
    assert codes["E119"] is True and codes["S060X0A"] is True and codes["I10"] is True
    assert "E1190" not in codes


@pytest.mark.slow
def test_billable_set_matches_the_package_is_leaf() -> None:
    import simple_icd_10_cm as cm

    expected = {
        c
        for c in cm.get_all_codes(with_dots=False)
        if "-" not in c and not c.isdigit() and cm.is_leaf(c)
    }
    assert code_set().billable_codes == expected
