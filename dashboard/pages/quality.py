"""Data quality: expectation results of the latest check run, and the load ledger
with rejected files and their reasons."""

from __future__ import annotations

from dash import html

from dashboard.components.tables import data_table
from dashboard.data import DashboardData
from dashboard.filters import Filters

PATH = "/quality"
TITLE = "Data quality"


def render(data: DashboardData, filters: Filters, params: dict[str, str]) -> html.Div:
    result = data.quality()
    runs = result["runs"]
    expectations = result["expectations"]
    failed = [e for e in expectations if not e["success"]]
    rejected = [f for f in result["ledger"] if f["status"] != "loaded"]
    total = result["ledger"][0]["total"] if result["ledger"] else 0
    if runs:
        latest = runs[0]
        summary = (
            f"Latest check run {latest['check_run_id']} finished {latest['finished_at']}: "
            f"{latest['flags'] or 0} coding flags, {latest['expectations'] or 0} expectations, "
            f"{latest['expectations_failed'] or 0} failed."
        )
    else:
        summary = "The data-quality checks have not run on this warehouse yet (`rcm check`)."
    return html.Div(
        [
            html.P(
                [
                    summary,
                    f" {len(rejected)} rejected file(s) in the ledger. ",
                    "The global filters do not apply here: the ledger and the expectations "
                    "describe whole loads.",
                ],
                className="note",
                id="quality-summary",
            ),
            data_table(
                "expectations",
                expectations,
                title=f"Expectation results ({len(failed)} failed of {len(expectations)})",
                empty="No expectation results yet.",
                height=360,
            ),
            data_table(
                "rejected-files",
                rejected,
                columns=[
                    "file_id",
                    "file_name",
                    "kind",
                    "status",
                    "error",
                    "quarantine_path",
                    "loaded_at",
                ],
                title="Rejected files",
                empty="No file has been rejected.",
                height=260,
            ),
            data_table(
                "ledger-summary", result["ledger_summary"], title="Ledger by kind", height=220
            ),
            data_table(
                "ledger",
                result["ledger"],
                columns=[
                    "file_id",
                    "file_name",
                    "kind",
                    "status",
                    "size_bytes",
                    "error",
                    "warning",
                    "quarantine_path",
                    "loaded_at",
                    "sha256",
                ],
                title=f"Load ledger (meta.files): {total:,} files"
                + (
                    f", latest {len(result['ledger']):,} shown"
                    if total > len(result["ledger"])
                    else ""
                ),
                height=400,
            ),
            data_table(
                "check-runs", runs, title="Check runs", height=200, empty="No check run yet."
            ),
        ]
    )
