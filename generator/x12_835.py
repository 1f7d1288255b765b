"""835 (005010X221A1) files: one per payer payment run, one transaction per payee.

The CLP loops arrive pre-rendered (see adjudicate.Posting); this module adds
the payment header (BPR/TRN/N1), the occasional provider-level adjustment
(PLB) and the envelope, and keeps BPR02 = sum of CLP04 - sum of PLB amounts.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from .adjudicate import Posting
from .dates import d8
from .envelope import Envelope, close, open_interchange
from .model import Payer, Practice

VERSION = "005010X221A1"
RECEIVER = "RHSBILL01"


def _transaction(
    n: int,
    payer: Payer,
    npi: str,
    practice: Practice,
    postings: list[Posting],
    day: dt.date,
    rng: random.Random,
) -> tuple[str, int]:
    paid = sum((p.paid for p in postings), Decimal("0.00"))
    plb: list[tuple[str, Decimal]] = []
    first_claim = postings[0].text.split("*", 2)[1]
    if rng.random() < 0.03:
        plb.append((f"L6:{first_claim}", -Decimal(rng.randint(100, 4000)).scaleb(-2)))
    if rng.random() < 0.02:
        amount = Decimal(rng.randint(1500, 20000)).scaleb(-2)
        if paid - amount > 0:
            plb.append((f"WO:{rng.randint(10**9, 10**10 - 1)}", amount))
    total = paid - sum((a for _, a in plb), Decimal("0.00"))
    if total < 0:  # reversals outweigh payments: the payer carries the balance forward
        plb.append((f"FB:{npi}{day.month:02d}{day.day:02d}", total))
        total = Decimal("0.00")
    d8day = d8(day)
    trace = f"{day.year % 100:02d}{day.timetuple().tm_yday:03d}{n:04d}{int(npi[-4:]):04d}"
    seg = [f"ST*835*{n:04d}"]
    if total <= 0:
        seg.append(f"BPR*H*0.00*C*NON************{d8day}")
    elif payer.method == "CHK":
        seg.append(f"BPR*I*{total}*C*CHK************{d8day}")
    else:
        seg.append(
            f"BPR*I*{total}*C*ACH*CCP*01*041000124*DA*{payer.tax_id}*1{payer.tax_id}"
            f"**01*044000037*DA*{practice.tax_id}*{d8day}"
        )
    seg.append(f"TRN*1*{trace}*1{payer.tax_id}")
    seg.append(f"DTM*405*{d8day}")
    street, city, state, zip9 = payer.address
    seg.append(f"N1*PR*{payer.name}")
    seg.append(f"N3*{street}")
    seg.append(f"N4*{city}*{state}*{zip9}")
    seg.append(f"REF*2U*{payer.payer_id}")
    seg.append("PER*BL*PROVIDER SERVICES*TE*8005550199")
    seg.append(f"N1*PE*{practice.name}*XX*{npi}")
    seg.append(f"REF*TJ*{practice.tax_id}")
    seg.append("LX*1")
    head = "~\n".join(seg) + "~\n"
    count = len(seg) + sum(p.segments for p in postings)
    tail = []
    if plb:
        pairs = "*".join(f"{ref}*{amt}" for ref, amt in plb)
        tail.append(f"PLB*{npi}*{day.year}1231*{pairs}")
    count += len(tail) + 1
    tail.append(f"SE*{count}*{n:04d}")
    body = "".join(p.text for p in postings)
    return head + body + "~\n".join(tail) + "~\n", sum(p.loops for p in postings)


def render(
    payer: Payer,
    day: dt.date,
    by_payee: dict[str, list[Posting]],
    practices: dict[str, Practice],
    env: Envelope,
    seed: int,
) -> tuple[str, int]:
    """The 835 interchange of one payment run; returns the text and its CLP count."""
    parts = [open_interchange(env, "HP", VERSION, payer.payer_id, RECEIVER)]
    loops = 0
    for n, npi in enumerate(sorted(by_payee), 1):
        rng = random.Random(f"{seed}:{payer.payer_id}:{day.isoformat()}:{npi}")
        text, k = _transaction(n, payer, npi, practices[npi], by_payee[npi], day, rng)
        parts.append(text)
        loops += k
    parts.append(close(env, len(by_payee)))
    return "".join(parts), loops
