"""SQL workbench: editor, example queries, schema browser with descriptions, results, CSV.

Queries run through rcm.query: a sandboxed read-only connection (no file or
network access, settings locked), a time limit and a row limit. The query is
kept in the URL (`/sql?q=...`), so a result can be shared and reloaded.
"""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
from dash import Dash, Input, Output, State, dcc, html, no_update

from dashboard.components.tables import data_table
from dashboard.data import (
    WORKBENCH_ROW_LIMIT,
    WORKBENCH_TIME_LIMIT_S,
    DashboardData,
    example_queries,
)
from dashboard.filters import Filters, parse_query, to_query
from rcm.query import QueryRefused

PATH = "/sql"
TITLE = "SQL"


def _results(data: DashboardData, sql: str) -> list[Any]:
    try:
        result = data.run_sql(sql)
    except QueryRefused as exc:
        return [html.Div(str(exc), className="message error", id="wb-message")]
    except Exception as exc:  # a page shows a message, never a traceback
        return [
            html.Div(
                f"query failed: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0]}",
                className="message error",
                id="wb-message",
            )
        ]
    if not result.columns:
        return [html.Div("The statement returned no rows.", className="message", id="wb-message")]
    rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    text = f"{len(rows):,} row(s)"
    if result.truncated:
        text += f", cut at the row limit of {WORKBENCH_ROW_LIMIT:,}"
    return [
        html.Div(text, className="message ok", id="wb-message"),
        data_table("sql-results", rows, columns=result.columns, title="Results", height=420),
    ]


def render(data: DashboardData, filters: Filters, params: dict[str, str]) -> html.Div:
    sql = params.get("q", "")
    schema = data.schema()
    examples = example_queries()
    tables = [
        {
            "table": f"{t['schema_name']}.{t['table_name']}",
            "kind": t["kind"],
            "rows": t["rows"],
            "description": t["comment"],
        }
        for t in schema["tables"]
    ]
    columns = [
        {
            "table": f"{c['schema_name']}.{c['table_name']}",
            "column": c["column_name"],
            "type": c["data_type"],
            "description": c["comment"],
        }
        for c in schema["columns"]
    ]
    return html.Div(
        [
            html.P(
                f"Read-only SQL (DuckDB dialect) on the published snapshot: no file, network or "
                f"extension access, at most {WORKBENCH_ROW_LIMIT:,} rows, stopped after "
                f"{WORKBENCH_TIME_LIMIT_S:g} s. The global filters do not apply here. "
                "The query is kept in the address, so the page can be shared.",
                className="note",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            dcc.Dropdown(
                                id="wb-example",
                                options=[
                                    {"label": e["title"], "value": e["name"]} for e in examples
                                ],
                                placeholder="Example queries…",
                            ),
                            dcc.Textarea(
                                id="wb-sql",
                                value=sql,
                                className="sql-editor",
                                placeholder="SELECT * FROM mart.claim_summary LIMIT 100",
                                spellCheck=False,
                            ),
                            html.Button("Run", id="wb-run", className="button primary"),
                            html.Div(_results(data, sql) if sql.strip() else [], id="wb-output"),
                        ],
                        className="workbench-main",
                    ),
                    html.Div(
                        [
                            html.H3("Tables and views"),
                            dag.AgGrid(
                                id="wb-tables",
                                rowData=tables,
                                columnDefs=[
                                    {"field": "table", "pinned": "left"},
                                    {"field": "kind", "width": 80},
                                    {"field": "rows", "width": 100},
                                    {"field": "description", "tooltipField": "description"},
                                ],
                                defaultColDef={"sortable": True, "filter": True, "resizable": True},
                                style={"height": "260px"},
                            ),
                            html.H3("Columns"),
                            dcc.Input(
                                id="wb-column-search",
                                placeholder="Search columns and descriptions…",
                                debounce=True,
                                className="search",
                            ),
                            dag.AgGrid(
                                id="wb-columns",
                                rowData=columns,
                                columnDefs=[
                                    {"field": "table"},
                                    {"field": "column"},
                                    {"field": "type", "width": 110},
                                    {"field": "description", "tooltipField": "description"},
                                ],
                                defaultColDef={"sortable": True, "filter": True, "resizable": True},
                                dashGridOptions={"pagination": True, "paginationPageSize": 50},
                                style={"height": "420px"},
                            ),
                        ],
                        className="workbench-schema",
                    ),
                ],
                className="workbench",
            ),
        ]
    )


def register(app: Dash, data: DashboardData) -> None:
    examples = {e["name"]: e["sql"] for e in example_queries()}

    @app.callback(
        Output("wb-sql", "value"),
        Input("wb-example", "value"),
        prevent_initial_call=True,
    )
    def pick_example(name: str | None) -> Any:
        return examples.get(name or "", no_update)

    @app.callback(
        Output("url", "search", allow_duplicate=True),
        Input("wb-run", "n_clicks"),
        State("wb-sql", "value"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def run(n_clicks: int | None, sql: str | None, search: str | None) -> Any:
        if not n_clicks:
            return no_update
        params = parse_query(search)
        params["q"] = (sql or "").strip()
        params.pop("run", None)
        if to_query(params) == (search or ""):
            params["run"] = str(n_clicks)  # same query again: a new address reruns it
        return to_query(params)

    @app.callback(
        Output("wb-columns", "dashGridOptions"),
        Input("wb-column-search", "value"),
        prevent_initial_call=True,
    )
    def search_columns(text: str | None) -> Any:
        return {"quickFilterText": text or "", "pagination": True, "paginationPageSize": 50}
