"""X12 date text, cached: a run formats the same few hundred dates millions of times."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache


@lru_cache(maxsize=4096)
def d8(day: dt.date) -> str:
    """CCYYMMDD."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"
