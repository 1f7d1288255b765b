"""KPI cards: the value, the benchmark beside it (coloured when missed), a link to its claims."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from rcm import kpis as kpi_values
from rcm.dashboard.components.format import KPI_LABELS, kpi_text
from rcm.dashboard.filters import Filters


def kpi_card(key: str, value: Any, filters: Filters) -> dcc.Link:
    benchmark = kpi_values.BENCHMARKS.get(key)
    status = ""
    children: list[Any] = [
        html.Div(KPI_LABELS[key], className="kpi-label"),
        html.Div(kpi_text(key, value), className="kpi-value", id=f"kpi-value-{key}"),
    ]
    if benchmark is not None:
        met = benchmark.met(value)
        status = {True: " met", False: " missed", None: ""}[met]
        verdict = {True: "meets", False: "misses", None: "no value for"}[met]
        children.append(
            html.Div(
                f"benchmark {benchmark.label} · {verdict}",
                className="kpi-benchmark",
                title=benchmark.source,
            )
        )
    href = "/claims" + filters.query(kpi=key)
    return dcc.Link(
        html.Div(children, className="kpi-card" + status),
        href=href,
        id=f"kpi-{key}",
        className="kpi-link",
        title="Show the claims behind this number",
    )


def kpi_grid(values: dict[str, Any], filters: Filters, keys: tuple[str, ...]) -> html.Div:
    return html.Div([kpi_card(key, values.get(key), filters) for key in keys], className="kpi-grid")
