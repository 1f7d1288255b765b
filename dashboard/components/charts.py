"""Plotly figures whose points carry the address of the claims behind them.

Every clickable trace puts a drill-down URL in `customdata`; one callback in
the app sends the browser there when a point is clicked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from dash import dcc, html

LAYOUT: dict[str, Any] = {
    "margin": {"l": 50, "r": 20, "t": 40, "b": 50},
    "height": 340,
    "template": "plotly_white",
    "legend": {"orientation": "h", "y": -0.2},
}


# Nothing leaves the machine: no Plotly logo link, no chart-studio upload or edit buttons.
GRAPH_CONFIG: dcc.Graph.Config = {
    "displaylogo": False,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtonsToRemove": ["sendDataToCloud", "editInChartStudio", "lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png"},
}


def figure(title: str, **layout: Any) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(title={"text": title, "font": {"size": 14}}, **{**LAYOUT, **layout})
    return fig


def graph(name: str, fig: go.Figure, *, empty: bool = False, message: str = "") -> html.Div:
    """A chart that drills down on click; a note instead when there is nothing to plot."""
    if empty:
        fig.add_annotation(
            text=message or "No data for these filters",
            showarrow=False,
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
        )
    return html.Div(
        dcc.Graph(
            id={"type": "drill-graph", "index": name},
            figure=fig,
            config=GRAPH_CONFIG,
        ),
        className="chart",
    )


def bar(
    fig: go.Figure,
    labels: Sequence[str],
    values: Sequence[Any],
    hrefs: Sequence[str],
    *,
    name: str = "",
    horizontal: bool = False,
    hover: Sequence[str] | None = None,
) -> go.Figure:
    numbers = [float(v) if v is not None else None for v in values]
    kwargs: dict[str, Any] = {
        "name": name,
        "customdata": list(hrefs),
        "hovertext": list(hover) if hover else None,
    }
    if horizontal:
        fig.add_trace(go.Bar(x=numbers, y=list(labels), orientation="h", **kwargs))
        fig.update_yaxes(autorange="reversed", type="category")
    else:
        fig.add_trace(go.Bar(x=list(labels), y=numbers, **kwargs))
        fig.update_xaxes(type="category")
    return fig
