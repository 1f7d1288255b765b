"""The Dash app: a shell (navigation, global filters), routing to one module per page,
and the few callbacks every page shares (filters <-> URL, drill-down clicks, CSV export).

Pages are plain modules with `render(data, filters, params)` rather than
`dash.register_page` pages: the page registry of Dash is global to the process,
while `create_app(warehouse)` must be able to build independent apps (tests,
benchmarks) side by side.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from dash import ALL, MATCH, Dash, Input, Output, State, ctx, dcc, html, no_update

from rcm.config import package_folder, work_store_url
from rcm.dashboard import auth
from rcm.dashboard.data import DashboardData, EmptyWarehouse
from rcm.dashboard.filters import (
    FILTER_KEYS,
    Filters,
    merge_filters,
    notices,
    page_params,
    parse_query,
    to_query,
)
from rcm.dashboard.pages import (
    admin,
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
from rcm.workstore import WorkStore

NAVIGATION: tuple[ModuleType, ...] = (
    overview,
    denials,
    ar,
    payers,
    compliance,
    quality,
    workbench,
    admin,
)
PAGES: dict[str, ModuleType] = {page.PATH: page for page in (*NAVIGATION, claims, claim, provider)}
ASSETS = package_folder("dashboard", "assets")


def _account(who: auth.Viewer) -> html.Div:
    """Who is signed in, with what role, and the sign-out button (a form with its token)."""
    return html.Div(
        [
            html.Span(f"{who.name} · {who.role}", id="signed-in-as", className="who"),
            html.Form(
                [
                    dcc.Input(type="hidden", name="csrf", value=who.csrf, id="sign-out-csrf"),
                    html.Button("Sign out", type="submit", id="sign-out", className="button"),
                ],
                action=auth.LOGOUT,
                method="POST",
                className="sign-out",
            ),
        ],
        className="account",
    )


def _shell(data: DashboardData, who: auth.Viewer) -> html.Div:
    try:
        options = data.filter_options()
        first: str | None = options["bounds"][0]["value"]
        last: str | None = options["bounds"][0]["label"]
    except (WarehouseError, EmptyWarehouse):
        options = {"payer": [], "provider": [], "location": []}
        first = last = None
    nav = [
        dcc.Link(
            page.TITLE, href=page.PATH, id={"type": "nav", "index": page.PATH}, className="nav-link"
        )
        for page in auth.nav_pages(who.role, NAVIGATION)
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
                [
                    html.Div("Revenue cycle", className="brand"),
                    html.Nav(nav, className="nav"),
                    _account(who),
                ],
                className="header",
            ),
            filters,
            dcc.Loading(html.Main(id="page-content", className="content"), delay_show=300),
        ]
    )


def _layout(data: DashboardData) -> html.Div:
    # Dash also calls the layout once outside any request a user made, to validate it.
    who = auth.signed_in_viewer()
    return _shell(data, who) if who is not None else html.Div(id="signed-out")


def render_page(
    data: DashboardData | auth.ViewerData, pathname: str | None, search: str | None, role: str
) -> Any:
    """The content of one address for a role; a clear message instead of a traceback."""
    page = PAGES.get(pathname or "/")
    if page is None:
        return html.Div(
            [html.H2("Page not found"), dcc.Link("Go to the overview", href="/")],
            className="empty",
        )
    if not auth.allowed(role, page.PATH):
        return html.Div(
            [
                html.H1(page.TITLE),
                html.P(
                    f"This page is not available for your role ({role}).",
                    className="message error",
                ),
                dcc.Link("Go to the overview", href="/"),
            ],
            id="page-refused",
        )
    filters = Filters.from_search(search)
    try:
        options = data.filter_options()
    except (WarehouseError, EmptyWarehouse):
        options = None
    said = [html.P(line, className="message warning") for line in notices(filters, options)]
    try:
        return html.Div(
            [html.H1(page.TITLE), *said, page.render(data, filters, page_params(search))],
            id=f"page-{page.PATH.strip('/') or 'overview'}",
        )
    except (WarehouseError, EmptyWarehouse) as exc:
        return html.Div([html.H1(page.TITLE), html.P(str(exc), className="message error")])


def home(role: str) -> str:
    """Where a user lands after signing in: the first page their role may see."""
    return next(page.PATH for page in NAVIGATION if auth.allowed(role, page.PATH))


def create_app(
    warehouse: Warehouse,
    work_store: str | WorkStore | None = None,
    settings: auth.AuthSettings | None = None,
) -> Dash:
    """The dashboard for one warehouse folder (its published snapshot, read per request),
    signing users in against the work store (default: $RCM_WORK_STORE, then beside the
    warehouse)."""
    data = DashboardData(warehouse)
    if isinstance(work_store, WorkStore):
        store = work_store
    else:
        store = WorkStore(work_store or work_store_url(None, warehouse.root))
    app = Dash(
        __name__,
        title="Revenue cycle",
        assets_folder=str(ASSETS),
        suppress_callback_exceptions=True,
        update_title=None,  # type: ignore[arg-type]  # None keeps the title while updating (Dash's documented value)
    )
    auth.install(app, store, settings or auth.AuthSettings.from_env(), home)
    app.layout = lambda: _layout(data)

    @app.callback(
        Output("page-content", "children"),
        Input("url", "pathname"),
        Input("url", "search"),
    )
    def show_page(pathname: str | None, search: str | None) -> Any:
        who = auth.viewer()
        return render_page(auth.ViewerData(data, who, store), pathname, search, who.role)

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
    def sync_filters(
        search: str | None,
        start: str | None,
        end: str | None,
        payer: str | None,
        provider_npi: str | None,
        location: str | None,
        _clear: int | None,
    ) -> Any:
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
        State("url", "pathname"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def export_csv(n_clicks: int | None, pathname: str | None, search: str | None) -> bool:
        if not n_clicks:
            return False
        table = ctx.triggered_id["index"] if isinstance(ctx.triggered_id, dict) else None
        page = (pathname or "/") + (search or "")
        auth.audit(store, "csv_export", target=table, detail={"page": page})
        return True

    for page in PAGES.values():
        if hasattr(page, "register"):
            page.register(auth.PageCallbacks(app, page.PATH), data)
    app.work_store = store  # type: ignore[attr-defined]  # the store travels with the app, for the command line and tests
    return app
