"""The data-access module and page callbacks against a real sample warehouse."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rcm import kpis as kpi_values
from rcm.dashboard.app import PAGES, render_page
from rcm.dashboard.data import DashboardData
from rcm.dashboard.filters import Filters, merge_filters, parse_query
from rcm.dashboard.pages.claims import drill
from rcm.query import QueryRefused
from tests.dashboard.conftest import ORIGIN


def _json(values: dict) -> dict:
    return kpi_values.as_json_values(values)


def test_unfiltered_kpis_equal_rcm_kpis(data: DashboardData, rcm_json) -> None:
    expected = rcm_json("kpis")
    assert len(expected) == 1
    got = {"payer": "ALL", **_json(data.kpis(Filters()).all_payers)}
    assert got == expected[0]


def test_payer_filter_equals_rcm_kpis_by_payer(data: DashboardData, rcm_json) -> None:
    expected = {row["payer"]: row for row in rcm_json("kpis", "--by", "payer")}
    payers = [p for p in expected if p != "ALL"]
    assert payers
    for payer in payers:
        got = _json(data.kpis(Filters(payer=payer)).all_payers)
        assert {"payer": payer, **got} == expected[payer], payer


def test_period_filter_equals_rcm_kpis_from_to(data: DashboardData, rcm_json) -> None:
    start, last = dt.date(2026, 3, 1), dt.date(2026, 5, 31)
    expected = rcm_json("kpis", "--from", "2026-03-01", "--to", "2026-06-01")[0]
    got = _json(data.kpis(Filters(start=start, end=last)).all_payers)
    assert {"payer": "ALL", **got} == expected


def test_filters_partition_the_money(data: DashboardData) -> None:
    """Every claim has one location: the locations' charges add up to the total."""
    total = data.kpis(Filters()).all_payers["gross_charges"]
    options = data.filter_options()
    by_location = sum(
        (data.kpis(Filters(location=o["value"])).all_payers["gross_charges"] or Decimal(0))
        for o in options["location"]
    )
    with data.request() as s:
        unplaced = s.con.execute(
            "SELECT coalesce(sum(billed_amount), 0) FROM mart.claim_summary "
            "WHERE location_id IS NULL AND NOT is_voided"
        ).fetchone()[0]
    assert by_location + unplaced == total
    provider = options["provider"][0]["value"]
    narrowed = data.kpis(Filters(provider=provider)).all_payers
    assert narrowed["gross_charges"] < total
    assert narrowed["remitted_claims"] <= data.kpis(Filters()).all_payers["remitted_claims"]


def test_aging_equals_the_mart_at_the_as_of_date(data: DashboardData) -> None:
    result = data.ar(Filters())
    with data.request() as s:
        mart = s.con.execute(
            "SELECT payer_id, bucket_order, claims, balance FROM mart.ar_aging "
            "WHERE as_of_date = (SELECT as_of_date FROM mart.as_of) ORDER BY 1, 2"
        ).fetchall()
    mine = [(r["payer_id"], r["bucket_order"], r["claims"], r["balance"]) for r in result["aging"]]
    assert mine == mart


@pytest.mark.parametrize(
    ("kpi", "numerator"),
    [
        ("remitted_claims", "remitted_claims"),
        ("initial_denial_rate", "denied_claims"),
        ("denial_recovery_rate", "recovered_claims"),
        ("avg_days_to_pay", "paid_claims"),
        ("gross_charges", "submitted_claims"),
    ],
)
def test_drill_down_lists_the_claims_behind_a_kpi(
    data: DashboardData, kpi: str, numerator: str
) -> None:
    filters = Filters(payer=data.filter_options()["payer"][0]["value"])
    raw = data.kpis(filters).raw_all
    listed = data.claims(filters, drill({"kpi": kpi}))
    assert listed["total"] == raw[numerator]
    assert all(row["payer_id"] == filters.payer for row in listed["rows"])


