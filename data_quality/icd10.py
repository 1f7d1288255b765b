"""The ICD-10-CM code set: which codes exist and which are billable, from simple-icd-10-cm.

The package ships the CMS code set offline: an ordered list of every chapter,
block, category and code (parents before their children) and the tabular XML.
Importing the package parses the XML, which costs seconds, so the code set is
read from the ordered list instead: a code is billable when it is a leaf, that
is, when the next code in the list does not extend it. A test checks this
against the package's own `is_leaf` for every code.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyarrow as pa

PACKAGE = "simple_icd_10_cm"
_LIST_NAME = re.compile(r"^code-list-(?P<month>[A-Za-z]+)-(?P<year>\d{4})\.txt$")
_MONTH_NAMES = (
    "January February March April May June July August September October November December"
)
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES.split(" "), start=1)}


@dataclass(frozen=True)
class CodeSet:
    """Every ICD-10-CM code (no dots) with its billable flag, and the release it came from."""

    codes: tuple[str, ...]
    billable: tuple[bool, ...]
    release: str

    def table(self) -> pa.Table:
        return pa.table({"code": list(self.codes), "billable": list(self.billable)})

    @property
    def billable_codes(self) -> frozenset[str]:
        return frozenset(c for c, b in zip(self.codes, self.billable, strict=True) if b)


def _data_folder() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {PACKAGE} package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _release(list_file: Path) -> str:
    """'ICD-10-CM FY2026 (April 2026 update), simple-icd-10-cm 1.5.0'."""
    version = importlib.metadata.version("simple-icd-10-cm")
    match = _LIST_NAME.match(list_file.name)
    if not match:
        return f"ICD-10-CM ({list_file.name}), simple-icd-10-cm {version}"
    month, year = _MONTHS.get(match["month"], 1), int(match["year"])
    fiscal_year = year + 1 if month >= 10 else year
    return f"ICD-10-CM FY{fiscal_year} ({match['month']} {year} update), simple-icd-10-cm {version}"


@cache
def code_set() -> CodeSet:
    """The package's code set; chapters ('1'..'22') and blocks ('A00-A09') are not codes."""
    lists = sorted(_data_folder().glob("code-list-*.txt"))
    if not lists:
        raise RuntimeError(f"the {PACKAGE} package ships no code list")
    items = [line.strip() for line in lists[-1].read_text(encoding="utf-8").splitlines()]
    items = [item for item in items if item]
    codes: list[str] = []
    billable: list[bool] = []
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else ""
        # Chapters ('1'..'22') and blocks ('A00-A09') are not codes; a block of one
        # category ('Z17') is listed just before the category itself, which decides.
        if "-" in item or item.isdigit() or following == item:
            continue
        codes.append(item)
        billable.append(not following.startswith(item))
    return CodeSet(tuple(codes), tuple(billable), _release(lists[-1]))
