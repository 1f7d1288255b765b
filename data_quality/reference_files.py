"""Read the official CMS NCCI practitioner PTP and MUE files in their published layouts.

CMS publishes the PTP edits as tab-delimited (or fixed-column) text, split
over several files, and the MUEs as CSV; both open with copyright and title
lines. Rows are recognised by shape: everything before the first row that
looks like data is preamble; after it, a row that cannot be read is an error
naming the file, the line and the problem (a half-read edit table would flag
the wrong claims).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from rcm.warehouse import WarehouseError

CODE = re.compile(r"^[0-9A-Z]{4}[0-9A-Z]$")
FIXED_PTP = re.compile(
    r"^(?P<c1>[0-9A-Z]{5})\s+(?P<c2>[0-9A-Z]{5})\s+(?P<prior>\*?)\s*(?P<eff>\d{8})\s+"
    r"(?P<dele>\d{8}|\*)\s+(?P<mod>[019])\b\s*(?P<rationale>.*)$"
)


class ReferenceFileError(WarehouseError):
    """A row of an official reference file that cannot be read: file, line and problem."""


@dataclass(frozen=True)
class PtpEdit:
    column_1: str
    column_2: str
    effective_date: dt.date
    deletion_date: dt.date | None
    modifier_indicator: str


@dataclass(frozen=True)
class MueValue:
    hcpcs: str
    mue_value: int
    adjudication_indicator: str
    rationale: str


def _date(text: str) -> dt.date | None:
    text = text.strip()
    if text in ("", "*"):
        return None
    for fmt in ("%Y%m%d", "%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (YYYYMMDD, or * for none)")


def _fields(line: str) -> list[str]:
    if "\t" in line:
        return [f.strip().strip('"') for f in line.split("\t")]
    if line.count(",") >= 3:
        return [f.strip() for f in next(csv.reader([line]))]
    match = FIXED_PTP.match(line.strip())
    if match:
        return [match[k] for k in ("c1", "c2", "prior", "eff", "dele", "mod", "rationale")]
    return [line.strip()]


def _looks_like_ptp(fields: list[str]) -> bool:
    return len(fields) >= 6 and bool(CODE.match(fields[0])) and bool(CODE.match(fields[1]))


def read_ptp(path: Path) -> list[PtpEdit]:
    """Rows of column 1, column 2, pre-1996 mark, effective, deletion, indicator, rationale."""
    edits: list[PtpEdit] = []
    started = False
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            fields = _fields(line.rstrip("\r\n"))
            if not started:
                if not _looks_like_ptp(fields):
                    continue
                started = True
            try:
                if len(fields) < 6:
                    raise ValueError(f"expected at least 6 fields, found {len(fields)}")
                column_1, column_2 = fields[0].upper(), fields[1].upper()
                for name, code in (("column 1", column_1), ("column 2", column_2)):
                    if not CODE.match(code):
                        raise ValueError(f"{name} code {code!r} is not a CPT/HCPCS code")
                effective = _date(fields[3])
                if effective is None:
                    raise ValueError("the effective date is empty")
                deletion = _date(fields[4])
                indicator = fields[5].strip()
                if indicator not in ("0", "1", "9"):
                    raise ValueError(f"modifier indicator {indicator!r} is not 0, 1 or 9")
            except ValueError as exc:
                raise ReferenceFileError(f"{path}, line {number}: {exc}") from None
            edits.append(PtpEdit(column_1, column_2, effective, deletion, indicator))
    if not edits:
        raise ReferenceFileError(
            f"{path}: no PTP edit rows found (is it the practitioner PTP file?)"
        )
    return edits


def _looks_like_mue(fields: list[str]) -> bool:
    return len(fields) >= 3 and bool(CODE.match(fields[0].upper())) and fields[1].isdigit()


def read_mue(path: Path) -> tuple[list[MueValue], str]:
    """Rows of code, practitioner MUE value, adjudication indicator, rationale; the preamble."""
    values: list[MueValue] = []
    preamble: list[str] = []
    started = False
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            fields = [f.strip() for f in row]
            if not any(fields):
                continue
            if not started:
                if not _looks_like_mue(fields):
                    preamble.append(" ".join(fields))
                    continue
                started = True
            try:
                if len(fields) < 3:
                    raise ValueError(f"expected at least 3 fields, found {len(fields)}")
                code = fields[0].upper()
                if not CODE.match(code):
                    raise ValueError(f"code {code!r} is not a CPT/HCPCS code")
                if not fields[1].isdigit():
                    raise ValueError(f"MUE value {fields[1]!r} is not a whole number")
                indicator = fields[2][:1]
                if indicator not in ("1", "2", "3"):
                    raise ValueError(f"adjudication indicator {fields[2]!r} is not 1, 2 or 3")
            except ValueError as exc:
                raise ReferenceFileError(f"{path}, line {number}: {exc}") from None
            rationale = fields[3] if len(fields) > 3 else ""
            values.append(MueValue(code, int(fields[1]), indicator, rationale))
    if not values:
        raise ReferenceFileError(f"{path}: no MUE rows found (is it the practitioner MUE file?)")
    return values, "\n".join(preamble)


def quarter(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


_PREAMBLE_DATE = re.compile(
    r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>20\d\d)|(?P<y2>20\d\d)[ -]?Q(?P<q>[1-4])", re.I
)


def preamble_quarter(text: str) -> str | None:
    """The release quarter a file's title lines state, e.g. 'Effective 01/01/2026' -> 2026Q1."""
    match = _PREAMBLE_DATE.search(text)
    if not match:
        return None
    if match["q"]:
        return f"{match['y2']}Q{match['q']}"
    return quarter(dt.date(int(match["y"]), int(match["m"]), int(match["d"])))
