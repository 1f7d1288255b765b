"""Data quality: expectation results of the latest check run, front-end rejections by
reason, unmatched acknowledgements and remittances, and the load ledger with rejected
files and their reasons."""

from __future__ import annotations

from typing import Any

from dash import html

from rcm.dashboard.components.tables import data_table
from rcm.dashboard.data import DashboardData
from rcm.dashboard.filters import Filters

PATH = "/quality"
TITLE = "Data quality"


def rejection_href(reason: str) -> str:
    """The claim list of one rejection reason, over all loads like this page."""
    return "/claims" + Filters().query(rejected=reason)


def _with_rejection_links(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        label = row["reason"].replace("[", "(").replace("]", ")")
        out.append({"open": f"[{label}]({rejection_href(row['reason'])})", **row})
    return out


def _rejections_section(result: dict[str, Any]) -> list[Any]:
    if not result["has_acknowledgements"]:
        return [
            html.P(
                "This warehouse was made before 999 and 277CA acknowledgements were loaded: "
                "reload it to see front-end rejections.",
                className="empty",
                id="front-end-rejections-missing",
            )
        ]
    unmatched_acks = result["unmatched_acknowledgements"]
    unmatched_remits = result["unmatched_remittances"]
    return [
        data_table(
            "front-end-rejections",
            _with_rejection_links(result["rejections"]),
            columns=[
                "open",
                "ack_kind",
                "claims",
                "submissions",
                "charges",
                "first_rejected",
                "last_rejected",
                "reason",
            ],
            title="Front-end rejections by reason (999 error code, 277CA status category)",
            note="A claim rejected for two reasons counts under both; the first row counts "
            "each claim once. Charges are those of each claim's latest rejected submission. "
            "Each reason opens its claims.",
            empty="No submission has been rejected by a 999 or a 277CA.",
            height=260,
        ),
        data_table(
            "unmatched-acknowledgements",
            unmatched_acks,
            columns=[
                "ack_kind",
                "file_name",
                "segment",
                "acknowledged_date",
                "ack_sender_id",
                "group_control_number",
                "transaction_control_number",
                "billing_npi",
                "claim_id",
                "rejected",
                "unmatched_reason",
            ],
            title=f"Unmatched acknowledgements: {_count(unmatched_acks)}",
            empty="Every 999 and 277CA matches a loaded submission.",
            height=260,
        ),
        data_table(
            "unmatched-remittances",
            unmatched_remits,
            columns=[
                "file_name",
                "segment",
                "claim_id",
                "payee_id_qualifier",
                "payee_npi",
                "payee_tax_id",
                "match_status",
                "unmatched_reason",
                "posting_date",
                "status_code",
                "billed_amount",
                "paid_amount",
                "payer_id",
            ],
            title=f"Unmatched remittances: {_count(unmatched_remits)}",
            empty="Every 835 claim matches a claim.",
            height=260,
        ),
    ]


def _count(rows: list[dict[str, Any]]) -> str:
    total = rows[0]["total"] if rows else 0
    shown = f", latest {len(rows):,} shown" if total > len(rows) else ""
    return f"{total:,}{shown}"


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
            *_rejections_section(result),
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
