"""ISA/GS and GE/IEA envelopes with control numbers and dates taken from the data.

Control numbers come from one counter per run, so every interchange of a run
is unique; dates and times derive from the batch date, never the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Envelope:
    control: int  # ISA13 and GS06
    day: dt.date
    time: str  # HHMM


class ControlNumbers:
    """Hands out interchange control numbers and a plausible batch time."""

    def __init__(self, first: int, step: int = 1) -> None:
        self._next = first
        self._step = step

    def take(self, day: dt.date) -> Envelope:
        n = self._next
        self._next += self._step
        minute = (n * 7) % 600
        return Envelope(n, day, f"{17 + minute // 60 % 6:02d}{minute % 60:02d}")


def _pad(text: str) -> str:
    return f"{text:<15}"[:15]


def open_interchange(
    env: Envelope, functional_id: str, version: str, sender: str, receiver: str
) -> str:
    """ISA and GS, each followed by the segment terminator and a newline."""
    d = env.day
    isa = (
        f"ISA*00*          *00*          *ZZ*{_pad(sender)}*ZZ*{_pad(receiver)}*"
        f"{d.year % 100:02d}{d.month:02d}{d.day:02d}*{env.time}*^*00501*{env.control:09d}*0*P*:~\n"
    )
    gs = (
        f"GS*{functional_id}*{sender}*{receiver}*{d.year:04d}{d.month:02d}{d.day:02d}*"
        f"{env.time}*{env.control}*X*{version}~\n"
    )
    return isa + gs


def close(env: Envelope, transactions: int = 1) -> str:
    """GE and IEA."""
    return f"GE*{transactions}*{env.control}~\nIEA*1*{env.control:09d}~\n"
