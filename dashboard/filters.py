"""The global filters and drill-down choices as they live in the URL query string.

A view is shareable because everything that shapes it is in the address:
`?from=2026-01-01&to=2026-03-31&payer=MCRB1&provider=...&location=...` for the
global filters, plus page parameters such as `kpi=initial_denial_rate` or
`bucket=91-120` for a drill-down. Parsing is forgiving: a value that does not
parse is dropped, never an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlencode

FILTER_KEYS: tuple[str, ...] = ("from", "to", "payer", "provider", "location")
AGING_BUCKETS: tuple[str, ...] = ("0-30", "31-60", "61-90", "91-120", "121+")


def parse_query(search: str | None) -> dict[str, str]:
    """`?a=1&b=2` -> {"a": "1", "b": "2"}; empty values dropped, last one wins."""
    text = (search or "").lstrip("?")
    return {key: value for key, value in parse_qsl(text) if value.strip()}


def to_query(params: dict[str, str | None]) -> str:
    """The inverse of `parse_query`: '' when nothing is set, else `?...`."""
    kept = {key: value for key, value in params.items() if value not in (None, "")}
    return "?" + urlencode(kept) if kept else ""


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class Filters:
    """Date range (inclusive of both ends, as people pick it), payer, provider, location."""

    start: dt.date | None = None
    end: dt.date | None = None
    payer: str | None = None
    provider: str | None = None
    location: str | None = None

    @classmethod
    def from_params(cls, params: dict[str, str]) -> Filters:
        start, end = _date(params.get("from")), _date(params.get("to"))
        if start and end and end < start:
            start, end = end, start
        return cls(
            start=start,
            end=end,
            payer=params.get("payer") or None,
            provider=params.get("provider") or None,
            location=params.get("location") or None,
        )

    @classmethod
    def from_search(cls, search: str | None) -> Filters:
        return cls.from_params(parse_query(search))

    def params(self) -> dict[str, str]:
        values = {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "payer": self.payer,
            "provider": self.provider,
            "location": self.location,
        }
        return {key: value for key, value in values.items() if value}

    def query(self, **extra: str | None) -> str:
        """The query string of these filters plus page parameters."""
        return to_query({**self.params(), **extra})

    def with_month(self, month: str) -> Filters:
        """Narrowed to one calendar month `YYYY-MM` (for a click on a monthly point)."""
        first = dt.date.fromisoformat(month + "-01")
        following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return replace(self, start=first, end=following - dt.timedelta(days=1))


def merge_filters(search: str | None, filters: Filters) -> str:
    """The current query string with its filter keys replaced by `filters`."""
    params = {k: v for k, v in parse_query(search).items() if k not in FILTER_KEYS}
    return to_query({**filters.params(), **params})


def page_params(search: str | None) -> dict[str, str]:
    """The non-filter parameters of a query string (drill-down and page state)."""
    return {k: v for k, v in parse_query(search).items() if k not in FILTER_KEYS}
