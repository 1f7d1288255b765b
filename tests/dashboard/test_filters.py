"""Any address gives a page: the query string is read forgivingly, and what was set aside is said."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rcm.dashboard.data import DashboardData
from rcm.dashboard.filters import (
    LATEST_DATE,
    MAX_VALUE_LENGTH,
    Filters,
    notices,
    page_params,
    parse_query,
    unknown_values,
)

D = dt.date


@pytest.mark.parametrize(
    ("search", "start", "end", "note"),
    [
        ("?from=2026-01-01&to=2026-03-31", D(2026, 1, 1), D(2026, 3, 31), None),
        ("?to=9999-12-31", None, LATEST_DATE, "the end date 9999-12-31 was read as 2199-12-31"),
        (
            "?from=0001-01-01",
            D(1900, 1, 1),
            None,
            "the start date 0001-01-01 was read as 1900-01-01",
        ),
        ("?from=garbage", None, None, "the start date 'garbage' is not a date (YYYY-MM-DD)"),
        ("?to=2026-02-30", None, None, "the end date '2026-02-30' is not a date"),
        (
            "?from=2026-05-01&to=2026-02-01",
            D(2026, 2, 1),
            D(2026, 5, 1),
            "the start date 2026-05-01 is after the end date 2026-02-01; they were swapped",
        ),
        ("?from=2026-01-01T00:00:00", D(2026, 1, 1), None, None),
        ("?from=2026-01-01&from=2026-02-01", D(2026, 2, 1), None, None),
        ("?from=%zz&&&=&to=", None, None, "the start date '%zz' is not a date"),
        ("?from=" + "1" * 100_000, None, None, "the address is 100,005 characters long"),
    ],
)
def test_dates(search: str, start: D | None, end: D | None, note: str | None) -> None:
    filters = Filters.from_search(search)
    assert (filters.start, filters.end) == (start, end)
    if note is None:
        assert filters.notes == ()
    else:
        assert any(n.startswith(note) for n in filters.notes), filters.notes
    # the period a page computes, one day past the end, always exists
    if filters.end:
        assert filters.end + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("search", "expected", "noted"),
    [
        ("?payer=MCRB1", {"payer": "MCRB1"}, False),
        ("?payer=A&payer=B", {"payer": "B"}, False),
        ("?payer=%20%20", {}, False),
        ("?payer=" + "x" * (MAX_VALUE_LENGTH + 1), {}, True),
        ("?payer=A%00B", {}, True),
        ("?payer=A%0AB", {}, True),
        ("?payer=%FF%FE", {"payer": "\ufffd\ufffd"}, False),
        ("?q=" + "y" * 300, {}, False),
        ("?=x&&payer", {}, False),
        ("payer=MCRB1&kpi=days_in_ar", {"payer": "MCRB1", "kpi": "days_in_ar"}, False),
    ],
)
def test_values(search: str, expected: dict[str, str], noted: bool) -> None:
    assert parse_query(search) == expected
    filters = Filters.from_search(search)
    assert filters.payer == expected.get("payer")
    assert bool(filters.notes) == noted


def test_a_long_value_that_is_not_a_filter_is_dropped_quietly() -> None:
    filters = Filters.from_search("?kpi=" + "z" * 500 + "&payer=P1")
    assert filters.payer == "P1" and filters.notes == ()
    assert page_params("?kpi=" + "z" * 500) == {}


def test_notes_do_not_change_equality() -> None:
    assert Filters.from_search("?to=9999-12-31") == Filters(end=LATEST_DATE)
    assert hash(Filters.from_search("?from=garbage")) == hash(Filters())


OPTIONS: dict[str, list[dict[str, Any]]] = {
    "payer": [{"value": "MCRB1", "label": "Medicare"}],
    "provider": [{"value": "1234567893", "label": "Dr A"}],
    "location": [{"value": "L1", "label": "Main"}],
}


def test_unknown_names_are_said_and_kept() -> None:
    filters = Filters.from_search("?payer=NOBODY&provider=1234567893&location=NOWHERE")
    assert filters.payer == "NOBODY" and filters.location == "NOWHERE"
    assert unknown_values(filters, OPTIONS) == [
        "no payer 'NOBODY' in the warehouse: no claims match this filter",
        "no location 'NOWHERE' in the warehouse: no claims match this filter",
    ]
    assert unknown_values(Filters(payer="MCRB1"), OPTIONS) == []
    both = notices(Filters.from_search("?from=garbage&payer=NOBODY"), OPTIONS)
    assert len(both) == 2 and both[0].startswith("the start date")


HOSTILE = [
    "?to=9999-12-31",
    "?from=0001-01-01",
    "?from=0001-01-01&to=0001-01-02",
    "?from=9999-12-31",
    "?from=garbage&to=rubbish",
    "?from=2026-05-01&to=2026-02-01",
    "?payer=NOBODY&provider=NOBODY&location=NOWHERE",
    "?payer=" + "p" * 100_000,
    "?x=" + "a" * 100_000,
    "?from=%zz&&&=&payer=%00",
    "?payer=A&payer=B&to=2026-01-01&to=9999-12-31",
    "?kpi=nonsense&bucket=nope&category=%ff&rule=%27;DROP&month=2026-99",
    "?npi=" + "9" * 300 + "&billing_npi=x&claim_id=%27",
    "?q=" + "SELECT+1%3B+COPY+x+TO+%27y%27",
]


@pytest.mark.parametrize("search", HOSTILE)
def test_every_page_renders_for_any_address(data: DashboardData, search: str) -> None:
    """What the router does for an address, without the sign-in in front of it."""
    from rcm.dashboard.app import PAGES

    filters = Filters.from_search(search)
    params = page_params(search)
    for path, page in sorted(PAGES.items()):
        if path == "/admin":
            continue  # needs a signed-in administrator; it reads no filters
        page_text = str(page.render(data, filters, params))
        assert "Traceback" not in page_text, path


def test_workbench_grid_shows_any_column_name_as_text() -> None:
    """A link `/sql?q=SELECT 1 AS "[link](x)", ...` shows and exports the names as given."""
    from decimal import Decimal

    from rcm.dashboard.pages.workbench import results_grid
    from rcm.query import INFINITY, QueryResult

    names = ["**bold**", "#", "[link](x)", "open", "a.b", "a", "a"]
    types = ["INTEGER", "VARCHAR", "DECIMAL(18,2)", "VARCHAR", "DATE", "DOUBLE", "BLOB"]
    row = (1, "# not a heading", Decimal("10.10"), "[x](/y)", INFINITY, float("nan"), b"\x01")
    grid = results_grid(QueryResult(names, types, [row], False, 10)).children[1]
    defs = grid.columnDefs
    assert [d["headerName"] for d in defs] == names
    assert [d["field"] for d in defs] == [f"c{i}" for i in range(7)]
    assert not any("cellRenderer" in d for d in defs)
    assert "columnKeys" not in grid.csvExportParams  # every column is exported
    assert grid.rowData == [
        {
            "c0": 1,
            "c1": "# not a heading",
            "c2": "10.10",
            "c3": "[x](/y)",
            "c4": "infinity",
            "c5": None,
            "c6": "01",
        }
    ]
    assert "comparator" in defs[2] and "comparator" not in defs[1]


def test_the_router_says_what_it_set_aside_and_what_it_does_not_know(data: DashboardData) -> None:
    from rcm.dashboard.app import render_page

    page = str(render_page(data, "/", "?to=9999-12-31&payer=NOBODY", "admin"))
    assert "no payer 'NOBODY' in the warehouse" in page
    assert "the end date" in page
    assert "message warning" in page
    assert "message warning" not in str(render_page(data, "/", "", "admin"))
