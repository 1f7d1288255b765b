"""Acknowledgements on the dashboard and in `rcm status`, on a small hand-made warehouse.

The files (tests/fixtures/x12) and what they give, worked out by hand:
- ack_claims.837.x12 (2024-01-05): set 0001 holds PCN-A1 ($150) and PCN-A2 ($80), set
  0002 PCN-B1 ($200) and PCN-B2 ($95), billing NPI 1234567893.
- ack_999_rejects.x12 (2024-01-06): set 0001 rejected (IK5 R) with IK3 8 (CLM), IK4 6
  (CLM02 '15O') and IK3 1 (ZZZ); set 0002 accepted with errors (IK5 E).
- ack_999_never_loaded.x12: answers group 555, never loaded: unmatched.
- ack_277ca.x12 (2024-01-07): PCN-B1 accepted (A2), PCN-B2 rejected (A3:21:77 and
  A7:562:85), PCN-Z9 unknown: unmatched.
- remit.835: CLPs PCN001 (twice) and PCN002 at billing NPI 1234567893, which has no
  such claims: three unmatched remittances.
So PCN-A1 and PCN-A2 are rejected for each of the three 999 errors ($230), PCN-B2 for
A3 and for A7 ($95); three claims, $325 in all.
"""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import duckdb
import pytest
from typer.testing import CliRunner

from rcm import reports
from rcm.cli import app
from rcm.dashboard.data import DashboardData, Request
from rcm.dashboard.filters import Filters
from rcm.dashboard.pages import claim, quality
from rcm.dashboard.pages.claims import describe, drill
from rcm.pipeline import load
from rcm.warehouse import Warehouse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "x12"
FILES = (
    "ack_claims.837.x12",
    "ack_999_rejects.x12",
    "ack_999_never_loaded.x12",
    "ack_277ca.x12",
    "remit.835",
)
NPI = "1234567893"
A7 = "277CA A7 Acknowledgement/Rejected for Invalid Information"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    root = tmp_path_factory.mktemp("dash_acks")
    files = root / "files"
    files.mkdir()
    for name in FILES:
        shutil.copy(FIXTURES / name, files / name)
    wh = Warehouse(root / "wh")
    report = load(wh, [files]).load
    assert [r.error for r in report.results if r.error] == []
    return wh


@pytest.fixture(scope="module")
def data(warehouse: Warehouse) -> DashboardData:
    return DashboardData(warehouse)


def _text(component) -> str:
    return str(component.to_plotly_json())


def _grid_rows(component, table_id: str) -> list[dict]:
    """The rows of the grid `table_id` anywhere under a rendered page."""
    found: list[dict] = []

    def walk(node) -> None:
        if isinstance(node, list | tuple):
            for item in node:
                walk(item)
            return
        if getattr(node, "id", None) == {"type": "grid", "index": table_id}:
            found.extend(node.rowData)
        children = getattr(node, "children", None)
        if children is not None and not isinstance(children, str):
            walk(children)

    walk(component)
    return found


def test_claim_timeline_lists_each_acknowledgement(data: DashboardData) -> None:
    result = data.claim(NPI, "PCN-B2")
    assert [
        (
            a["submission_seq"],
            a["ack_kind"],
            a["acknowledged_date"],
            a["result"],
            a["status"],
            a["status_code"],
            a["entity_code"],
        )
        for a in result["acknowledgements"]
    ] == [
        (
            1,
            "999",
            date(2024, 1, 6),
            "accepted with errors",
            "IK5 E Accepted, but errors were noted",
            None,
            None,
        ),
        (
            1,
            "277CA",
            date(2024, 1, 7),
            "rejected",
            "A3 Acknowledgement/Returned as unprocessable claim; " + A7.removeprefix("277CA "),
            "21 562",
            "77 85",
        ),
    ]
    rejected = data.claim(NPI, "PCN-A1")["acknowledgements"]
    assert [(a["ack_kind"], a["result"], a["status"]) for a in rejected] == [
        ("999", "rejected", "IK5 R Rejected")
    ]
    assert rejected[0]["errors"].startswith(
        "segment CLM at position 16 (loop 2300): 8 Segment has data element errors"
    )
    assert "6 Invalid character in data element (sent '15O')" in rejected[0]["errors"]


def test_claim_page_shows_acknowledgements_table_and_timeline_points(
    data: DashboardData,
) -> None:
    page = claim.render(data, Filters(), {"billing_npi": NPI, "claim_id": "PCN-B2"})
    rows = _grid_rows(page, "claim-acknowledgements")
    assert [(r["ack_kind"], r["result"]) for r in rows] == [
        ("999", "accepted with errors"),
        ("277CA", "rejected"),
    ]
    figure = _timeline_figure(page)
    points = list(zip(figure["data"][0]["y"], figure["data"][0]["x"], strict=True))
    assert ("999 acknowledgement", date(2024, 1, 6)) in points
    assert ("277CA acknowledgement", date(2024, 1, 7)) in points
    assert ("submission", date(2024, 1, 5)) in points


def _timeline_figure(page) -> dict:
    def walk(node):
        if getattr(node, "id", None) == {"type": "drill-graph", "index": "claim-timeline"}:
            return node.figure
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children]:
            if child is not None and not isinstance(child, str):
                got = walk(child)
                if got is not None:
                    return got
        return None

    figure = walk(page)
    assert figure is not None
    return figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else figure


