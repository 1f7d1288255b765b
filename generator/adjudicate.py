"""Payer behaviour: how each claim is adjudicated, followed up and paid over time.

Every outcome is decided when the claim is made, so the run can stream: the
claim's later submissions (replacements, voids), remittances (first pass,
reversals, corrections, payments after appeal) and write-offs are handed back
with their dates and written when the run reaches those dates.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TypedDict

from . import catalog
from .model import Claim, Line, Payer
from .remit import Remit, Service, negate, render

D0 = Decimal("0.00")
CENT = Decimal("0.01")
LOST_RATE = 0.025
VOID_RATE = 0.005
CORRECTION_RATE = 0.01

# CARC, group, level, weight, remark, follow-up
CATEGORIES = (
    ("16", "CO", "claim", 18, "MA130", "fix"),
    ("197", "CO", "claim", 12, "N54", "fix"),
    ("50", "CO", "line", 10, "N115", "appeal"),
    ("97", "CO", "line", 10, "N20", "fix"),
    ("18", "CO", "claim", 7, "", "appeal"),
    ("29", "CO", "claim", 4, "", "writeoff"),
    ("27", "CO", "claim", 4, "N30", "writeoff"),
    ("27", "PR", "claim", 3, "N30", "writeoff"),
    ("4", "CO", "line", 7, "N519", "fix"),
    ("11", "CO", "line", 7, "", "fix"),
    ("22", "CO", "claim", 8, "MA04", "fix"),
    ("109", "CO", "claim", 4, "N418", "writeoff"),
    ("96", "CO", "line", 4, "N130", "writeoff"),
)
_WEIGHTS = [c[3] for c in CATEGORIES]
Denial = tuple[str, str, str, str]  # CARC, group, level (claim or line), remark
# Denials the payer gives seeded anomalies.
SEEDED: dict[str, Denial] = {
    "NPI_INVALID": ("16", "CO", "claim", "N290"),
    "DX_INVALID": ("16", "CO", "claim", "M76"),
    "SEX_CONFLICT": ("7", "CO", "claim", "M76"),
    "DUPLICATE_LINE": ("18", "CO", "claim", ""),
}
WRITE_OFF_REASONS = {
    "29": ("TFWO", "Timely filing write-off"),
    "109": ("NCWO", "Not covered by payer write-off"),
    "96": ("NCWO", "Non-covered service write-off"),
    "27": ("ELWO", "Eligibility write-off"),
}


class _PayState(TypedDict):
    """What one remittance's lines share: the copay is taken once, the deductible runs down."""

    copay: bool
    deductible: Decimal


@dataclass(slots=True)
class Posting:
    """Pre-rendered CLP loops for one payment run of one payer and payee."""

    day: dt.date
    text: str
    segments: int
    paid: Decimal
    loops: int


@dataclass(slots=True)
class Timeline:
    submissions: list[tuple[dt.date, str, str]] = field(default_factory=list)
    postings: list[Posting] = field(default_factory=list)
    adjustments: list[tuple[dt.date, Decimal, str, str]] = field(default_factory=list)


def next_run(payer: Payer, day: dt.date) -> dt.date:
    """The payer's first weekly payment run on or after `day`."""
    return day + dt.timedelta(days=(payer.run_weekday - day.weekday()) % 7)


def _code_factor(code: str) -> float:
    return 0.9 + (sum(map(ord, code)) % 21) / 100


