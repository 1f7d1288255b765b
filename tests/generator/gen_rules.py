"""Plain re-implementations of the METRICS.md section 5 rules, to score the ground truth.

They read only what the files carry (and the reference extracts), so a match
with ground_truth.csv shows the seeded anomalies are exactly what the rules
would find.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict

import simple_icd_10_cm as cm
from gen_x12text import Claim
from scipy.stats import binomtest

from rcm.generator import npi
from rcm.generator.encounter import age_on
from rcm.generator.reference import REFERENCE_DIR

Row = tuple[str, str, str, str, str]
CODE = re.compile(r"^(\d{5}|\d{4}[FTU]|[A-V]\d{4})$")
KNOWN_MODIFIERS = {"25", "26", "59", "GP", "RT", "LT", "XE", "XS", "XP", "XU", "50", "76", "91"}
BYPASS = {"25", "59", "XE", "XS", "XP", "XU"}
FEMALE_ONLY = ("O", "N95", "Z01419", "Z124")
MALE_ONLY = ("C61", "N40", "R972")
OFFICE = {"99202", "99203", "99204", "99205", "99212", "99213", "99214", "99215"}
HIGH = {"99204", "99205", "99214", "99215"}


def _ptp() -> dict[frozenset[str], dict[str, str]]:
    with (REFERENCE_DIR / "ncci_ptp_practitioner.csv").open(newline="") as f:
        return {frozenset((r["column_1"], r["column_2"])): r for r in csv.DictReader(f)}


def _mue() -> dict[str, int]:
    with (REFERENCE_DIR / "mue_practitioner.csv").open(newline="") as f:
        return {r["hcpcs"]: int(r["mue_value"]) for r in csv.DictReader(f)}


def _row(rule: str, c: Claim, line: int | None) -> Row:
    return (rule, c.claim_id, c.billing_npi, "" if line is None else str(line + 1), c.rendering_npi)


def _leaf(code: str) -> bool:
    return cm.is_valid_item(code) and cm.is_leaf(code)


def line_and_claim_rules(claims: list[Claim]) -> set[Row]:
    ptp, mue = _ptp(), _mue()
    found: set[Row] = set()
    groups: dict[tuple, list[tuple[Claim, int]]] = defaultdict(list)
    for c in claims:
        if any(not _leaf(d) for d in c.dx):
            found.add(_row("DX_INVALID", c, None))
        if not (npi.is_valid(c.billing_npi) and npi.is_valid(c.rendering_npi)):
            found.add(_row("NPI_INVALID", c, None))
        if (c.sex == "M" and any(d.startswith(FEMALE_ONLY) for d in c.dx)) or (
            c.sex == "F" and any(d.startswith(MALE_ONLY) for d in c.dx)
        ):
            found.add(_row("SEX_CONFLICT", c, None))
        assert c.service is not None
        age = age_on(c.birth, c.service)
        for i, ln in enumerate(c.lines):
            if ln.code and (not CODE.match(ln.code) or set(ln.modifiers) - KNOWN_MODIFIERS):
                found.add(_row("PX_INVALID", c, i))
            if ln.code[:4] in ("9938", "9939"):
                bands = {
                    "1": (0, 0),
                    "2": (1, 4),
                    "3": (5, 11),
                    "4": (12, 17),
                    "5": (18, 39),
                    "6": (40, 64),
                    "7": (65, 200),
                }
                lo, hi = bands[ln.code[4]]
                if not lo <= age <= hi:
                    found.add(_row("AGE_CONFLICT", c, i))
            if age > 1 and any(c.dx[p - 1].startswith("P") for p in ln.pointers):
                found.add(_row("AGE_CONFLICT", c, i))
            if c.kind == "P":
                groups[(c.member, c.patient, c.rendering_npi, c.service)].append((c, i))
    for items in groups.values():
        by_code: dict[str, list[tuple[Claim, int]]] = defaultdict(list)
        for c, i in items:
            by_code[c.lines[i].code].append((c, i))
        for code, same in by_code.items():
            if code in mue and sum(c.lines[i].units for c, i in same) > mue[code]:
                for c, i in same:
                    found.add(_row("MUE", c, i))
            seen: dict[tuple, list[tuple[Claim, int]]] = defaultdict(list)
            for c, i in same:
                seen[tuple(c.lines[i].modifiers)].append((c, i))
            for dup in seen.values():
                if len({c.key for c, _ in dup}) > 1:
                    for c, i in dup:
                        found.add(_row("DUPLICATE_LINE", c, i))
        for a in range(len(items)):
            for b in range(a + 1, len(items)):
                (ca, ia), (cb, ib) = items[a], items[b]
                la, lb = ca.lines[ia], cb.lines[ib]
                edit = ptp.get(frozenset((la.code, lb.code)))
                if edit is None or la.code == lb.code:
                    continue
                day = ca.service.isoformat()
                if edit["effective_date"] > day or (
                    edit["deletion_date"] and edit["deletion_date"] <= day
                ):
                    continue
                col2, c2, i2 = (lb, cb, ib) if edit["column_2"] == lb.code else (la, ca, ia)
                if edit["modifier_indicator"] == "0" or (
                    edit["modifier_indicator"] == "1" and not BYPASS & set(col2.modifiers)
                ):
                    found.add(_row("NCCI_PTP", c2, i2))
    return found


def charge_outliers(claims: list[Claim]) -> set[Row]:
    by_code: dict[str, list[tuple[float, Claim, int]]] = defaultdict(list)
    for c in claims:
        for i, ln in enumerate(c.lines):
            if ln.code:
                by_code[ln.code].append((float(ln.charge), c, i))
    found: set[Row] = set()
    for items in by_code.values():
        values = sorted(v for v, _, _ in items)
        pos = 0.99 * (len(values) - 1)
        lo = math.floor(pos)
        hi = min(lo + 1, len(values) - 1)
        p99 = values[lo] + (values[hi] - values[lo]) * (pos - lo)
        found |= {_row("CHARGE_OUTLIER", c, i) for v, c, i in items if v > p99}
    return found


def provider_outliers(
    claims: list[Claim], discrete: bool = False, min_peer_visits: int = 30
) -> set[Row]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    specialty: dict[str, str] = {}
    for c in claims:
        if c.kind != "P":
            continue
        k = counts[c.rendering_npi]
        specialty[c.rendering_npi] = c.taxonomy
        for ln in c.lines:
            k[4] += 1
            k[5] += bool({"59", "XE", "XS", "XP", "XU"} & set(ln.modifiers))
            if ln.code.startswith("99"):
                k[2] += 1
                k[3] += "25" in ln.modifiers
            if ln.code in OFFICE:
                k[0] += 1
                k[1] += ln.code in HIGH
    found: set[Row] = set()
    for rule, (den, num) in (
        ("EM_LEVEL_OUTLIER", (0, 1)),
        ("MOD25_OUTLIER", (2, 3)),
        ("MOD59_OUTLIER", (4, 5)),
    ):
        by_spec: dict[str, list[str]] = defaultdict(list)
        for p, s in specialty.items():
            by_spec[s].append(p)
        for peers in by_spec.values():
            n_all = sum(counts[p][den] for p in peers)
            if not n_all:
                continue
            share = sum(counts[p][num] for p in peers) / n_all
            rates = sorted(
                counts[p][num] / counts[p][den] for p in peers if counts[p][den] >= min_peer_visits
            )
            if not rates or not 0 < share < 1:
                continue
            if discrete:
                p90 = rates[max(0, math.ceil(0.9 * len(rates)) - 1)]
            else:
                pos = 0.9 * (len(rates) - 1)
                lo = math.floor(pos)
                p90 = rates[lo] + (rates[min(lo + 1, len(rates) - 1)] - rates[lo]) * (pos - lo)
            for p in peers:
                n, k = counts[p][den], counts[p][num]
                if n < 30 or k / n <= p90:
                    continue
                if binomtest(k, n, share, alternative="greater").pvalue < 0.01:
                    found.add((rule, "", "", "", p))
    return found
