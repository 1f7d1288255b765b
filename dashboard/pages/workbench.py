"""SQL workbench: editor, example queries, schema browser with descriptions, results, CSV.

Queries run through rcm.query: one read-only statement decided by DuckDB's
parser, a sandboxed read-only connection (no file or network access, settings
locked, spilling outside the warehouse), a time limit, a row limit and a
result-size limit. The query is kept in the URL (`/sql?q=...`), so a result
can be shared and reloaded; opening such a link runs only what `rcm sql`
would. Column names and values are shown as text, never as markup.
"""

from __future__ import annotations

import json
from typing import Any

import dash_ag_grid as dag
from dash import Dash, Input, Output, State, dcc, html, no_update

from rcm.dashboard.data import (
    WORKBENCH_ROW_LIMIT,
    WORKBENCH_TIME_LIMIT_S,
    DashboardData,
    example_queries,
)
from rcm.dashboard.filters import Filters, parse_query, to_query
from rcm.query import DEFAULT_BYTE_LIMIT, QueryRefused, QueryResult, json_value

PATH = "/sql"
TITLE = "SQL"
RESULTS_ID = "sql-results"
_NUMERIC = frozenset(
    f"{sign}{size}" for sign in ("", "U") for size in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT")
) | {"HUGEINT", "UHUGEINT", "DECIMAL", "FLOAT", "DOUBLE"}


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
    text = f"{len(result.rows):,} row(s)"
    if result.note:
        text += f", {result.note}"
    return [html.Div(text, className="message ok", id="wb-message"), results_grid(result)]


def results_grid(result: QueryResult) -> html.Div:
    """The result as a grid with CSV export.

    Fields are positional (`c0`, `c1`, ...) and the real names are only
    headers, so any name works (`a.b` would be a nested path to the grid,
    `open` a link column elsewhere, two columns may share a name) and the
    exported CSV is headed by the names as the query gave them.
    """
    fields = [f"c{i}" for i in range(len(result.columns))]
    column_defs = []
    for name, kind, key in zip(result.columns, result.types, fields, strict=True):
        definition: dict[str, Any] = {"field": key, "headerName": name, "headerTooltip": kind}
        if kind.upper().split("(")[0] in _NUMERIC:
            definition["type"] = "rightAligned"
            # exact decimals travel as text; sort them as numbers
            definition["comparator"] = {"function": "Number(valueA) - Number(valueB)"}
        column_defs.append(definition)
    rows = [
        {key: _cell(value) for key, value in zip(fields, row, strict=True)} for row in result.rows
    ]
    return html.Div(
        [
            html.Div(
                [
                    html.H3("Results", className="table-title"),
                    html.Button(
                        "Export CSV",
                        id={"type": "export", "index": RESULTS_ID},
                        className="button export",
                        disabled=not rows,
                    ),
                ],
                className="table-header",
            ),
            dag.AgGrid(
                id={"type": "grid", "index": RESULTS_ID},
                rowData=rows,
                columnDefs=column_defs,
                defaultColDef={"sortable": True, "filter": True, "resizable": True},
                columnSize="autoSize",
                csvExportParams={"fileName": f"{RESULTS_ID}.csv"},
                dashGridOptions={"pagination": True, "paginationPageSize": 50},
                style={"height": "420px", "width": "100%"},
            ),
        ],
        className="table-block",
        id=f"table-{RESULTS_ID}",
    )


def _cell(value: Any) -> Any:
    """Exact text for decimals and dates, "infinity" for infinite dates, None for NaN."""
    shown = json_value(value)
    return json.dumps(shown, ensure_ascii=False) if isinstance(shown, dict | list) else shown


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
                "One read-only statement (SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN; "
                "DuckDB dialect) on the published snapshot: no file, network or extension "
                f"access, at most {WORKBENCH_ROW_LIMIT:,} rows and "
                f"{DEFAULT_BYTE_LIMIT // 2**20} MB of values, stopped after "
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
