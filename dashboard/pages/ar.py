"""A/R: aging buckets by payer at the as-of date, and days in A/R month by month."""

from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go
from dash import html

from rcm.dashboard.components import charts
from rcm.dashboard.components.cards import kpi_grid
from rcm.dashboard.components.format import plain_money
from rcm.dashboard.components.tables import data_table
from rcm.dashboard.data import DashboardData
from rcm.dashboard.filters import AGING_BUCKETS, Filters

PATH = "/ar"
TITLE = "A/R"


def render(data: DashboardData, filters: Filters, params: dict[str, str]) -> html.Div:
    result = data.ar(filters)
    aging = result["aging"]
    frame = result["frame"]
    payers = sorted({r["payer_id"] for r in aging})
    fig = charts.figure(f"Insurance A/R by aging bucket at {frame.as_of}", barmode="stack")
    for payer in payers:
        by_bucket = {r["bucket"]: r["balance"] for r in aging if r["payer_id"] == payer}
        narrowed = Filters(filters.start, filters.end, payer, filters.provider, filters.location)
        fig.add_trace(
            go.Bar(
                x=list(AGING_BUCKETS),
                y=[float(by_bucket.get(b) or 0) for b in AGING_BUCKETS],
                name=payer,
                customdata=["/claims" + narrowed.query(bucket=b) for b in AGING_BUCKETS],
            )
        )
    fig.update_xaxes(type="category")
    trend = result["trend"]
    days = charts.figure("Days in A/R at each month end")
    days.add_trace(
        go.Scatter(
            x=[r["month"] for r in trend],
            y=[None if r["days_in_ar"] is None else float(r["days_in_ar"]) for r in trend],
            mode="lines+markers",
            name="Days in A/R",
            customdata=["/claims" + filters.query(kpi="days_in_ar") for _ in trend],
        )
    )
    days.add_hline(y=40, line_dash="dot", annotation_text="benchmark 40")
    totals: dict[str, Decimal] = {}
    table = []
    for payer in payers:
        row: dict[str, object] = {"payer_id": payer}
        for r in aging:
            if r["payer_id"] == payer:
                row[r["bucket"]] = plain_money(r["balance"])
                totals[payer] = totals.get(payer, Decimal(0)) + r["balance"]
        row["total"] = plain_money(totals.get(payer, 0))
        table.append(row)
    note = (
        "Days in A/R by month is kept by payer: clear the provider and location filters to see it."
        if filters.provider or filters.location
        else ""
    )
    return html.Div(
        [
            html.P(
                f"A/R is a snapshot at the as-of date {frame.as_of}; the date range limits the "
                "trend only. Click a bar for the claims in that bucket.",
                className="note",
            ),
            kpi_grid(
                result["kpis"].all_payers, filters, ("insurance_ar", "days_in_ar", "ar_over_90_pct")
            ),
            html.Div(
                [
                    charts.graph("ar-aging", fig, empty=not aging),
                    charts.graph("ar-days", days, empty=not trend, message=note),
                ],
                className="chart-row",
            ),
            data_table(
                "ar-aging",
                table,
                columns=["payer_id", *AGING_BUCKETS, "total"],
                title="Aging by payer",
                height=300,
            ),
        ]
    )