class Adjudicator:
    def __init__(
        self, rng: random.Random, last_submission: dt.date, horizon: dt.date, batch: int = 0
    ) -> None:
        self.rng = rng
        self.batch = batch
        self.last_submission = last_submission
        self.horizon = horizon
        self._icn = 0
        self._base = {c: Decimal(v) for c, v in catalog.CHARGES.items()}

    def _new_icn(self, day: dt.date) -> str:
        self._icn += 1
        return f"{day.year % 100:02d}{day.timetuple().tm_yday:03d}{self.batch}{self._icn:07d}"

    # -- amounts ---------------------------------------------------------------
    def _allowed(self, c: Claim, code: str, charge: Decimal, units: int, bump: float) -> Decimal:
        ratio = c.payer.allowed_ratio * bump
        if c.kind == "I":
            base, ratio = charge, ratio * 0.7
        else:
            base = self._base.get(code, charge) * units
            ratio *= _code_factor(code)
        allowed = (base * Decimal(repr(ratio))).quantize(CENT, rounding=ROUND_HALF_UP)
        return min(allowed, charge)

    def _pay_line(self, c: Claim, ln: Line, day: dt.date, bump: float, state: _PayState) -> Service:
        payer = c.payer
        allowed = self._allowed(c, ln.code, ln.charge, ln.units, bump)
        adj = [("CO", "45", ln.charge - allowed)]
        rest = allowed
        is_em = ln.code.startswith("99")
        if payer.kind == "commercial" and is_em and not state["copay"]:
            copay = min(payer.copay, rest)
            adj.append(("PR", "3", copay))
            rest -= copay
            state["copay"] = True
        elif payer.kind != "medicaid":
            ded = min(state["deductible"], rest)
            if ded:
                adj.append(("PR", "1", ded))
                state["deductible"] -= ded
                rest -= ded
            coins = (rest * Decimal(repr(payer.coinsurance))).quantize(CENT, ROUND_HALF_UP)
            if coins:
                adj.append(("PR", "2", coins))
                rest -= coins
        if payer.kind == "medicare" and rest > 0:
            seq = (rest * Decimal("0.02")).quantize(CENT, ROUND_HALF_UP)
            adj.append(("CO", "253", seq))
            rest -= seq
        return Service(
            ln.code, ln.modifiers, ln.revenue, ln.charge, rest, ln.units, day, adj, allowed
        )

    def _deny_line(self, ln: Line, day: dt.date, carc: str, group: str, remark: str) -> Service:
        return Service(
            ln.code,
            ln.modifiers,
            ln.revenue,
            ln.charge,
            D0,
            ln.units,
            day,
            [(group, carc, ln.charge)],
            None,
            [remark] if remark else [],
        )

    def adjudicate(
        self,
        c: Claim,
        run: dt.date,
        freq: str,
        denial: Denial | None,
        deny_line: int | None = None,
        bump: float = 1.0,
    ) -> Remit:
        """One remittance of `c`; `denial` is (CARC, group, level, remark) or None."""
        billed = c.total
        icn = self._new_icn(run)
        if denial and denial[2] == "claim":
            carc, group, _, remark = denial
            pr = billed if group == "PR" else D0
            return Remit(
                c,
                "4",
                billed,
                D0,
                pr,
                icn,
                freq,
                [(group, carc, billed)],
                [],
                [remark] if remark else [],
            )
        year = c.service.year
        left = c.patient.deductible_left.get(year, c.payer.deductible)
        state: _PayState = {"copay": False, "deductible": left}
        if c.bill_type == "11":
            allowed = (billed * Decimal(repr(c.payer.allowed_ratio * 0.55))).quantize(CENT)
            ded = min(left, allowed)
            state["deductible"] -= ded
            c.patient.deductible_left[year] = state["deductible"]
            adj = [("CO", "45", billed - allowed)]
            if ded:
                adj.append(("PR", "1", ded))
            return Remit(c, "1", billed, allowed - ded, ded, icn, freq, adj, [])
        day = c.service
        services: list[Service] = []
        for i, ln in enumerate(c.lines):
            if denial and i == deny_line:
                services.append(self._deny_line(ln, day, denial[0], denial[1], denial[3]))
            else:
                services.append(self._pay_line(c, ln, day, bump, state))
        c.patient.deductible_left[year] = state["deductible"]
        paid = sum((s.paid for s in services), D0)
        pr = sum((a for s in services for g, _, a in s.adjustments if g == "PR"), D0)
        status = "4" if paid == 0 and denial else "1"
        remarks = ["MA01"] if c.payer.kind == "medicare" and self.rng.random() < 0.3 else []
        return Remit(c, status, billed, paid, pr, icn, freq, [], services, remarks)

    # -- timeline ----------------------------------------------------------------
    def _post(self, tl: Timeline, day: dt.date, remits: list[Remit]) -> None:
        seg: list[str] = []
        for r in remits:
            seg += render(r)
        tl.postings.append(
            Posting(
                day,
                "~\n".join(seg) + "~\n",
                len(seg),
                sum((r.paid for r in remits), D0),
                len(remits),
            )
        )

    def _lag(self, payer: Payer) -> int:
        return self.rng.randint(payer.lag_min, payer.lag_max)

    def plan(self, c: Claim, seeded_lines: dict[str, int]) -> Timeline:
        """Everything that will happen to claim `c` after its first submission."""
        rng, payer = self.rng, c.payer
        tl = Timeline([(c.submitted, "1", "")])
        u = rng.random()
        if not c.anomaly and u < VOID_RATE:
            void_day = c.submitted + dt.timedelta(days=rng.randint(3, 12))
            if void_day <= self.last_submission:
                tl.submissions.append((void_day, "8", self._new_icn(void_day)))
                return tl
        if u < VOID_RATE + LOST_RATE:
            return tl
        run = next_run(payer, c.submitted + dt.timedelta(days=self._lag(payer)))
        if run > self.horizon:
            return tl
        denial, deny_line, follow = self._first_outcome(c, seeded_lines)
        first = self.adjudicate(c, run, "1", denial, deny_line)
        self._post(tl, run, [first])
        if denial is None:
            later = run + dt.timedelta(days=7 * rng.randint(2, 6))
            if rng.random() < CORRECTION_RATE and later <= self.horizon:
                fixed = self.adjudicate(c, later, "1", None, bump=rng.choice((0.9, 1.08)))
                self._post(tl, later, [negate(first), fixed])
            return tl
        self._follow_up(c, tl, run, first, denial, follow)
        return tl

    def _first_outcome(
        self, c: Claim, seeded: dict[str, int]
    ) -> tuple[Denial | None, int | None, str]:
        rng = self.rng
        if c.anomaly in SEEDED:
            return SEEDED[c.anomaly], None, "seeded"
        if c.anomaly == "PX_INVALID":
            return ("16", "CO", "line", "M51"), seeded["PX_INVALID"], "seeded"
        if c.anomaly == "AGE_CONFLICT":
            return ("6", "CO", "line", "N129"), seeded["AGE_CONFLICT"], "seeded"
        if c.anomaly == "NCCI_PTP":
            return ("97", "CO", "line", "N20"), seeded["NCCI_PTP"], "seeded"
        if c.anomaly == "MUE":
            return ("151", "CO", "line", "N362"), seeded["MUE"], "seeded"
        if rng.random() >= c.payer.denial_rate:
            return None, None, ""
        carc, group, level, _, remark, follow = rng.choices(CATEGORIES, _WEIGHTS)[0]
        if c.bill_type == "11":
            level = "claim"
        line = rng.randrange(len(c.lines)) if level == "line" else None
        return (carc, group, level, remark), line, follow

    def _follow_up(
        self, c: Claim, tl: Timeline, run: dt.date, first: Remit, denial: Denial, follow: str
    ) -> None:
        rng = self.rng
        denied_amount = first.billed - first.paid - first.patient_resp
        if denial[1] == "PR":
            denied_amount = first.billed
        u = rng.random()
        if follow in ("fix", "appeal") and u < 0.70:
            if follow == "fix" and u < 0.55:
                resub = run + dt.timedelta(days=rng.randint(7, 30))
                if resub > self.last_submission:
                    return
                tl.submissions.append((resub, "7", first.icn))
                pay_day = next_run(c.payer, resub + dt.timedelta(days=self._lag(c.payer)))
                freq = "7"
            else:
                pay_day = run + dt.timedelta(days=7 * rng.randint(4, 8))
                freq = "1"
            if pay_day > self.horizon:
                return
            paid = self.adjudicate(c, pay_day, freq, None)
            self._post(tl, pay_day, [negate(first), paid] if first.paid else [paid])
            return
        if u < 0.85 or (follow == "seeded" and u < 0.95):
            day = run + dt.timedelta(days=rng.randint(45, 120))
            if day <= self.last_submission and denied_amount > 0:
                code, reason = WRITE_OFF_REASONS.get(denial[0], ("DENWO", "Denial write-off"))
                tl.adjustments.append((day, denied_amount, code, reason))
