"""One 835 claim payment loop (CLP) and its text.

Amounts are built so every loop balances: CLP03 = CLP04 + all CAS amounts,
and SVC02 = SVC03 + that line's CAS. A reversal is the same loop with every
amount negated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .dates import d8
from .model import Claim

Adj = tuple[str, str, Decimal]  # group, CARC, amount


@dataclass(slots=True)
class Service:
    code: str
    modifiers: list[str]
    revenue: str
    charge: Decimal
    paid: Decimal
    units: int
    day: dt.date
    adjustments: list[Adj]
    allowed: Decimal | None
    remarks: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Remit:
    claim: Claim
    status: str
    billed: Decimal
    paid: Decimal
    patient_resp: Decimal
    icn: str
    freq: str
    adjustments: list[Adj]
    services: list[Service]
    remarks: list[str] = field(default_factory=list)


def negate(r: Remit) -> Remit:
    """The reversal (CLP02 = 22) of a remittance: every amount with the opposite sign."""
    svcs = [
        replace(
            s,
            charge=-s.charge,
            paid=-s.paid,
            adjustments=[(g, c, -a) for g, c, a in s.adjustments],
            allowed=None,
            remarks=[],
        )
        for s in r.services
    ]
    return replace(
        r,
        status="22",
        billed=-r.billed,
        paid=-r.paid,
        patient_resp=-r.patient_resp,
        adjustments=[(g, c, -a) for g, c, a in r.adjustments],
        services=svcs,
        remarks=[],
    )


def _cas(seg: list[str], adjustments: list[Adj]) -> None:
    by_group: dict[str, list[str]] = {}
    for group, carc, amount in adjustments:
        if amount:
            by_group.setdefault(group, []).append(f"{carc}*{amount}")
    for group, parts in by_group.items():
        for i in range(0, len(parts), 6):
            seg.append(f"CAS*{group}*" + "**".join(parts[i : i + 6]))


def render(r: Remit) -> list[str]:
    """The segments of one CLP loop, in 835 order."""
    c = r.claim
    seg: list[str] = []
    fac = c.bill_type if c.kind == "I" else c.pos
    clp = (
        f"CLP*{c.claim_id}*{r.status}*{r.billed}*{r.paid}*{r.patient_resp}*"
        f"{c.payer.clp_filing}*{r.icn}*{fac}*{r.freq}"
    )
    if c.drg:
        clp += f"**{c.drg}"
    seg.append(clp)
    _cas(seg, r.adjustments)
    pat, sub = c.patient, c.patient.subscriber
    if sub is None:
        seg.append(f"NM1*QC*1*{pat.last}*{pat.first}****MI*{pat.member_id}")
    else:
        seg.append(f"NM1*QC*1*{pat.last}*{pat.first}")
        seg.append(f"NM1*IL*1*{sub.last}*{sub.first}****MI*{pat.member_id}")
    if r.remarks:
        seg.append("MOA***" + "*".join(r.remarks[:5]))
    if not r.services:
        seg.append(f"DTM*232*{d8(c.service)}")
        seg.append(f"DTM*233*{d8(c.service_end or c.service)}")
    for s in r.services:
        proc = ":".join(["HC", s.code, *s.modifiers])
        line = f"SVC*{proc}*{s.charge}*{s.paid}"
        if s.revenue:
            line += f"*{s.revenue}"
        if s.units != 1:
            line += ("" if s.revenue else "*") + f"*{s.units}"
        seg.append(line)
        seg.append(f"DTM*472*{d8(s.day)}")
        _cas(seg, s.adjustments)
        if s.allowed is not None:
            seg.append(f"AMT*B6*{s.allowed}")
        if s.remarks:
            seg.append("LQ*HE*" + s.remarks[0])
    return seg
