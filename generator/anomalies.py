"""Seeded anomalies: each rule at a known low rate, with its ground-truth rows.

Seeds are scheduled by accumulators (a fixed count per claim volume, not coin
flips) and each touches one claim in exactly the way its rule describes, so
the ground truth lists what a correct rule must find and nothing else.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from . import catalog, npi
from .model import Claim, Line, Practice
from .reference import Reference

# Seeds per claim. Provider-level outliers are seeded in the roster instead.
RATES = {
    "DX_INVALID": 0.003,
    "PX_INVALID": 0.003,
    "NPI_INVALID": 0.002,
    "SEX_CONFLICT": 0.002,
    "AGE_CONFLICT": 0.002,
    "NCCI_PTP": 0.004,
    "MUE": 0.003,
    "DUPLICATE_LINE": 0.002,
    "CHARGE_OUTLIER": 0.002,
}
CHARGE_MIN_LINES = 200  # only codes with a settled distribution get an extreme charge
CHARGE_MAX_SHARE = 0.004
Truth = tuple[str, str, str, str, str]  # rule, claim_id, billing_npi, line_number, provider_npi
# Ground-truth rows, seeded line index by rule, and the duplicate claim to add (if any).
Seeded = tuple[list[Truth], dict[str, int], Claim | None]
_EM = ("99202", "99203", "99204", "99205", "99212", "99213", "99214", "99215")
_ED = ("99281", "99282", "99283", "99284", "99285")


def _em_index(c: Claim) -> int | None:
    for i, ln in enumerate(c.lines):
        if ln.code.startswith("99") and "25" not in ln.modifiers and not ln.code.startswith("993"):
            return i
    return None


class Seeder:
    def __init__(
        self,
        rng: random.Random,
        ref: Reference,
        fees_for: Callable[[Practice], dict[str, Decimal]],
    ) -> None:
        self.rng = rng
        self.ref = ref
        self.fees_for = fees_for
        self.acc = {rule: rng.random() for rule in RATES}
        self.code_lines: dict[str, int] = {}
        self.code_seeded: dict[str, int] = {}

    def count_lines(self, c: Claim) -> None:
        for ln in c.lines:
            self.code_lines[ln.code] = self.code_lines.get(ln.code, 0) + 1

    def tick(self) -> None:
        """Advance every rule's schedule by one claim."""
        for rule, rate in RATES.items():
            self.acc[rule] += rate

    def seed(self, c: Claim, age: int) -> Seeded:
        """Apply the first due seed that fits this claim.

        Returns ground-truth rows, the seeded line index by rule (for the
        payer's denial) and, for DUPLICATE_LINE, the duplicate claim to add.
        """
        for rule in RATES:
            if self.acc[rule] < 1.0:
                continue
            out: Seeded | None = getattr(self, "_" + rule.lower())(c, age)
            if out is not None:
                self.acc[rule] -= 1.0
                c.anomaly = c.anomaly or rule
                return out
        return [], {}, None

    def _row(self, rule: str, c: Claim, line: int | None) -> Truth:
        return (
            rule,
            c.claim_id,
            c.billing_npi,
            "" if line is None else str(line + 1),
            c.rendering_npi,
        )

    def _fee(self, c: Claim, code: str) -> Decimal:
        return self.fees_for(c.practice)[code]

    # -- rules -------------------------------------------------------------------
    def _dx_invalid(self, c: Claim, age: int) -> Seeded:
        c.dx[self.rng.randrange(len(c.dx))] = self.rng.choice(catalog.INVALID_DX)
        return [self._row("DX_INVALID", c, None)], {}, None

    def _px_invalid(self, c: Claim, age: int) -> Seeded:
        rng = self.rng
        others = [i for i, ln in enumerate(c.lines) if not ln.code.startswith("99")]
        if others:
            i = rng.choice(others)
            c.lines[i].code = rng.choice(catalog.MALFORMED_CODES)
        else:
            i = 0
            c.lines[0].modifiers = [*c.lines[0].modifiers, rng.choice(catalog.UNKNOWN_MODIFIERS)]
        return [self._row("PX_INVALID", c, i)], {"PX_INVALID": i}, None

    def _npi_invalid(self, c: Claim, age: int) -> Seeded:
        if self.rng.random() < 0.3:
            c.billing_npi = npi.corrupt(c.billing_npi)
        else:
            c.rendering_npi = npi.corrupt(c.rendering_npi)
        return [self._row("NPI_INVALID", c, None)], {}, None

    def _sex_conflict(self, c: Claim, age: int) -> Seeded | None:
        if not 18 <= age <= 64 or len(c.dx) >= 12:
            return None
        pool = catalog.FEMALE_DX_FOR_MALE if c.patient.sex == "M" else catalog.MALE_DX_FOR_FEMALE
        c.dx.append(self.rng.choice(pool))
        return [self._row("SEX_CONFLICT", c, None)], {}, None

    def _age_conflict(self, c: Claim, age: int) -> Seeded | None:
        for i, ln in enumerate(c.lines):
            if ln.code[:4] in ("9938", "9939"):
                digit = int(ln.code[4])
                wrong = digit + 2 if digit <= 5 else digit - 2
                ln.code = ln.code[:4] + str(wrong)
                ln.charge = self._fee(c, ln.code)
                return [self._row("AGE_CONFLICT", c, i)], {"AGE_CONFLICT": i}, None
        if len(c.lines) == 1 and age >= 2:
            c.dx[c.lines[0].pointers[0] - 1] = self.rng.choice(catalog.PERINATAL_DX)
            return [self._row("AGE_CONFLICT", c, 0)], {"AGE_CONFLICT": 0}, None
        return None

    def _add(self, c: Claim, code: str, mods: list[str] | None = None) -> int:
        c.lines.append(Line(code, mods or [], 1, self._fee(c, code), [1]))
        return len(c.lines) - 1

    def _ncci_ptp(self, c: Claim, age: int) -> Seeded | None:
        codes = {ln.code: i for i, ln in enumerate(c.lines)}
        spec = c.provider.specialty
        em = _em_index(c)
        target: int | None = None
        if spec in ("fm", "im") and "80053" in codes and "80048" not in codes:
            target = self._add(c, "80048")
        elif spec in ("fm", "im") and "85025" in codes and "85027" not in codes:
            target = self._add(c, "85027")
        elif spec == "cardio" and "93000" in codes:
            target = self._add(c, "93010")
        elif spec == "pt" and ("97530" in codes) != ("97140" in codes):
            if "97530" not in codes:
                self._add(c, "97530", ["GP"])
            target = codes.get("97140")
            if target is None:
                target = self._add(c, "97140", ["GP"])
        elif spec == "ortho" and ("29881" in codes or "29880" in codes):
            target = self._add(c, "20610")
        elif em is not None and c.lines[em].code in _EM and spec in ("fm", "im", "ortho", "derm"):
            if "20610" in codes or "17110" in codes:
                return None
            self._add(c, "17110" if spec == "derm" else "20610")
            target = em
        elif em is not None and c.lines[em].code in _ED and "12001" not in codes:
            self._add(c, "12001")
            target = em
        if target is None:
            return None
        return [self._row("NCCI_PTP", c, target)], {"NCCI_PTP": target}, None

    def _mue(self, c: Claim, age: int) -> Seeded | None:
        for i, ln in enumerate(c.lines):
            limit = self.ref.mue.get(ln.code)
            if limit is not None and limit <= 6 and not ln.code.startswith("J"):
                ln.units = limit + self.rng.randint(1, 2)
                ln.charge = self._fee(c, ln.code) * ln.units
                return [self._row("MUE", c, i)], {"MUE": i}, None
        return None

    def _duplicate_line(self, c: Claim, age: int) -> Seeded | None:
        for i, ln in enumerate(c.lines):
            limit = self.ref.mue.get(ln.code, 1)
            if ln.code.startswith("99") or {"25", "59"} & set(ln.modifiers):
                continue
            if 2 * ln.units > limit:
                continue
            dup_line = replace(ln, modifiers=list(ln.modifiers), pointers=[1])
            dx = [c.dx[ln.pointers[0] - 1]]
            dup = replace(c, claim_id="", dx=dx, lines=[dup_line], anomaly="DUPLICATE_LINE")
            c.anomaly = "DUPLICATE_ORIGINAL"
            return [self._row("DUPLICATE_LINE", c, i)], {}, dup
        return None

    def _charge_outlier(self, c: Claim, age: int) -> Seeded | None:
        for i, ln in enumerate(c.lines):
            n = self.code_lines.get(ln.code, 0)
            k = self.code_seeded.get(ln.code, 0)
            if n >= CHARGE_MIN_LINES and k + 1 <= CHARGE_MAX_SHARE * n:
                ln.charge = ln.charge * self.rng.choice((8, 10, 12, 15))
                self.code_seeded[ln.code] = k + 1
                return [], {"CHARGE_OUTLIER": i}, None
        return None
