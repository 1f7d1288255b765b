"""Clean encounters: the lines and diagnoses of one visit, by specialty.

Normal claims are clean by construction: a pair of codes with an NCCI edit
only appears with the bypass modifier on the column-2 line, units never exceed
the MUE, sex-specific diagnoses only go to the matching sex and preventive codes
follow the patient's age. `verify` re-checks every claim against the reference
so a catalog change cannot quietly create findings.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from typing import Protocol

from . import catalog
from .model import Line, Location, Patient, Practice, Provider
from .quota import hit
from .reference import BYPASS_MODIFIERS, Reference

FLU_MONTHS = frozenset({1, 2, 10, 11, 12})
UNITS = (1, 2, 2, 2, 3, 3, 1, 2, 4, 1)  # timed therapy units, roughly 30/45/20/5 %


class AddLine(Protocol):
    """Appends a priced line to the visit being built and returns it."""

    def __call__(
        self, code: str, pointers: list[int], mods: list[str] | None = None, units: int = 1
    ) -> Line: ...


@dataclass(slots=True)
class Visit:
    pos: str
    location: Location
    dx: list[str]
    lines: list[Line]
    bill_type: str = ""
    service_end: dt.date | None = None
    drg: str = ""


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class Encounters:
    """Builds visits for every specialty with one practice's chargemaster."""

    def __init__(self, rng: random.Random, ref: Reference) -> None:
        self.rng = rng
        self.ref = ref
        self._fees: dict[int, dict[str, Decimal]] = {}
        self._dx_cum = {
            k: list(accumulate(1.0 / (i + 2) for i in range(len(v)))) for k, v in catalog.DX.items()
        }

    def fees(self, practice: Practice) -> dict[str, Decimal]:
        table = self._fees.get(practice.index)
        if table is None:
            f = Decimal(repr(practice.fee_factor))
            table = {
                c: (Decimal(v) * f).quantize(Decimal("0.01")) for c, v in catalog.CHARGES.items()
            }
            self._fees[practice.index] = table
        return table

    # -- building blocks ----------------------------------------------------
    def _dx(self, spec: str, n: int) -> list[str]:
        pool, cum = catalog.DX[spec], self._dx_cum[spec]
        out: list[str] = []
        for code in self.rng.choices(pool, cum_weights=cum, k=n + 2):
            if code not in out:
                out.append(code)
            if len(out) == n:
                break
        return out

    @staticmethod
    def _pointer(dx: list[str], code: str) -> int:
        if code not in dx:
            dx.append(code)
        return dx.index(code) + 1

    def _units(self, code: str) -> int:
        return min(self.rng.choice(UNITS), self.ref.mue.get(code, 1))

    # -- specialties ---------------------------------------------------------
    def office(self, prov: Provider, pat: Patient, day: dt.date) -> Visit:
        """A professional visit for a provider of any professional specialty."""
        rng, spec = self.rng, prov.specialty
        fees = self.fees(prov.practice)
        bit = 1 << prov.practice.index
        new = not pat.practices & bit
        pat.practices |= bit
        office = [loc for loc in prov.practice.locations if loc.pos in ("11", "23")]
        loc = office[0] if len(office) == 1 else rng.choice(office)
        lines: list[Line] = []
        age = age_on(pat.birth, day)

        def add(
            code: str, pointers: list[int], mods: list[str] | None = None, units: int = 1
        ) -> Line:
            ln = Line(code, mods or [], units, fees[code] * units, pointers)
            lines.append(ln)
            return ln

        if spec == "pt":
            visit = self._therapy(prov, pat, new, loc, add)
            visit.lines = lines
            return visit
        if spec == "ortho" and rng.random() < 0.08:
            visit = self._surgery(prov, add)
            visit.lines = lines
            return visit
        if spec == "ortho" and hit(prov, "p59"):
            dx = [rng.choice(("M1711", "M1712", "M170"))]
            dx.append(rng.choice(("M7661", "M25571", "M25511")))
            side = rng.choice(("RT", "LT"))
            add("20610", [1], [side])
            add("20605", [2], ["59"])
            add("J3301", [1], units=4)
            return Visit(loc.pos, loc, dx, lines)
        if spec == "derm" and rng.random() < 0.30:
            dx = self._dx(spec, 1)
            self._derm_procedure(dx, add)
            return Visit(loc.pos, loc, dx, lines)

        dx = self._dx(spec, rng.choice((1, 1, 2, 2, 3)))
        if age >= 18 and rng.random() < 0.03 and spec in ("fm", "im"):
            dx.append(
                rng.choice(catalog.MALE_ONLY_DX if pat.sex == "M" else catalog.FEMALE_ONLY_DX)
            )
        if spec == "ed":
            level = rng.choices(("99281", "99282", "99283", "99284", "99285"), (3, 12, 30, 33, 22))[
                0
            ]
            em = add(level, list(range(1, min(len(dx), 4) + 1)))
            if hit(prov, "p25"):
                em.modifiers.append("25")
                p = self._pointer(dx, rng.choice(catalog.LACERATION_DX))
                add(rng.choice(("12001", "12001", "12002")), [p])
            if rng.random() < 0.15:
                add("71046", [1], ["26"])
            return Visit(loc.pos, loc, dx, lines)

        if spec in ("fm", "im") and hit(prov, "prev"):
            visit = self._preventive(prov, pat, new, age, day, loc, add)
            visit.lines = lines
            return visit

        high = hit(prov, "high")
        if new:
            code = (
                ("99205" if rng.random() < 0.2 else "99204")
                if high
                else ("99203" if rng.random() < 0.85 else "99202")
            )
        else:
            code = (
                ("99215" if rng.random() < 0.15 else "99214")
                if high
                else ("99213" if rng.random() < 0.85 else "99212")
            )
        em = add(code, list(range(1, min(len(dx), 4) + 1)))
        if hit(prov, "p25"):
            em.modifiers.append("25")
            if spec == "derm":
                self._derm_procedure(dx, add)
            elif spec == "fm" and rng.random() < 0.3:
                add("17110", [self._pointer(dx, catalog.WART_DX)])
            else:
                p = self._pointer(dx, rng.choice(("M1711", "M1712", "M25561")))
                add("20610", [p], [rng.choice(("RT", "LT"))])
                add("J3301", [p], units=4)
        if spec == "ortho" and rng.random() < 0.25:
            add(rng.choice(("73562", "73030", "72100")), [1], units=rng.choice((1, 1, 2)))
        elif spec == "cardio":
            if rng.random() < 0.35:
                add("93000", [1])
            if rng.random() < 0.10:
                add("93306", [1])
            elif rng.random() < 0.05:
                add("93015", [1])
        self._labs(spec, pat, age, day, dx, add)
        return Visit(loc.pos, loc, dx, lines)

    def _labs(
        self, spec: str, pat: Patient, age: int, day: dt.date, dx: list[str], add: AddLine
    ) -> None:
        rng = self.rng
        rate = {"fm": 0.30, "im": 0.45, "cardio": 0.10}.get(spec, 0.0)
        if age >= 18 and rng.random() < rate:
            add("36415", [1])
            panel = (
                ("80061",) if spec == "cardio" else ("80053", "80061", "85025", "83036", "84443")
            )
            for code in rng.sample(panel, rng.randint(1, min(3, len(panel)))):
                add(code, [1])
        if spec == "fm" and age < 18 and "J029" in dx and rng.random() < 0.6:
            add("87880", [dx.index("J029") + 1])
        if spec in ("fm", "im") and rng.random() < 0.05:
            add("81002", [1])
        if spec in ("fm", "im") and day.month in FLU_MONTHS and rng.random() < 0.15:
            p = self._pointer(dx, catalog.FLU_DX)
            add("90471", [p])
            add("90686", [p])

    def _preventive(
        self,
        prov: Provider,
        pat: Patient,
        new: bool,
        age: int,
        day: dt.date,
        loc: Location,
        add: AddLine,
    ) -> Visit:
        bands = ((1, 4, 2), (5, 11, 3), (12, 17, 4), (18, 39, 5), (40, 64, 6), (65, 200, 7))
        digit = next(d for lo, hi, d in bands if lo <= age <= hi)
        code = f"9938{digit}" if new else f"9939{digit}"
        pool = catalog.PREVENTIVE_DX_ADULT if age >= 18 else catalog.PREVENTIVE_DX_CHILD
        dx = [self.rng.choice(pool)]
        if self.rng.random() < 0.4:
            dx += [c for c in self._dx(prov.specialty, 1) if c not in dx]
        add(code, [1])
        self._labs(prov.specialty, pat, age, day, dx, add)
        return Visit(loc.pos, loc, dx, [])

    def _derm_procedure(self, dx: list[str], add: AddLine) -> None:
        rng = self.rng
        kind = rng.choice(("bx", "ak", "wart"))
        if kind == "bx":
            p = self._pointer(dx, "D485")
            add("11102", [p])
            if rng.random() < 0.3:
                add("11103", [p], units=rng.randint(1, 2))
        elif kind == "ak":
            p = self._pointer(dx, "L570")
            add("17000", [p])
            if rng.random() < 0.5:
                add("17003", [p], units=rng.randint(1, 8))
        else:
            add("17110", [self._pointer(dx, catalog.WART_DX)])

    def _surgery(self, prov: Provider, add: AddLine) -> Visit:
        rng = self.rng
        loc = rng.choice([x for x in prov.practice.locations if x.pos in ("22", "24")])
        dx = ["S83241A"] if rng.random() < 0.6 else ["M1711"]
        add(rng.choice(("29881", "29881", "29880")), [1], [rng.choice(("RT", "LT"))])
        return Visit(loc.pos, loc, dx, [])

    def _therapy(
        self, prov: Provider, pat: Patient, new: bool, loc: Location, add: AddLine
    ) -> Visit:
        rng = self.rng
        dx = self._dx("pt", rng.choice((1, 2, 2)))
        ptr = list(range(1, len(dx) + 1))
        if new:
            add(rng.choice(("97161", "97162", "97162", "97163")), ptr, ["GP"])
            if rng.random() < 0.25:
                add("97530", ptr, ["GP"], self._units("97530"))
            elif rng.random() < 0.5:
                add("97110", ptr, ["GP"], self._units("97110"))
        elif hit(prov, "p59"):
            add("97530", ptr, ["GP"], self._units("97530"))
            add("97140", ptr, ["59", "GP"], self._units("97140"))
            if rng.random() < 0.5:
                add("97110", ptr, ["GP"], self._units("97110"))
        else:
            menu = ["97110", "97112", rng.choice(("97140", "97530")), "G0283"]
            for code in rng.sample(menu, rng.randint(1, 3)):
                add(code, ptr, ["GP"], self._units(code))
        return Visit(loc.pos, loc, dx, [])

    def institutional(
        self, pat: Patient, day: dt.date, last_day: dt.date, hospital: Location
    ) -> Visit:
        """A hospital claim at `hospital`: mostly outpatient lab, imaging or EKG; a few stays."""
        rng = self.rng
        dx = self._dx("hospital", rng.choice((1, 2, 2, 3)))
        lines: list[Line] = []
        loc_pos = "22"
        if rng.random() < 0.08 and day + dt.timedelta(days=7) <= last_day:
            los = rng.randint(2, 6)
            for rev, charge, unit in catalog.HOSPITAL_INPATIENT:
                units = los if unit == "DA" else 1
                if rev != "0120" and rng.random() < 0.3:
                    continue
                lines.append(Line("", [], units, Decimal(charge) * units, [], rev, unit))
            return Visit(
                "21",
                hospital,
                dx,
                lines,
                "11",
                day + dt.timedelta(days=los),
                rng.choice(catalog.DRGS),
            )
        kind = rng.choices(("lab", "imaging", "ekg"), (50, 40, 10))[0]
        picks = rng.sample(
            catalog.HOSPITAL_OUTPATIENT[kind], rng.randint(1, 3) if kind == "lab" else 1
        )
        if kind == "lab":
            picks.insert(0, catalog.VENIPUNCTURE_FACILITY)
        for rev, code, charge in picks:
            lines.append(Line(code, [], 1, Decimal(charge), [1], rev))
        return Visit(loc_pos, hospital, dx, lines, "13")

    # -- guard ---------------------------------------------------------------
    def verify(self, lines: list[Line], day: dt.date) -> None:
        """Fail loudly if a normal claim would be caught by an NCCI or MUE edit."""
        ref = self.ref
        hits: list[str] = []
        for i, a in enumerate(lines):
            mue = ref.mue.get(a.code)
            if mue is not None and a.units > mue:
                raise AssertionError(f"normal line over MUE: {a.code} x{a.units}")
            for j in range(i + 1, len(lines)):
                b = lines[j]
                if a.code == b.code:
                    raise AssertionError(f"normal claim repeats {a.code}")
                e = ref.edit(a.code, b.code, day)
                if e is None:
                    continue
                col2 = b if e.column_2 == b.code else a
                if e.indicator == "1" and BYPASS_MODIFIERS.intersection(col2.modifiers):
                    continue
                hits.append(f"{e.column_1}/{e.column_2}")
        if hits:
            raise AssertionError(f"normal claim hits NCCI {hits}: {[ln.code for ln in lines]}")
