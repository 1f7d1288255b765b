"""The Dash app: a shell (navigation, global filters), routing to one module per page,
and the few callbacks every page shares (filters <-> URL, drill-down clicks, CSV export).

Pages are plain modules with `render(data, filters, params)` rather than
`dash.register_page` pages: the page registry of Dash is global to the process,
while `create_app(warehouse)` must be able to build independent apps (tests,
benchmarks) side by side.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

from dash import ALL, MATCH, Dash, Input, Output, State, ctx, dcc, html, no_update

from dashboard.data import DashboardData, EmptyWarehouse
from dashboard.filters import (
    FILTER_KEYS,
    Filters,
    merge_filters,
    page_params,
    parse_query,
    to_query,
)
from dashboard.pages import (
    ar,
    claim,
    claims,
    compliance,
    denials,
    overview,
    payers,
    provider,
    quality,
    workbench,
)
from rcm.warehouse import Warehouse, WarehouseError

NAVIGATION: tuple[ModuleType, ...] = (
    overview,
    denials,
    ar,
    payers,
    compliance,
    quality,
    workbench,
)
PAGES: dict[str, ModuleType] = {page.PATH: page for page in (*NAVIGATION, claims, claim, provider)}
ASSETS = Path(__file__).parent / "assets"


def _shell(data: DashboardData) -> html.Div:
    try:
        options = data.filter_options()
        first, last = options["bounds"][0]["value"], options["bounds"][0]["label"]
    except (WarehouseError, EmptyWarehouse):
        options = {"payer": [], "provider": [], "location": []}
        first = last = None
    nav = [
        dcc.Link(
            page.TITLE, href=page.PATH, id={"type": "nav", "index": page.PATH}, className="nav-link"
        )
        for page in NAVIGATION
    ]
    filters = html.Div(
        [
            dcc.DatePickerRange(
                id="f-dates",
                min_date_allowed=first or None,
                max_date_allowed=last or None,
                initial_visible_month=last or None,
                display_format="YYYY-MM-DD",
                start_date_placeholder_text="from",
                end_date_placeholder_text="to",
                clearable=True,
            ),
            dcc.Dropdown(
                id="f-payer", options=options["payer"], placeholder="All payers", className="filter"
            ),
            dcc.Dropdown(
                id="f-provider",
                options=options["provider"],
                placeholder="All providers",
                className="filter wide",
            ),
            dcc.Dropdown(
                id="f-location",
                options=options["location"],
                placeholder="All locations",
                className="filter wide",
            ),
            html.Button("Clear filters", id="f-clear", className="button"),
        ],
        className="filters",
    )
    return html.Div(
        [
            dcc.Location(id="url", refresh="callback-nav"),
            html.Header(
                [html.Div("Revenue cycle", className="brand"), html.Nav(nav, className="nav")],
                className="header",
            ),
            filters,
            dcc.Loading(html.Main(id="page-content", className="content"), delay_show=300),
        ]
    )


def render_page(data: DashboardData, pathname: str | None, search: str | None) -> Any:
    """The content of one address; a clear message instead of a traceback."""
    page = PAGES.get(pathname or "/")
    if page is None:
        return html.Div(
            [html.H2("Page not found"), dcc.Link("Go to the overview", href="/")],
            className="empty",
        )
    filters = Filters.from_search(search)
    try:
        return html.Div(
            [html.H1(page.TITLE), page.render(data, filters, page_params(search))],
            id=f"page-{page.PATH.strip('/') or 'overview'}",
        )
    except (WarehouseError, EmptyWarehouse) as exc:
        return html.Div([html.H1(page.TITLE), html.P(str(exc), className="message error")])


def create_app(warehouse: Warehouse) -> Dash:
    """The dashboard for one warehouse folder (its published snapshot, read per request)."""
    data = DashboardData(warehouse)
    app = Dash(
        __name__,
        title="Revenue cycle",
        assets_folder=str(ASSETS),
        suppress_callback_exceptions=True,
        update_title=None,
    )
    app.layout = lambda: _shell(data)

    @app.callback(
        Output("page-content", "children"),
        Input("url", "pathname"),
        Input("url", "search"),
    )
    def show_page(pathname: str | None, search: str | None) -> Any:
        return render_page(data, pathname, search)

    @app.callback(
        Output("url", "search"),
        Output("f-dates", "start_date"),
        Output("f-dates", "end_date"),
        Output("f-payer", "value"),
        Output("f-provider", "value"),
        Output("f-location", "value"),
        Input("url", "search"),
        Input("f-dates", "start_date"),
        Input("f-dates", "end_date"),
        Input("f-payer", "value"),
        Input("f-provider", "value"),
        Input("f-location", "value"),
        Input("f-clear", "n_clicks"),
    )
    def sync_filters(search, start, end, payer, provider_npi, location, _clear) -> Any:
        trigger = ctx.triggered_id
        if trigger in (None, "url"):
            f = Filters.from_search(search)
            return (
                no_update,
                f.start.isoformat() if f.start else None,
                f.end.isoformat() if f.end else None,
                f.payer,
                f.provider,
                f.location,
            )
        if trigger == "f-clear":
            kept = {k: v for k, v in parse_query(search).items() if k not in FILTER_KEYS}
            return to_query(kept), None, None, None, None, None
        chosen = Filters.from_params(
            {
                "from": start or "",
                "to": end or "",
                "payer": payer or "",
                "provider": provider_npi or "",
                "location": location or "",
            }
        )
        updated = merge_filters(search, chosen)
        if updated == (search or ""):
            return (no_update,) * 6
        return (updated, no_update, no_update, no_update, no_update, no_update)

    @app.callback(
        Output({"type": "nav", "index": ALL}, "href"),
        Input("url", "search"),
        State({"type": "nav", "index": ALL}, "id"),
    )
    def carry_filters(search: str | None, ids: list[dict[str, str]]) -> list[str]:
        query = Filters.from_search(search).query()
        return [item["index"] + query for item in ids]

    @app.callback(
        Output("url", "href", allow_duplicate=True),
        Input({"type": "drill-graph", "index": ALL}, "clickData"),
        prevent_initial_call=True,
    )
    def drill_down(clicks: list[dict[str, Any] | None]) -> Any:
        if not ctx.triggered_id or not ctx.triggered or ctx.triggered[0]["value"] is None:
            return no_update
        points = ctx.triggered[0]["value"].get("points") or []
        target = points[0].get("customdata") if points else None
        if isinstance(target, list):
            target = target[0] if target else None
        if not isinstance(target, str) or not target.startswith("/"):
            return no_update
        return target

    @app.callback(
        Output({"type": "grid", "index": MATCH}, "exportDataAsCsv"),
        Input({"type": "export", "index": MATCH}, "n_clicks"),
        prevent_initial_call=True,
    )
    def export_csv(n_clicks: int | None) -> bool:
        return bool(n_clicks)

    for page in PAGES.values():
        if hasattr(page, "register"):
            page.register(app, data)
    return app
