"""Ground truth the run can only settle at its end: charge outliers and provider outliers.

Charge outliers are whatever lies above the 99th percentile (linear
interpolation) of the line charges of the same code, seeded or not; the
generator keeps those distributions tight so that is, in practice, the seeded
lines and the lines of the MUE seeds. Provider outliers are the seeded
providers that a one-sided binomial test (p < 0.01, at least 30 visits) and
the peer 90th percentile both single out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from scipy.stats import binomtest

from .model import Claim, Provider

KEY_CAP = 400
MIN_VISITS = 30
ALPHA = 0.01
_OFFICE = frozenset(["99202", "99203", "99204", "99205", "99212", "99213", "99214", "99215"])
_HIGH = frozenset(["99204", "99205", "99214", "99215"])
_MOD59 = frozenset({"59", "XE", "XS", "XP", "XU"})


@dataclass(slots=True)
class ProviderCounts:
    office: int = 0
    high: int = 0
    em: int = 0
    em25: int = 0
    lines: int = 0
    mod59: int = 0


@dataclass(slots=True)
class Book:
    """Counts kept while claims stream past."""

    charges: dict[str, dict[str, int]] = field(default_factory=dict)
    keys: dict[tuple[str, str], list[tuple[str, str, str, str]]] = field(default_factory=dict)
    providers: dict[str, ProviderCounts] = field(default_factory=dict)
    overflow: int = 0

    def add(self, c: Claim) -> None:
        pc = self.providers.get(c.rendering_npi)
        if pc is None:
            pc = self.providers[c.rendering_npi] = ProviderCounts()
        for i, ln in enumerate(c.lines):
            if not ln.code:
                continue
            value = str(ln.charge)
            counts = self.charges.setdefault(ln.code, {})
            n = counts.get(value, 0)
            counts[value] = n + 1
            if n < KEY_CAP:
                key = (c.claim_id, c.billing_npi, str(i + 1), c.rendering_npi)
                self.keys.setdefault((ln.code, value), []).append(key)
            pc.lines += 1
            if _MOD59.intersection(ln.modifiers):
                pc.mod59 += 1
            if ln.code.startswith("99") and c.kind == "P":
                pc.em += 1
                if "25" in ln.modifiers:
                    pc.em25 += 1
                if ln.code in _OFFICE:
                    pc.office += 1
                    if ln.code in _HIGH:
                        pc.high += 1

    def merge(self, other: Book) -> None:
        """Add another batch's counts to these."""
        for code, counts in other.charges.items():
            mine = self.charges.setdefault(code, {})
            for value, n in counts.items():
                mine[value] = mine.get(value, 0) + n
        for key, keys in other.keys.items():
            self.keys.setdefault(key, []).extend(keys)
        for npi, pc in other.providers.items():
            acc = self.providers.setdefault(npi, ProviderCounts())
            for f in ("office", "high", "em", "em25", "lines", "mod59"):
                setattr(acc, f, getattr(acc, f) + getattr(pc, f))

    def charge_outliers(self) -> list[tuple[str, str, str, str, str]]:
        rows = []
        for code, counts in self.charges.items():
            values = sorted(counts, key=float)
            n = sum(counts.values())
            threshold = _quantile(values, counts, n, 0.99)
            for v in values:
                if float(v) > threshold:
                    keys = self.keys.get((code, v), [])
                    self.overflow += counts[v] - len(keys)
                    rows += [("CHARGE_OUTLIER", *k) for k in keys]
        return rows

    def provider_outliers(self, providers: list[Provider]) -> list[tuple[str, str, str, str, str]]:
        rows = []
        tests = {
            "EM_LEVEL_OUTLIER": ("office", "high"),
            "MOD25_OUTLIER": ("em", "em25"),
            "MOD59_OUTLIER": ("lines", "mod59"),
        }
        for rule, (den, num) in tests.items():
            for p in providers:
                if p.outlier != rule:
                    continue
                if self.flags(rule, p, providers, den, num):
                    rows.append((rule, "", "", "", p.npi))
        return rows

    def flags(self, rule: str, p: Provider, providers: list[Provider], den: str, num: str) -> bool:
        """Whether the rule's definition singles out provider `p`."""
        peers = [q for q in providers if q.specialty == p.specialty and q.npi in self.providers]
        totals = [
            (getattr(self.providers[q.npi], den), getattr(self.providers[q.npi], num))
            for q in peers
        ]
        mine = self.providers.get(p.npi)
        if mine is None or getattr(mine, den) < MIN_VISITS:
            return False
        n, k = getattr(mine, den), getattr(mine, num)
        pooled_n = sum(t[0] for t in totals)
        share = sum(t[1] for t in totals) / pooled_n if pooled_n else 0.0
        if share <= 0 or share >= 1:
            return False
        if binomtest(k, n, share, alternative="greater").pvalue >= ALPHA:
            return False
        rates = sorted(t[1] / t[0] for t in totals if t[0] >= MIN_VISITS)
        return k / n > _p90(rates)


def _p90(rates: list[float]) -> float:
    if not rates:
        return 0.0
    pos = 0.9 * (len(rates) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(rates) - 1)
    return rates[lo] + (rates[hi] - rates[lo]) * (pos - lo)


def _quantile(values: list[str], counts: dict[str, int], n: int, q: float) -> float:
    pos = q * (n - 1)
    lo_i = math.floor(pos)
    frac = pos - lo_i
    seen, lo_v, hi_v = 0, None, None
    for v in values:
        c = counts[v]
        if lo_v is None and lo_i < seen + c:
            lo_v = float(v)
        if lo_i + 1 < seen + c:
            hi_v = float(v)
            break
        seen += c
    if lo_v is None:
        raise ValueError(f"no value at rank {lo_i} of {n}")
    if hi_v is None:
        hi_v = lo_v
    return lo_v + (hi_v - lo_v) * frac