def test_front_end_rejections_by_reason(data: DashboardData) -> None:
    rows = data.quality()["rejections"]
    assert [(r["reason"], r["claims"], r["submissions"], r["charges"]) for r in rows] == [
        ("all front-end rejections", 3, 3, Decimal("325.00")),
        ("999 IK3 1 Unrecognized segment ID", 2, 2, Decimal("230.00")),
        ("999 IK3 8 Segment has data element errors", 2, 2, Decimal("230.00")),
        ("999 IK4 6 Invalid character in data element", 2, 2, Decimal("230.00")),
        ("277CA A3 Acknowledgement/Returned as unprocessable claim", 1, 1, Decimal("95.00")),
        (A7, 1, 1, Decimal("95.00")),
    ]


@pytest.mark.parametrize(
    ("reason", "claims"),
    [
        (A7, ["PCN-B2"]),
        ("999 IK4 6 Invalid character in data element", ["PCN-A1", "PCN-A2"]),
        ("all front-end rejections", ["PCN-A1", "PCN-A2", "PCN-B2"]),
        ("999 IK3 99 no such reason", []),
    ],
)
def test_each_reason_drills_down_to_its_claims(
    data: DashboardData, reason: str, claims: list[str]
) -> None:
    values = drill({"rejected": reason})
    result = data.claims(Filters(), values)
    assert sorted(r["claim_id"] for r in result["rows"]) == claims
    assert result["total"] == len(claims)
    assert describe(values) == f"front-end rejected: {reason}"


def test_front_end_rejection_rate_drills_down_to_the_rejected_first_submissions(
    data: DashboardData,
) -> None:
    values = drill({"kpi": "front_end_rejection_rate"})
    result = data.claims(Filters(), values)
    assert sorted(r["claim_id"] for r in result["rows"]) == ["PCN-A1", "PCN-A2", "PCN-B2"]
    assert describe(values) == (
        "Front-end rejection rate: claims first submitted in the period whose first "
        "submission a 999 or 277CA rejected"
    )


def test_quality_page_links_each_reason_to_its_claim_list(data: DashboardData) -> None:
    page = quality.render(data, Filters(), {})
    rows = _grid_rows(page, "front-end-rejections")
    links = {r["reason"]: r["open"] for r in rows}
    assert set(links) == {r["reason"] for r in data.quality()["rejections"]}
    href = links[A7].split("](", 1)[1].rstrip(")")
    assert urlsplit(href).path == "/claims"
    assert dict(parse_qsl(urlsplit(href).query)) == {"rejected": A7}


def test_quality_page_lists_unmatched_acknowledgements_and_remittances(
    data: DashboardData,
) -> None:
    page = quality.render(data, Filters(), {})
    acks = _grid_rows(page, "unmatched-acknowledgements")
    assert sorted((r["ack_kind"], r["file_name"], r["segment"]) for r in acks) == [
        ("277CA", "ack_277ca.x12", 45),
        ("999", "ack_999_never_loaded.x12", 4),
    ]
    assert {r["unmatched_reason"] for r in acks} == {
        "no loaded 837 submission of claim PCN-Z9 at billing provider 1234567893",
        "no loaded 837 group 555 (HC) sent by SUBMITTER01 on or before 2024-01-06",
    }
    remits = _grid_rows(page, "unmatched-remittances")
    assert sorted((r["file_name"], r["claim_id"]) for r in remits) == [
        ("remit.835", "PCN001"),
        ("remit.835", "PCN001"),
        ("remit.835", "PCN002"),
    ]
    assert all(r["unmatched_reason"] and r["segment"] for r in remits)
    assert "Unmatched acknowledgements: 2" in _text(page)
    assert "Unmatched remittances: 3" in _text(page)


def test_rcm_status_lists_unmatched_acknowledgements_and_remittances(
    warehouse: Warehouse,
) -> None:
    result = CliRunner().invoke(app, ["--warehouse", str(warehouse.root), "status"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Unmatched acknowledgements (999, 277CA): 2" in out
    assert (
        "277CA ack_277ca.x12 segment 45 (PCN-Z9): no loaded 837 submission of claim PCN-Z9" in out
    )
    assert "999 ack_999_never_loaded.x12 segment 4 (group 555): no loaded 837 group 555" in out
    assert "Unmatched remittances (835): 3" in out
    assert "835 remit.835 segment" in out and "(PCN001)" in out and "(PCN002)" in out
    assert "(PCN002): no claim PCN002 was submitted by billing provider 1234567893" in out


def test_rcm_status_without_the_unmatched_views_lists_nothing() -> None:
    """A warehouse made before these views existed: status shows the rest, not an error."""
    con = duckdb.connect()
    con.execute("CREATE SCHEMA core")
    assert reports._unmatched(con) == {}


def test_a_warehouse_without_acknowledgements_still_opens(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    """Made before 999 and 277CA were loaded: no rejections, a note, and the claim list works."""
    old = tmp_path / "old.duckdb"
    shutil.copy(warehouse.current().path, old)
    con = duckdb.connect(str(old))
    con.execute("DROP VIEW core.unmatched_acknowledgements")
    con.execute("DROP VIEW core.unmatched_remittances")
    for table in ("submission_acknowledgements", "acknowledgement_errors", "acknowledgements"):
        con.execute(f"DROP TABLE core.{table}")
    request = Request(con)
    assert (request.has_acknowledgements, request.has_unmatched_remittances) == (False, False)
    assert request.rows("front_end_rejections") == []
    values = request.values(Filters(), **drill({"rejected": A7}))
    assert request.rows("claims", **values) == []
    con.close()
