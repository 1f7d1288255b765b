"""The Plotly Dash dashboard: KPIs, denials, A/R, payers, coding compliance, data quality
and a SQL workbench over the published warehouse snapshot, read-only."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dash import Dash

    from rcm.warehouse import Warehouse

__all__ = ["create_app", "serve"]


def create_app(warehouse: Warehouse, work_store: str | None = None) -> Dash:
    """The Dash app for one warehouse folder; users sign in against the work store."""
    from rcm.dashboard.app import create_app as build

    return build(warehouse, work_store)


def serve(
    warehouse: Warehouse, host: str = "127.0.0.1", port: int = 8050, work_store: str | None = None
) -> None:
    """Serve the dashboard under waitress until interrupted."""
    from waitress import serve as waitress_serve

    app = create_app(warehouse, work_store)
    waitress_serve(app.server, host=host, port=port, threads=8, ident="rcm-dashboard")
