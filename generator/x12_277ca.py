"""277CA claim acknowledgements (005010X214) for the 837 sets a 999 accepted.

The clearinghouse (information source, HL 20) tells the submitter (HL 21)
claim by claim what its front-end edits found: one STC per claim under its
billing provider (HL 19) and patient (PT). Most claims are accepted (A1:19 or
A2:20, with the clearinghouse's claim number in REF*1K); about 1 % are
rejected (A7:562 an NPI the payer does not know, A6:21 missing information,
A3:21) and the office sends them again, corrected.
"""

from __future__ import annotations

import random
from decimal import Decimal

from .dates import d8
from .envelope import Envelope, close, open_interchange
from .model import Claim

VERSION = "005010X214"
REJECT_RATE = 0.01
CONTROL_OFFSET = 300_000_000  # 277CA ISA13 = 837 ISA13 + this: unique in the run
ACCEPTED = (("A2:20", 0.85), ("A1:19", 0.15))
REJECTED = (("A7:562:82", 0.5), ("A6:21", 0.3), ("A3:21", 0.2))
SOURCE = ("CLAIMSBRIDGE CLEARINGHOUSE", "CLMBRIDGE")
RECEIVER = ("RIVERSIDE HEALTH SYSTEM BILLING", "RHSBILL01")


def _pick(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([c for c, _ in table], [w for _, w in table])[0]


def decide(batch: list[tuple[Claim, str, str]], rng: random.Random) -> list[str]:
    """The STC01 of each claim of the batch, in order."""
    return [
        _pick(rng, REJECTED) if rng.random() < REJECT_RATE else _pick(rng, ACCEPTED) for _ in batch
    ]


def is_rejected(status: str) -> bool:
    return status[:2] in ("A3", "A4", "A6", "A7", "A8")


def render(
    batch: list[tuple[Claim, str, str]],
    statuses: list[str],
    claim_env: Envelope,
    ack_env: Envelope,
) -> str:
    """One 277CA answering every claim of one 837 interchange."""
    received, day = d8(claim_env.day), d8(ack_env.day)
    seg = [f"ST*277*0001*{VERSION}", f"BHT*0085*08*{ack_env.control}*{day}*{ack_env.time}*TH"]
    seg += ["HL*1**20*1", f"NM1*AY*2*{SOURCE[0]}*****46*{SOURCE[1]}", f"TRN*1*{ack_env.control}"]
    seg += [f"DTP*050*D8*{received}", f"DTP*009*D8*{day}"]
    accepted = [(i, it) for i, it in enumerate(batch) if not is_rejected(statuses[i])]
    refused = [(i, it) for i, it in enumerate(batch) if is_rejected(statuses[i])]
    seg += ["HL*2*1*21*1", f"NM1*41*2*{RECEIVER[0]}*****46*{RECEIVER[1]}"]
    seg.append(f"TRN*2*{claim_env.control:09d}")
    seg.append(f"STC*A1:19*{day}*WQ*{_sum(accepted)}")
    seg += [f"QTY*90*{len(accepted)}"] if accepted else []
    seg += [f"QTY*AA*{len(refused)}"] if refused else []
    seg += [f"AMT*YU*{_sum(accepted)}"] if accepted else []
    seg += [f"AMT*YY*{_sum(refused)}"] if refused else []
    hl = 3
    groups: dict[str, list[int]] = {}
    for i, (c, _, _) in enumerate(batch):
        groups.setdefault(c.billing_npi, []).append(i)
    for npi, members in groups.items():
        provider = hl
        pr = batch[members[0]][0].practice
        seg += [f"HL*{hl}*2*19*1", f"NM1*85*2*{pr.name}*****XX*{npi}"]
        seg.append(f"TRN*1*{claim_env.control}{provider:03d}")
        mine = [(i, batch[i]) for i in members]
        seg.append(f"STC*A1:19**WQ*{_sum(mine)}")
        hl += 1
        for i in members:
            c = batch[i][0]
            pat = c.patient
            seg.append(f"HL*{hl}*{provider}*PT")
            seg.append(f"NM1*QC*1*{pat.last}*{pat.first}****MI*{pat.member_id}")
            seg.append(f"TRN*2*{c.claim_id}")
            action = "U" if is_rejected(statuses[i]) else "WQ"
            seg.append(f"STC*{statuses[i]}*{day}*{action}*{c.total}")
            if action == "WQ":
                seg.append(f"REF*1K*{ack_env.control % 10_000_000:07d}{hl:04d}")
            end = c.service_end or c.service
            if end != c.service:
                seg.append(f"DTP*472*RD8*{d8(c.service)}-{d8(end)}")
            else:
                seg.append(f"DTP*472*D8*{d8(c.service)}")
            hl += 1
    seg.append(f"SE*{len(seg) + 1}*0001")
    head = open_interchange(ack_env, "HN", VERSION, SOURCE[1], RECEIVER[1])
    return head + "~\n".join(seg) + "~\n" + close(ack_env)


def _sum(items: list[tuple[int, tuple[Claim, str, str]]]) -> str:
    return str(sum((Decimal(it[0].total) for _, it in items), Decimal("0.00")))
