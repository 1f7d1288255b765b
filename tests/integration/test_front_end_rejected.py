"""FRONT_END_REJECTED on the hand-made scenario (scenario.py), after `rcm check`.

Rejected submissions: C01's first (a 999 rejects the set of 01-05: IK3 CLM at
position 9, IK4 CLM01 code 7 with 'C01', IK5 code 5) and C05's first (a 277CA
A7:21 of 03-03, after its 999 accepted it). Accepted ones (C02, C03, C06, C11,
C12, and C02's replacement) and never-acknowledged ones (C07-C10) are not
flagged. The clean claim rate leaves the rule out: no other rule finds an
error here, so 11 of 11 claims are clean (with the two rejections counted it
would be 9/11 = 0.8182).
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rcm.cli import app
from rcm.pipeline import load
from rcm.warehouse import Warehouse

from . import scenario

runner = CliRunner()


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    root = tmp_path_factory.mktemp("front_end")
    wh = Warehouse(root / "warehouse")
    report = load(wh, [scenario.write(root / "files")]).load
    assert not report.refused, [r.error for r in report.refused]
    result = runner.invoke(app, ["--warehouse", str(wh.root), "check"])
    assert result.exit_code == 0, result.output
    return wh


def findings(wh: Warehouse) -> dict[str, dict]:
    with wh.reader() as con:
        rows = con.execute(
            "SELECT claim_id, severity, line_number, detail, evidence FROM dq.coding_flags "
            "WHERE rule = 'FRONT_END_REJECTED' ORDER BY claim_id"
        ).fetchall()
    return {
        claim: {"severity": sev, "line": line, "detail": detail, **json.loads(evidence)}
        for claim, sev, line, detail, evidence in rows
    }


def test_only_rejected_submissions_are_flagged(checked: Warehouse) -> None:
    found = findings(checked)
    assert list(found) == ["C01", "C05"]
    assert {(f["severity"], f["line"], f["submission_seq"]) for f in found.values()} == {
        ("error", None, 1)
    }


def test_999_evidence_names_segment_element_code_and_text(checked: Warehouse) -> None:
    c01 = findings(checked)["C01"]
    assert c01["rejected_by"] == "999"
    assert c01["amount_at_risk"] == "100.00"
    assert c01["statuses_277ca"] == []
    assert [
        (e["level"], e["segment"], e["element"], e["code"], e["text"], e["bad_value"])
        for e in c01["errors_999"]
    ] == [
        ("segment", "CLM", None, "8", "Segment has data element errors", None),
        ("element", "CLM", 1, "7", "Invalid code value", "C01"),
        ("transaction_set", None, None, "5", "One or more segments in error", None),
    ]
    assert c01["detail"].startswith("submission 1 of 2026-01-05 was rejected before adjudication")


def test_277ca_evidence_names_the_rejecting_status(checked: Warehouse) -> None:
    c05 = findings(checked)["C05"]
    assert c05["rejected_by"] == "277CA"
    assert c05["amount_at_risk"] == "500.00"
    assert c05["errors_999"] == []
    assert [(s["statuses"], s["status_date"]) for s in c05["statuses_277ca"]] == [
        ("A7:21:PR", "2026-03-03")
    ]


def test_clean_claim_rate_does_not_count_the_rule(checked: Warehouse) -> None:
    result = runner.invoke(app, ["--warehouse", str(checked.root), "kpis", "--format", "json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)[0]
    assert row["clean_claim_rate"] == 1.0
    assert row["front_end_rejection_rate"] == 0.2857


def test_the_clean_claim_drill_down_leaves_the_rule_out_too(checked: Warehouse) -> None:
    """The claims behind the clean claim rate's complement are those with a pre-submission
    error: none here, though two submissions were rejected by their acknowledgements."""
    from rcm.dashboard.data import DashboardData
    from rcm.dashboard.filters import Filters

    drill = {"kpi": "clean_claim_rate"} | dict.fromkeys(
        ("bucket", "category", "carc", "procedure", "rule", "denied", "rejected")
    )
    assert DashboardData(checked).claims(Filters(), drill)["total"] == 0
