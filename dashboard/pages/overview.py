"""Overview: headline KPIs with their benchmarks, and a 12-month trend."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import html

from rcm.dashboard.components import charts
from rcm.dashboard.components.cards import kpi_grid
from rcm.dashboard.components.format import KPI_LABELS
from rcm.dashboard.data import DashboardData
from rcm.dashboard.filters import Filters

PATH = "/"
TITLE = "Overview"

HEADLINE = (
    "gross_charges",
    "initial_denial_rate",
    "first_pass_resolution_rate",
    "clean_claim_rate",
    "days_in_ar",
    "ar_over_90_pct",
    "insurance_ar",
    "net_collection_rate",
    "gross_collection_rate",
    "denial_recovery_rate",
    "avg_days_to_pay",
    "median_days_to_pay",
    "remitted_claims",
    "initial_denial_rate_dollars",
)
RATE_TREND = (
    "initial_denial_rate",
    "first_pass_resolution_rate",
    "clean_claim_rate",
    "net_collection_rate",
)


def _month_href(filters: Filters, month: str, key: str) -> str:
    return "/claims" + filters.with_month(month).query(kpi=key)


def _line(
    fig: go.Figure, trend: list[dict[str, Any]], key: str, filters: Filters, scale: float
) -> None:
    xs = [row["month"] for row in trend]
    ys = [None if row[key] is None else float(row[key]) * scale for row in trend]
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines+markers",
            name=KPI_LABELS[key],
            customdata=[_month_href(filters, m, key) for m in xs],
        )
    )


def render(data: DashboardData, filters: Filters, params: dict[str, str]) -> html.Div:
    result = data.overview(filters)
    view = result["kpis"]
    trend = result["trend"]
    frame = view.frame
    rates = charts.figure("Rates by month (%)", yaxis={"ticksuffix": "%"})
    for key in RATE_TREND:
        _line(rates, trend, key, filters, 100)
    days = charts.figure("Days by month")
    for key in ("avg_days_to_pay", "days_in_ar"):
        if key == "days_in_ar" and not result["trend_has_ar"]:
            continue
        _line(days, trend, key, filters, 1)
    note = (
        ""
        if result["trend_has_ar"]
        else "Days in A/R by month is kept by payer: clear the provider and location "
        "filters to see it."
    )
    return html.Div(
        [
            html.P(
                f"Period {frame.start} to {frame.last_day}, as of {frame.as_of} "
                "(snapshot KPIs — A/R, days in A/R, A/R over 90 — are taken at the as-of date). "
                "Click any number for the claims behind it.",
                className="note",
            ),
            kpi_grid(view.all_payers, filters, HEADLINE),
            html.Div(
                [
                    charts.graph("overview-rates", rates, empty=not trend),
                    charts.graph("overview-days", days, empty=not trend, message=note),
                ],
                className="chart-row",
            ),
            html.P(note, className="note") if note else None,
        ]
    )
