"""Payers: the scorecard (every KPI per payer) and the days-to-pay distribution."""

from __future__ import annotations

from dataclasses import replace

import plotly.graph_objects as go
from dash import html

from rcm.dashboard.components import charts
from rcm.dashboard.components.format import days, percent, plain_money
from rcm.dashboard.components.tables import data_table
from rcm.dashboard.data import DashboardData
from rcm.dashboard.filters import Filters

PATH = "/payers"
TITLE = "Payers"


def render(data: DashboardData, filters: Filters, params: dict[str, str]) -> html.Div:
    result = data.payers(filters)
    names = result["names"]
    rows = []
    for p in result["kpis"].by_payer:
        payer = p["payer"]
        rows.append(
            {
                "payer_id": payer,
                "payer_name": names.get(payer, payer),
                "gross_charges": plain_money(p["gross_charges"]),
                "remitted_claims": p["remitted_claims"],
                "initial_denial_rate": percent(p["initial_denial_rate"]),
                "initial_denial_rate_dollars": percent(p["initial_denial_rate_dollars"]),
                "first_pass_resolution_rate": percent(p["first_pass_resolution_rate"]),
                "denial_recovery_rate": percent(p["denial_recovery_rate"]),
                "gross_collection_rate": percent(p["gross_collection_rate"]),
                "net_collection_rate": percent(p["net_collection_rate"]),
                "avg_days_to_pay": days(p["avg_days_to_pay"]),
                "median_days_to_pay": days(p["median_days_to_pay"]),
                "insurance_ar": plain_money(p["insurance_ar"]),
                "days_in_ar": days(p["days_in_ar"]),
                "ar_over_90_pct": percent(p["ar_over_90_pct"]),
                "top_denial_reasons": result["reasons"].get(payer),
                "claims": f"[claims](/claims{replace(filters, payer=payer).query()})",
            }
        )
    fig = charts.figure("Days to pay (claims first paid in the period; whiskers 5th-95th pct)")
    for r in result["days"]:
        payer = r["payer_id"]
        narrowed = Filters(filters.start, filters.end, payer, filters.provider, filters.location)
        fig.add_trace(
            go.Box(
                x=[names.get(payer, payer)],
                q1=[r["q1"]],
                median=[r["median"]],
                q3=[r["q3"]],
                lowerfence=[r["p05"]],
                upperfence=[r["p95"]],
                mean=[r["mean"]],
                name=names.get(payer, payer),
                customdata=["/claims" + narrowed.query(kpi="avg_days_to_pay")],
                hovertext=f"{r['claims']} claims",
            )
        )
    fig.update_layout(yaxis_title="days")
    return html.Div(
        [
            html.P(
                f"Period {result['frame'].start} to {result['frame'].last_day}, as of "
                f"{result['frame'].as_of}.",
                className="note",
            ),
            data_table(
                "payer-scorecard",
                rows,
                title="Payer scorecard",
                height=330,
                markdown=("claims",),
            ),
            charts.graph("payers-days", fig, empty=not result["days"]),
        ]
    )
