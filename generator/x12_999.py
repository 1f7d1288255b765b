"""999 implementation acknowledgements (005010X231A1) from the clearinghouse for each 837.

Every 837 interchange the billing office sends is answered the next day by
the clearinghouse (its ISA/GS sender and receiver are the 837's, swapped):
AK1 names the 837's GS06, one AK2/IK5 answers its transaction set, AK9 closes
the group. About one set in 200 is rejected for a front-end defect the file
really carries (a bad service-facility NPI or a missing submitter contact);
the office corrects its claims and sends them again in a later 837.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from .envelope import Envelope, close, open_interchange
from .npi import check_digit

VERSION = "005010X231A1"
REJECT_RATE = 1 / 200
ACK_DELAY = dt.timedelta(days=1)
RESUBMIT_DELAY = dt.timedelta(days=2)  # before any void (3+ days) or remittance (14+)
CONTROL_OFFSET = 500_000_000  # 999 ISA13 = 837 ISA13 + this: unique in the run
CONTACT = "PER*IC*BILLING OFFICE*TE*6145550100~\n"


@dataclass(frozen=True, slots=True)
class Rejection:
    """What the 999 reports about a defective transaction set: IK3 and IK4 segments."""

    errors: tuple[str, ...]


def _set_lines(text: str) -> list[str]:
    return text.split("~\n")


def spoil(text: str, kind: str, rng: random.Random) -> tuple[str, Rejection]:
    """The 837 as sent with one front-end defect, and the 999 errors it earns."""
    lines = _set_lines(text)
    st = next(i for i, s in enumerate(lines) if s.startswith("ST*"))
    facility = next((i for i, s in enumerate(lines) if s.startswith("NM1*77*")), None)
    if kind == "P" and facility is not None and rng.random() < 0.6:
        parts = lines[facility].split("*")
        body = parts[9][:9]
        parts[9] = body + str((check_digit(body) + 1 + rng.randrange(9)) % 10)
        lines[facility] = "*".join(parts)
        position = facility - st + 1
        errors = (f"IK3*NM1*{position}*2310*8", f"IK4*9*67*7*{parts[9]}")
        return "~\n".join(lines), Rejection(errors)
    contact = text.index(CONTACT)
    spoilt = text[:contact] + text[contact + len(CONTACT) :]
    lines = _set_lines(spoilt)
    se = next(i for i, s in enumerate(lines) if s.startswith("SE*"))
    count, control = lines[se].split("*")[1:3]
    lines[se] = f"SE*{int(count) - 1}*{control}"
    position = next(i for i, s in enumerate(lines) if s.startswith("NM1*41*")) - st + 2
    return "~\n".join(lines), Rejection((f"IK3*PER*{position}*1000*3",))


def render(
    claim_env: Envelope,
    ack_env: Envelope,
    version_837: str,
    sender: str,
    receiver: str,
    rejection: Rejection | None,
) -> str:
    """The 999 answering the one transaction set (ST02 0001) of an 837 interchange.

    `sender` and `receiver` are the 837's; the 999 goes the other way.
    """
    seg = [f"ST*999*0001*{VERSION}", f"AK1*HC*{claim_env.control}*{version_837}"]
    seg.append(f"AK2*837*0001*{version_837}")
    if rejection is None:
        seg += ["IK5*A", "AK9*A*1*1*1"]
    else:
        seg += [*rejection.errors, "IK5*R*5", "AK9*R*1*1*0"]
    seg.append(f"SE*{len(seg) + 1}*0001")
    head = open_interchange(ack_env, "FA", VERSION, receiver, sender)
    return head + "~\n".join(seg) + "~\n" + close(ack_env)
