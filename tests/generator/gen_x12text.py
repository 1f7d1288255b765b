"""A few lines of splitting that read the generator's own X12 back, for the tests.

Deliberately independent of the product's parser (etl.x12): the tests check
the generator against the specification, not against another module.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


def segments(path: Path) -> list[list[str]]:
    text = path.read_text()
    return [s.strip().split("*") for s in text.split("~") if s.strip()]


def d8(text: str) -> dt.date:
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))


@dataclass
class Line:
    code: str
    modifiers: list[str]
    units: int
    charge: str
    pointers: list[int]


@dataclass
class Claim:
    billing_npi: str
    claim_id: str
    freq: str
    submitted: dt.date
    service: dt.date | None
    member: str
    patient: tuple[str, str, str]  # last, first, birth
    sex: str
    birth: dt.date
    payer_id: str
    rendering_npi: str
    taxonomy: str
    dx: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    kind: str = "P"
    source: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return self.billing_npi, self.claim_id


def read_837(path: Path) -> list[Claim]:
    out: list[Claim] = []
    billing = member = payer = ""
    person: tuple[str, str] = ("", "")
    dmg: tuple[dt.date, str] | None = None
    submitted = None
    cur: Claim | None = None
    last_nm1 = ""
    for s in segments(path):
        tag = s[0]
        if tag == "BHT":
            submitted = d8(s[4])
        elif tag == "NM1":
            last_nm1 = s[1]
            if s[1] == "85":
                billing = s[9]
            elif s[1] == "IL":
                member, person, dmg = s[9], (s[3], s[4]), None
            elif s[1] == "QC":
                person = (s[3], s[4])
            elif s[1] == "PR":
                payer = s[9]
            elif s[1] in ("82", "71") and cur is not None:
                cur.rendering_npi = s[9]
        elif tag == "DMG":
            dmg = (d8(s[2]), s[3])
        elif tag == "CLM":
            assert dmg is not None and submitted is not None
            comp = s[5].split(":")
            cur = Claim(
                billing,
                s[1],
                comp[2],
                submitted,
                None,
                member,
                (person[0], person[1], dmg[0].isoformat()),
                dmg[1],
                dmg[0],
                payer,
                "",
                "",
                kind="I" if comp[1] == "A" else "P",
                source=path.name,
            )
            out.append(cur)
        elif tag == "PRV" and s[1] in ("PE", "AT") and cur is not None:
            cur.taxonomy = s[3]
        elif tag == "HI" and cur is not None:
            for comp in s[1:]:
                q, code = comp.split(":")[:2]
                if q in ("ABK", "ABF", "BK", "BF"):
                    cur.dx.append(code)
        elif tag in ("SV1", "SV2") and cur is not None:
            if tag == "SV1":
                proc = s[1].split(":")
                ptr = [int(x) for x in s[7].split(":")] if len(s) > 7 and s[7] else []
                cur.lines.append(Line(proc[1], proc[2:], int(s[4]), s[2], ptr))
            else:
                proc = s[2].split(":") if s[2] else ["", ""]
                cur.lines.append(Line(proc[1], proc[2:], int(s[5]), s[3], [1]))
        elif tag == "DTP" and s[1] == "472" and cur is not None:
            cur.service = d8(s[3])
        elif tag == "DTP" and s[1] == "434" and cur is not None:
            cur.service = d8(s[3][:8])
    del last_nm1
    return out


def read_claims_csv(path: Path, taxonomy_by_npi: dict[str, str]) -> list[Claim]:
    out: dict[tuple[str, str, str, str], Claim] = {}
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            key = (
                row["billing_npi"],
                row["pm_claim_id"],
                row["frequency_code"],
                row["submission_date"],
            )
            c = out.get(key)
            if c is None:
                birth = dt.date.fromisoformat(row["patient_birth_date"])
                c = out[key] = Claim(
                    row["billing_npi"],
                    row["pm_claim_id"],
                    row["frequency_code"],
                    dt.date.fromisoformat(row["submission_date"]),
                    dt.date.fromisoformat(row["service_date"]),
                    row["member_id"],
                    (row["patient_last_name"], row["patient_first_name"], birth.isoformat()),
                    row["patient_sex"],
                    birth,
                    row["payer_id"],
                    row["rendering_npi"],
                    taxonomy_by_npi.get(row["rendering_npi"], row["rendering_taxonomy"]),
                    row["diagnosis_codes"].split("|"),
                    source=path.name,
                )
            mods = [m for m in row["modifiers"].split("|") if m]
            c.lines.append(
                Line(
                    row["procedure_code"],
                    mods,
                    int(row["units"]),
                    row["line_charge"],
                    [int(x) for x in row["diagnosis_pointers"].split("|")],
                )
            )
    return list(out.values())


def first_submissions(claims: list[Claim]) -> dict[tuple[str, str], Claim]:
    """Each claim's original (frequency 1) submission."""
    out: dict[tuple[str, str], Claim] = {}
    for c in claims:
        if c.freq == "1":
            assert c.key not in out, f"claim {c.key} submitted twice as an original"
            out[c.key] = c
    return out
