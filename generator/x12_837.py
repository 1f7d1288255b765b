"""837P (005010X222A1) and 837I (005010X223A2) text for one day's batch of one billing provider.

Built as plain strings, one segment per line after the `~` terminator: this
is the hot path of large runs.
"""

from __future__ import annotations

import datetime as dt

from .dates import d8
from .envelope import Envelope, close, open_interchange
from .model import Claim, Patient

SUBMITTER = ("RIVERSIDE HEALTH SYSTEM BILLING", "RHSBILL01")
RECEIVER = ("CLAIMSBRIDGE CLEARINGHOUSE", "CLMBRIDGE")
VERSION = {"P": "005010X222A1", "I": "005010X223A2"}


def _person(seg: list[str], who: Patient) -> None:
    street, city, state, zip9 = who.address
    seg.append(f"N3*{street}")
    seg.append(f"N4*{city}*{state}*{zip9}")
    seg.append(f"DMG*D8*{d8(who.birth)}*{who.sex}")


def _subscriber(seg: list[str], c: Claim, hl: int, parent: int) -> int:
    """2000B (and 2000C for a dependent); returns the next free HL number."""
    pat, payer = c.patient, c.payer
    sub = pat.subscriber
    seg.append(f"HL*{hl}*{parent}*22*{1 if sub else 0}")
    rel = "" if sub else "18"
    seg.append(f"SBR*P*{rel}*{pat.group}******{payer.filing}")
    holder = sub or pat
    seg.append(f"NM1*IL*1*{holder.last}*{holder.first}****MI*{pat.member_id}")
    if not sub:
        _person(seg, pat)
    seg.append(f"NM1*PR*2*{payer.name}*****PI*{payer.payer_id}")
    if not sub:
        return hl + 1
    seg.append(f"HL*{hl + 1}*{hl}*23*0")
    seg.append("PAT*19")
    seg.append(f"NM1*QC*1*{pat.last}*{pat.first}")
    _person(seg, pat)
    return hl + 2


def _refs(seg: list[str], c: Claim, freq: str, icn: str) -> None:
    if freq != "1":
        seg.append(f"REF*F8*{icn}")
    if c.prior_auth:
        seg.append(f"REF*G1*{c.prior_auth}")
    seg.append(f"REF*EA*{c.patient.mrn}")


def _professional(seg: list[str], c: Claim, freq: str, icn: str) -> None:
    seg.append(f"CLM*{c.claim_id}*{c.total}***{c.pos}:B:{freq}*Y*A*Y*Y")
    _refs(seg, c, freq, icn)
    seg.append("HI*" + "*".join(("ABK:" if i == 0 else "ABF:") + d for i, d in enumerate(c.dx)))
    p = c.provider
    seg.append(f"NM1*82*1*{p.last}*{p.first}****XX*{c.rendering_npi}")
    seg.append(f"PRV*PE*PXC*{p.taxonomy}")
    loc = c.location
    seg.append(f"NM1*77*2*{loc.name}*****XX*{loc.npi}")
    seg.append(f"N3*{loc.address}")
    seg.append(f"N4*{loc.city}*{loc.state}*{loc.zip9}")
    date = f"DTP*472*D8*{d8(c.service)}"
    for i, ln in enumerate(c.lines, 1):
        proc = ":".join(["HC", ln.code, *ln.modifiers])
        seg.append(f"LX*{i}")
        ptr = ":".join(map(str, ln.pointers))
        seg.append(f"SV1*{proc}*{ln.charge}*UN*{ln.units}***{ptr}")
        seg.append(date)


def _institutional(seg: list[str], c: Claim, freq: str, icn: str) -> None:
    seg.append(f"CLM*{c.claim_id}*{c.total}***{c.bill_type}:A:{freq}**A*Y*Y")
    end = c.service_end or c.service
    inpatient = c.bill_type == "11"
    if inpatient:
        seg.append("DTP*096*TM*1000")
    seg.append(f"DTP*434*RD8*{d8(c.service)}-{d8(end)}")
    if inpatient:
        seg.append(f"DTP*435*DT*{d8(c.service)}0800")
        seg.append("CL1*1*7*01")
    else:
        seg.append("CL1***01")
    _refs(seg, c, freq, icn)
    seg.append(f"HI*ABK:{c.dx[0]}")
    if inpatient:
        seg.append(f"HI*ABJ:{c.dx[0]}")
        seg.append(f"HI*DR:{c.drg}")
    if len(c.dx) > 1:
        seg.append("HI*" + "*".join("ABF:" + d for d in c.dx[1:]))
    p = c.provider
    seg.append(f"NM1*71*1*{p.last}*{p.first}****XX*{c.rendering_npi}")
    seg.append(f"PRV*AT*PXC*{p.taxonomy}")
    date = f"DTP*472*D8*{d8(c.service)}"
    for i, ln in enumerate(c.lines, 1):
        seg.append(f"LX*{i}")
        if ln.code:
            seg.append(f"SV2*{ln.revenue}*HC:{ln.code}*{ln.charge}*UN*{ln.units}")
        else:
            seg.append(f"SV2*{ln.revenue}**{ln.charge}*{ln.unit_type}*{ln.units}")
        if not inpatient:
            seg.append(date)


def render(
    batch: list[tuple[Claim, str, str]], kind: str, submitted: dt.date, env: Envelope
) -> str:
    """One interchange holding one transaction with every claim of the batch.

    `batch` holds (claim, frequency code, payer claim control number). Claims
    whose billing NPI differs (a seeded keying error) get their own 2000A loop.
    """
    version = VERSION[kind]
    seg: list[str] = []
    hhmm = env.time
    seg.append(f"ST*837*0001*{version}")
    seg.append(f"BHT*0019*00*{env.control:09d}*{d8(submitted)}*{hhmm}*CH")
    seg.append(f"NM1*41*2*{SUBMITTER[0]}*****46*{SUBMITTER[1]}")
    seg.append("PER*IC*BILLING OFFICE*TE*6145550100")
    seg.append(f"NM1*40*2*{RECEIVER[0]}*****46*{RECEIVER[1]}")
    hl = 1
    groups: dict[str, list[tuple[Claim, str, str]]] = {}
    for item in batch:
        groups.setdefault(item[0].billing_npi, []).append(item)
    emit = _professional if kind == "P" else _institutional
    for billing_npi, items in groups.items():
        pr = items[0][0].practice
        parent = hl
        seg.append(f"HL*{hl}**20*1")
        seg.append(f"PRV*BI*PXC*{pr.taxonomy}")
        seg.append(f"NM1*85*2*{pr.name}*****XX*{billing_npi}")
        seg.append(f"N3*{pr.address[0]}")
        seg.append(f"N4*{pr.address[1]}*{pr.address[2]}*{pr.address[3]}")
        seg.append(f"REF*EI*{pr.tax_id}")
        hl += 1
        for c, freq, icn in items:
            hl = _subscriber(seg, c, hl, parent)
            emit(seg, c, freq, icn)
    seg.append(f"SE*{len(seg) + 1}*0001")
    head = open_interchange(env, "HC", version, SUBMITTER[1], RECEIVER[1])
    return head + "~\n".join(seg) + "~\n" + close(env)
