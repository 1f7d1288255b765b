"""Denials: by category, CARC (with its text), payer, procedure, provider, location; trend."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import plotly.graph_objects as go
from dash import html

from rcm.dashboard.components import charts
from rcm.dashboard.components.format import plain_money
from rcm.dashboard.components.tables import data_table
from rcm.dashboard.data import DashboardData
from rcm.dashboard.filters import Filters

PATH = "/denials"
TITLE = "Denials"

# dimension -> (chart title, drill parameter or global filter)
DIMENSIONS: dict[str, tuple[str, str]] = {
    "category": ("Denied amount by category", "category"),
    "carc": ("Top CARCs by denied amount", "carc"),
    "payer": ("By payer", "payer"),
    "procedure": ("Top procedures", "procedure"),
    "provider": ("Top rendering providers", "provider"),
    "location": ("By location", "location"),
}
TOP = 15


def _href(filters: Filters, dimension: str, key: str | None) -> str:
    param = DIMENSIONS[dimension][1]
    value = key if key is not None else ("CLP02=4" if dimension == "carc" else "")
    if param in ("payer", "provider", "location"):
        if param == "payer":
            narrowed = replace(filters, payer=value)
        elif param == "provider":
            narrowed = replace(filters, provider=value)
        else:
            narrowed = replace(filters, location=value)
        return "/claims" + narrowed.query(denied="1")
    return "/claims" + filters.query(**{param: value})


def _chart(
    dimension: str, rows: list[dict[str, Any]], filters: Filters, names: dict[str, str]
) -> html.Div:
    rows = rows[:TOP]
    title = DIMENSIONS[dimension][0]
    fig = charts.figure(title, xaxis={"tickprefix": "$"})
    labels = []
    for row in rows:
        key = row["key"] if row["key"] is not None else "CLP02=4"
        if dimension == "carc":
            labels.append(f"{key} {(row['description'] or '')[:40]}")
        elif dimension == "payer":
            labels.append(names.get(key, key))
        else:
            labels.append(str(key))
    hover = [f"{r['claims']} claims, {r['denials']} denials" for r in rows]
    charts.bar(
        fig,
        labels,
        [r["amount"] for r in rows],
        [_href(filters, dimension, r["key"]) for r in rows],
        horizontal=True,
        hover=hover,
    )
    return charts.graph(f"denials-{dimension}", fig, empty=not rows)


def _trend(rows: list[dict[str, Any]], filters: Filters) -> html.Div:
    fig = charts.figure("Denied amount by month and category", barmode="stack")
    categories = sorted({r["key"] for r in rows})
    months = sorted({r["month"] for r in rows})
    for category in categories:
        by_month = {r["month"]: r["amount"] for r in rows if r["key"] == category}
        fig.add_trace(
            go.Bar(
                x=months,
                y=[float(by_month.get(m) or 0) for m in months],
                name=category,
                customdata=[
                    "/claims" + filters.with_month(m).query(category=category) for m in months
                ],
            )
        )
    fig.update_xaxes(type="category")
    return charts.graph("denials-trend", fig, empty=not rows)


def render(data: DashboardData, filters: Filters, params: dict[str, str]) -> html.Div:
    result = data.denials(filters)
    by = result["by"]
    frame = result["frame"]
    carc_rows = [
        {
            "carc": r["key"] or "CLP02=4",
            "description": r["description"],
            "denials": r["denials"],
            "claims": r["claims"],
            "amount": plain_money(r["amount"]),
        }
        for r in by.get("carc", [])
    ]
    return html.Div(
        [
            html.P(
                f"Denials posted {frame.start} to {frame.last_day} (every remittance, reversals "
                "netted). Click a bar for the claims.",
                className="note",
            ),
            html.Div(
                [
                    _chart("category", by.get("category", []), filters, result["names"]),
                    _trend(by.get("month", []), filters),
                ],
                className="chart-row",
            ),
            html.Div(
                [
                    _chart(d, by.get(d, []), filters, result["names"])
                    for d in ("carc", "payer", "procedure", "provider", "location")
                ],
                className="chart-row",
            ),
            data_table("denials-by-carc", carc_rows, title="Denials by CARC", height=360),
        ]
    )