def test_drill_down_by_bucket_sums_to_the_bucket(data: DashboardData) -> None:
    aging = data.ar(Filters())["aging"]
    bucket = max(aging, key=lambda r: r["claims"])
    listed = data.claims(Filters(payer=bucket["payer_id"]), drill({"bucket": bucket["bucket"]}))
    assert listed["total"] == bucket["claims"]
    assert sum(r["insurance_balance"] for r in listed["rows"]) == bucket["balance"]


def test_claim_timeline_has_every_part(data: DashboardData) -> None:
    listed = data.claims(Filters(), drill({"kpi": "initial_denial_rate"}))
    row = listed["rows"][0]
    claim = data.claim(row["billing_npi"], row["claim_id"])
    assert claim is not None
    assert claim["submissions"] and claim["remittances"] and claim["lines"]
    assert any(a["carc_description"] for a in claim["adjustments"])
    assert data.claim("0000000000", "nope") is None


def test_denials_by_category_sum_to_the_trend(data: DashboardData) -> None:
    by = data.denials(Filters())["by"]
    assert sum(r["amount"] for r in by["category"]) == sum(r["amount"] for r in by["month"])
    assert all(r["description"] for r in by["carc"] if r["key"])


def test_url_round_trip() -> None:
    f = Filters(dt.date(2026, 2, 1), dt.date(2026, 2, 28), "MCRB1", "1234567893", "L1")
    search = merge_filters("?kpi=days_in_ar&payer=OLD", f)
    assert Filters.from_search(search) == f
    assert parse_query(search)["kpi"] == "days_in_ar"
    assert Filters.from_search("?from=garbage&to=2026-01-31").start is None
    assert f.with_month("2026-02") == f


@pytest.mark.parametrize(
    "sql",
    [
        "COPY (SELECT 1) TO 'out.csv'",
        "SELECT * FROM read_csv('/etc/passwd')",
        "CREATE TABLE x AS SELECT 1",
        "ATTACH 'other.duckdb'",
        "SET enable_external_access = true",
        "SELEC nonsense",
    ],
)
def test_workbench_refuses_with_a_message(data: DashboardData, sql: str) -> None:
    with pytest.raises(QueryRefused):
        data.run_sql(sql)
    page = render_page(
        data, "/sql", "?" + __import__("urllib.parse").parse.urlencode({"q": sql}), role="admin"
    )
    text = str(page)
    assert "wb-message" in text and "message error" in text
    assert "Traceback" not in text


def test_workbench_runs_a_query_with_a_row_limit(data: DashboardData) -> None:
    result = data.run_sql("SELECT claim_id, billed_amount FROM mart.claim_summary")
    assert result.columns == ["claim_id", "billed_amount"]
    assert 0 < len(result.rows) <= 5000
    assert isinstance(result.rows[0][1], Decimal)


@pytest.mark.parametrize(
    "path",
    [
        *sorted(PAGES),
        "/claims?kpi=initial_denial_rate",
        "/claims?bucket=121%2B",
        "/claims?category=authorization",
        "/claims?rule=NCCI_PTP",
        "/sql?q=SELECT+1",
        "/nowhere",
        "/?payer=NOBODY",
        "/denials?provider=NOBODY",
        "/ar?location=NOBODY",
        "/payers?from=2030-01-01",
        "/compliance?payer=NOBODY",
    ],
)
def test_every_page_renders(data: DashboardData, path: str) -> None:
    pathname, _, query = path.partition("?")
    page = render_page(data, pathname, "?" + query if query else "", role="admin")
    assert "Traceback" not in str(page)


def test_callbacks_through_the_flask_client(sign_in) -> None:
    client = sign_in("admin")
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    body = {
        "output": "page-content.children",
        "outputs": {"id": "page-content", "property": "children"},
        "inputs": [
            {"id": "url", "property": "pathname", "value": "/"},
            {"id": "url", "property": "search", "value": "?payer=MCRB1"},
        ],
        "changedPropIds": ["url.search"],
        "state": [],
    }
    response = client.post("/_dash-update-component", json=body, headers=ORIGIN)
    assert response.status_code == 200
    assert b"kpi-initial_denial_rate" in response.data
