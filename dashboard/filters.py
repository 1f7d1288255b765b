"""The global filters and drill-down choices as they live in the URL query string.

A view is shareable because everything that shapes it is in the address:
`?from=2026-01-01&to=2026-03-31&payer=MCRB1&provider=...&location=...` for the
global filters, plus page parameters such as `kpi=initial_denial_rate` or
`bucket=91-120` for a drill-down. Any address must give a page, never an
error: a value that cannot be used is set aside, and what was set aside or
changed is kept in `Filters.notes` for the page to say so (a date that is not
a date, a date outside what the warehouse can hold, a range given backwards,
a value far too long). A payer, provider or location the warehouse does not
know stays applied (nothing matches it) and `unknown_values` names it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

FILTER_KEYS: tuple[str, ...] = ("from", "to", "payer", "provider", "location")
AGING_BUCKETS: tuple[str, ...] = ("0-30", "31-60", "61-90", "91-120", "121+")
# Dates beyond these are clamped to them: a period end of 9999-12-31 means "no
# end", and one day after it does not exist.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)
# Longer than any id, date or drill-down value; a longer one is set aside.
MAX_VALUE_LENGTH = 200
MAX_QUERY_LENGTH = 20_000
_SHOWN = 40


def parse_query(search: str | None) -> dict[str, str]:
    """`?a=1&b=2` -> {"a": "1", "b": "2"}; empty values dropped, last one wins.

    A value longer than `MAX_VALUE_LENGTH` or holding control characters is
    dropped; so is everything past `MAX_QUERY_LENGTH` characters.
    """
    return _parse(search)[0]


def _parse(search: str | None) -> tuple[dict[str, str], list[str]]:
    text = (search or "").lstrip("?")
    notes: list[str] = []
    if len(text) > MAX_QUERY_LENGTH:
        notes.append(
            f"the address is {len(text):,} characters long; only its first "
            f"{MAX_QUERY_LENGTH:,} were read"
        )
        text = text[:MAX_QUERY_LENGTH]
    params: dict[str, str] = {}
    for key, value in parse_qsl(text, errors="replace"):
        key, value = key.strip(), value.strip()
        if not key or not value:
            continue
        if len(key) > MAX_VALUE_LENGTH:
            continue
        if len(value) > MAX_VALUE_LENGTH or not value.isprintable():
            if key in FILTER_KEYS:
                notes.append(f"the {_label(key)} filter was ignored: {_shown(value)} is not valid")
            params.pop(key, None)
            continue
        params[key] = value
    return params, notes


def to_query(params: Mapping[str, str | None]) -> str:
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


def _label(key: str) -> str:
    return {"from": "start date", "to": "end date"}.get(key, key)


def _shown(value: str) -> str:
    return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "…")


def _dates(params: dict[str, str], notes: list[str]) -> tuple[dt.date | None, dt.date | None]:
    found: dict[str, dt.date | None] = {}
    for key in ("from", "to"):
        text = params.get(key)
        value = _date(text)
        if text and value is None:
            notes.append(
                f"the {_label(key)} {_shown(text)} is not a date (YYYY-MM-DD); it was ignored"
            )
        elif value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
            bound = EARLIEST_DATE if value < EARLIEST_DATE else LATEST_DATE
            notes.append(f"the {_label(key)} {value} was read as {bound}")
            value = bound
        found[key] = value
    start, end = found["from"], found["to"]
    if start and end and end < start:
        notes.append(f"the start date {start} is after the end date {end}; they were swapped")
        start, end = end, start
    return start, end


@dataclass(frozen=True)
class Filters:
    """Date range (inclusive of both ends, as people pick it), payer, provider, location.

    `notes` says what was set aside or changed while reading the address; it
    does not take part in equality, so two addresses that give the same view
    give equal filters.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    payer: str | None = None
    provider: str | None = None
    location: str | None = None
    notes: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_params(cls, params: dict[str, str]) -> Filters:
        notes: list[str] = []
        start, end = _dates(params, notes)
        return cls(
            start=start,
            end=end,
            payer=params.get("payer") or None,
            provider=params.get("provider") or None,
            location=params.get("location") or None,
            notes=tuple(notes),
        )

    @classmethod
    def from_search(cls, search: str | None) -> Filters:
        params, notes = _parse(search)
        filters = cls.from_params(params)
        return replace(filters, notes=(*notes, *filters.notes))

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


def unknown_values(filters: Filters, options: dict[str, list[dict[str, Any]]]) -> list[str]:
    """A line for each payer, provider or location filter that names nothing in the warehouse.

    `options` is what `DashboardData.filter_options()` returns. The filter
    stays applied, so the page shows no claims rather than everyone's.
    """
    lines = []
    for key in ("payer", "provider", "location"):
        value = getattr(filters, key)
        known = {str(option.get("value")) for option in options.get(key, [])}
        if value is not None and value not in known:
            lines.append(f"no {key} {_shown(value)} in the warehouse: no claims match this filter")
    return lines


def notices(filters: Filters, options: dict[str, list[dict[str, Any]]] | None) -> list[str]:
    """Everything a page should say about its address: set-aside values and unknown names."""
    return [*filters.notes, *(unknown_values(filters, options) if options else [])]


def merge_filters(search: str | None, filters: Filters) -> str:
    """The current query string with its filter keys replaced by `filters`."""
    params = {k: v for k, v in parse_query(search).items() if k not in FILTER_KEYS}
    return to_query({**filters.params(), **params})


def page_params(search: str | None) -> dict[str, str]:
    """The non-filter parameters of a query string (drill-down and page state)."""
    return {k: v for k, v in parse_query(search).items() if k not in FILTER_KEYS}
