"""The NCCI PTP and MUE extracts the data-quality rules read, loaded at run time.

The generator reads the very files the rules read, so a seeded NCCI or MUE
anomaly always matches the reference and normal data can be checked against it.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rcm.config import REFERENCE_DIR

# NCCI-associated modifiers that may bypass an indicator-1 edit.
BYPASS_MODIFIERS = frozenset(
    {"25", "57", "58", "59", "78", "79", "91", "XE", "XP", "XS", "XU", "24", "27"}
    | {"E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9"}
    | {"LC", "LD", "LM", "LT", "RC", "RI", "RT", "TA", "T1", "T2", "T3", "T4", "T5", "T6"}
    | {"T7", "T8", "T9"}
)


@dataclass(frozen=True, slots=True)
class PtpEdit:
    """One column-1/column-2 pair and the dates it is in force."""

    column_1: str
    column_2: str
    effective: dt.date
    deleted: dt.date | None
    indicator: str

    def active(self, on: dt.date) -> bool:
        """In force on the date of service."""
        return self.effective <= on and (self.deleted is None or on < self.deleted)


@dataclass(frozen=True, slots=True)
class Reference:
    """PTP edits by unordered code pair, and MUE values by code."""

    ptp: dict[frozenset[str], PtpEdit]
    mue: dict[str, int]
    ptp_codes: frozenset[str]

    def edit(self, a: str, b: str, on: dt.date) -> PtpEdit | None:
        """The active edit between two codes, whichever column each is in."""
        if a == b or a not in self.ptp_codes or b not in self.ptp_codes:
            return None
        e = self.ptp.get(frozenset((a, b)))
        if e is None or e.indicator not in ("0", "1") or not e.active(on):
            return None
        return e


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text.strip() else None


def load(directory: Path = REFERENCE_DIR) -> Reference:
    """Read ncci_ptp_practitioner.csv and mue_practitioner.csv."""
    ptp: dict[frozenset[str], PtpEdit] = {}
    with (directory / "ncci_ptp_practitioner.csv").open(newline="") as f:
        for row in csv.DictReader(f):
            eff = _date(row["effective_date"])
            assert eff is not None
            edit = PtpEdit(
                row["column_1"],
                row["column_2"],
                eff,
                _date(row["deletion_date"]),
                row["modifier_indicator"],
            )
            ptp[frozenset((edit.column_1, edit.column_2))] = edit
    mue: dict[str, int] = {}
    with (directory / "mue_practitioner.csv").open(newline="") as f:
        for row in csv.DictReader(f):
            mue[row["hcpcs"]] = int(row["mue_value"])
    codes = frozenset(c for pair in ptp for c in pair)
    return Reference(ptp, mue, codes)
