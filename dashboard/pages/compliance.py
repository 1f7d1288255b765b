"""Coding compliance: flags by rule, provider and payer, and the worklist."""

from __future__ import annotations

from urllib.parse import urlencode

from dash import dcc, html

from rcm.dashboard.components import charts
from rcm.dashboard.components.tables import data_table, with_claim_links
from rcm.dashboard.data import DashboardData
from rcm.dashboard.filters import Filters

PATH = "/compliance"
TITLE = "Coding compliance"


def provider_href(npi: str, filters: Filters) -> str:
    return "/provider" + filters.query(npi=npi)


def render(data: DashboardData, filters: Filters, params: dict[str, str]) -> html.Div:
    result = data.compliance(filters)
    by = result["by"]
    if not result["runs"]:
        return html.Div(
            html.P(
                "The data-quality checks have not run on this warehouse yet: run `rcm check` "
                "(or load without --no-check) to fill the coding flags.",
                className="empty",
                id="compliance-empty",
            )
        )
    rules = by.get("rule", [])
    fig = charts.figure("Flags by rule")
    charts.bar(
        fig,
        [f"{r['key']} ({r['label']})" for r in rules],
        [r["flags"] for r in rules],
        ["/claims" + filters.query(rule=r["key"]) for r in rules],
        horizontal=True,
    )
    providers = by.get("provider", [])[:15]
    pfig = charts.figure("Flags by rendering provider (top 15)")
    charts.bar(
        pfig,
        [f"{r['label'] or ''} {r['key']}" for r in providers],
        [r["flags"] for r in providers],
        [provider_href(r["key"], filters) for r in providers],
        horizontal=True,
    )
    provider_rows = [
        {
            "profile": f"[{r['key']}]({provider_href(r['key'], filters)})" if r["key"] else "",
            "provider_name": r["label"],
            "flags": r["flags"],
            "errors": r["errors"],
            "warnings": r["warnings"],
            "info": r["infos"],
        }
        for r in by.get("provider", [])
    ]
    payer_rows = [
        {"payer_id": r["key"] or "(provider-level)", "flags": r["flags"], "errors": r["errors"]}
        for r in by.get("payer", [])
    ]
    flags = result["flags"]
    total = flags[0]["total"] if flags else 0
    worklist = with_claim_links(flags)
    profile = (
        dcc.Link(
            f"Open the profile of provider {filters.provider}",
            href="/provider?" + urlencode({"npi": filters.provider}),
        )
        if filters.provider
        else None
    )
    return html.Div(
        [
            html.P(
                f"Flags of the latest check run on claims first submitted {result['frame'].start} "
                f"to {result['frame'].last_day}; provider-level flags show unless a payer or "
                "location filter is set.",
                className="note",
            ),
            profile,
            html.Div(
                [
                    charts.graph("compliance-rules", fig, empty=not rules),
                    charts.graph("compliance-providers", pfig, empty=not providers),
                ],
                className="chart-row",
            ),
            html.Div(
                [
                    data_table(
                        "flags-by-provider",
                        provider_rows,
                        title="By provider",
                        markdown=("profile",),
                        height=300,
                    ),
                    data_table("flags-by-payer", payer_rows, title="By payer", height=300),
                ],
                className="chart-row",
            ),
            data_table(
                "flags-worklist",
                worklist,
                columns=[
                    "open",
                    "rule",
                    "severity",
                    "billing_npi",
                    "claim_id",
                    "line_number",
                    "provider_npi",
                    "provider_name",
                    "payer_id",
                    "first_submitted_date",
                    "detail",
                ],
                title=f"Worklist ({total:,} flags"
                + (f", first {len(flags):,} shown)" if total > len(flags) else ")"),
                empty="No coding flags for these filters.",
            ),
        ]
    )
