"""Tables: an AG Grid with an "Export CSV" button, values as exact text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

import dash_ag_grid as dag
from dash import html

from rcm.dashboard.components.format import cell

LINK = "open"


def claim_href(billing_npi: str, claim_id: str) -> str:
    return "/claim?" + urlencode({"billing_npi": billing_npi, "claim_id": claim_id})


def with_claim_links(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows gain an `open` column: a markdown link to the claim timeline."""
    out = []
    for row in rows:
        if row.get("billing_npi") and row.get("claim_id"):
            href = claim_href(row["billing_npi"], row["claim_id"])
            out.append({LINK: f"[{row['claim_id']}]({href})", **row})
        else:
            out.append({LINK: "", **row})
    return out


def data_table(
    table_id: str,
    rows: Sequence[dict[str, Any]],
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    height: int = 420,
    empty: str = "Nothing to show.",
    markdown: Sequence[str] = (LINK,),
    note: str | None = None,
) -> html.Div:
    """A titled grid with CSV export; `columns` picks and orders what is shown."""
    names = list(columns) if columns is not None else (list(rows[0]) if rows else [])
    data = [{name: cell(row.get(name)) for name in names} for row in rows]
    column_defs = []
    for name in names:
        # headers are the column names, so an exported CSV reads back like the SQL
        definition: dict[str, Any] = {"field": name, "headerName": name}
        if name in markdown:
            definition["cellRenderer"] = "markdown"
        column_defs.append(definition)
    exported = [name for name in names if name not in markdown]
    header: list[html.H3 | html.Button] = [html.H3(title, className="table-title")] if title else []
    header.append(
        html.Button(
            "Export CSV",
            id={"type": "export", "index": table_id},
            className="button export",
            disabled=not rows,
        )
    )
    body: list[Any] = [html.Div(header, className="table-header")]
    if note:
        body.append(html.P(note, className="note"))
    if rows:
        body.append(
            dag.AgGrid(
                id={"type": "grid", "index": table_id},
                rowData=data,
                columnDefs=column_defs,
                defaultColDef={"sortable": True, "filter": True, "resizable": True},
                columnSize="autoSize",
                csvExportParams={"fileName": f"{table_id}.csv", "columnKeys": exported},
                dashGridOptions={"pagination": True, "paginationPageSize": 50},
                style={"height": f"{height}px", "width": "100%"},
            )
        )
    else:
        body.append(html.P(empty, className="empty"))
        body.append(
            dag.AgGrid(
                id={"type": "grid", "index": table_id},
                rowData=[],
                columnDefs=column_defs,
                style={"display": "none"},
            )
        )
    return html.Div(body, className="table-block", id=f"table-{table_id}")
