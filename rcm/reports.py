"""What the command line prints: summary tables, query results, the ledger."""

from __future__ import annotations

import csv
import io
from typing import Any

import duckdb
from rich.console import Console
from rich.table import Column, Table
from rich.text import Text

from rcm import kpis, sqlfiles
from rcm.data_quality import CheckReport
from rcm.etl.loader import LoadReport
from rcm.query import QueryResult
from rcm.warehouse import Warehouse

STATUS_STYLE = {
    "loaded": "green",
    "already_loaded": "dim",
    "rejected": "bold red",
}


def print_load(console: Console, report: LoadReport) -> None:
    """The end-of-load summary: files by outcome, rows per table, time."""
    files = Table(title=f"Load run {report.run_id}", title_justify="left")
    for column in ("file", "kind", "status", "rows", "seconds"):
        files.add_column(column, justify="right" if column in ("rows", "seconds") else "left")
    for result in report.results:
        style = STATUS_STYLE.get(result.status, "")
        files.add_row(
            result.path.name,
            result.kind or "",
            f"[{style}]{result.status}[/]" if style else result.status,
            f"{sum(result.row_counts.values()):,}",
            f"{result.seconds:.2f}",
        )
    if len(report.results) <= 40:
        console.print(files)
    summary = Table(show_header=False, box=None)
    summary.add_row("files loaded", f"{report.count('loaded'):,}")
    summary.add_row("already loaded (skipped)", f"{report.count('already_loaded'):,}")
    summary.add_row("rejected", f"{len(report.refused):,}")
    if report.count("already_rejected"):
        summary.add_row("already rejected (skipped)", f"{report.count('already_rejected'):,}")
    skipped = report.skipped
    summary.add_row("skipped, not loaded", f"{len(skipped):,}")
    for name, count in report.table_rows.items():
        summary.add_row(f"rows in {name}", f"{count:,}")
    summary.add_row("snapshot", str(report.snapshot_number))
    summary.add_row("time", f"{report.seconds:.1f} s")
    console.print(summary)
    shown = 40
    for item in skipped[:shown]:
        console.print(
            f"skipped: {item.path}: {item.reason}", markup=False, highlight=False, soft_wrap=True
        )
    if len(skipped) > shown:
        console.print(f"skipped: ... and {len(skipped) - shown:,} more", highlight=False)


def print_check(console: Console, report: CheckReport) -> None:
    """The findings per rule and the expectations of one check run."""
    console.print(report.table())


def print_result(console: Console, result: QueryResult, output: str) -> None:
    """A query result as a table, CSV or JSON (JSON and CSV go out unstyled)."""
    if output == "json":
        console.file.write(result.to_json() + "\n")
        return
    if output == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.text_rows())
        console.file.write(buffer.getvalue())
        return
    # names and values are data, never rich markup: `[link](x)` or `[bold]` print as typed
    table = Table(*(Column(header=Text(name)) for name in result.columns))
    for row in result.text_rows():
        table.add_row(*(Text(value) for value in row))
    console.print(table)
    console.print(f"{len(result.rows):,} rows", style="dim")


def print_status(console: Console, warehouse: Warehouse, *, limit: int) -> None:
    """The ledger, the reference versions and the published snapshot."""
    snapshot = warehouse.current()
    with warehouse.reader() as con:
        summary = con.execute(sqlfiles.read("statements/status/summary.sql")).fetchall()
        files = con.execute(sqlfiles.read("statements/status/files.sql"), [limit]).fetchall()
        references = _references(con)
        tables = con.execute(sqlfiles.read("statements/catalog/core_row_counts.sql")).fetchall()
        unused = _unused_segments(con, [row[0] for row in files])
        unmatched = _unmatched(con)
    size = snapshot.path.stat().st_size
    head = Table(show_header=False, box=None)
    head.add_row("warehouse", str(warehouse.root))
    published = f"{snapshot.published_at:%Y-%m-%d %H:%M:%S} UTC"
    head.add_row("published snapshot", f"{snapshot.path.name} at {published}")
    head.add_row("size", f"{size / 1e6:,.1f} MB")
    for status, count, nbytes in summary:
        head.add_row(f"files {status}", f"{count:,} ({(nbytes or 0) / 1e6:,.1f} MB)")
    console.print(head)

    ledger = Table(title="Files (newest first)", title_justify="left")
    for column in ("id", "file", "kind", "status", "bytes", "rows", "loaded at"):
        ledger.add_column(column, justify="right" if column in ("bytes", "rows") else "left")
    problems: list[tuple[str, str, str]] = []
    for file_id, name, kind, status, nbytes, rows, loaded_at, error in files:
        style = STATUS_STYLE.get(status, "")
        ledger.add_row(
            str(file_id),
            name,
            kind or "",
            f"[{style}]{status}[/]" if style else status,
            f"{nbytes:,}",
            f"{rows or 0:,}",
            loaded_at,
        )
        if error:
            problems.append((str(file_id), status, error))
    console.print(ledger)
    for file_id, status, error in problems:
        label = "[bold red]rejected[/]" if status == "rejected" else "[yellow]warning[/]"
        console.print(f"{label} #{file_id}: {error}", highlight=False, soft_wrap=True)
    names = {row[0]: row[1] for row in files}
    for file_id, not_used in unused:
        console.print(
            f"#{file_id} {names[file_id]}: not used: {not_used}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )

    counts = Table("table", "rows", title="Rows", title_justify="left")
    for name, count in tables:
        counts.add_row(name, f"{count:,}")
    console.print(counts)

    refs = Table(
        "table", "file", "source", "effective", "version", "origin", title="Reference data"
    )
    for row in references:
        refs.add_row(*(value or "" for value in row))
    console.print(refs)

    for title, (total, first) in unmatched.items():
        listed = f", newest {len(first)} listed" if total > len(first) else ""
        console.print(f"{title}: {total:,}{listed}", highlight=False)
        for kind, file_name, segment, about, reason in first:
            console.print(
                f"  {kind} {file_name} segment {segment} ({about or '?'}): {reason}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )


UNMATCHED_SHOWN = 5


def _unmatched(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, list[tuple[Any, ...]]]]:
    """Unmatched acknowledgements and remittances: count and the first few; a warehouse made
    before those views exist has neither."""
    present = {
        row[0]
        for row in con.execute(sqlfiles.read("statements/status/unmatched_catalog.sql")).fetchall()
    }
    out: dict[str, tuple[int, list[tuple[Any, ...]]]] = {}
    for view, title in (
        ("unmatched_acknowledgements", "Unmatched acknowledgements (999, 277CA)"),
        ("unmatched_remittances", "Unmatched remittances (835)"),
    ):
        if view not in present:
            continue
        rows = con.execute(
            sqlfiles.read(f"statements/status/{view}.sql"), [UNMATCHED_SHOWN]
        ).fetchall()
        out[title] = (rows[0][0] if rows else 0, [row[1:] for row in rows])
    return out


def _unused_segments(con: duckdb.DuckDBPyConnection, file_ids: list[int]) -> list[tuple[int, str]]:
    """Per listed X12 file, the guide's segments it sent that are counted, not read; a
    warehouse not loaded since that count was added has none."""
    try:
        return con.execute(
            sqlfiles.read("statements/status/unused_segments.sql"), [file_ids]
        ).fetchall()
    except duckdb.CatalogException:
        return []


def _references(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """Reference versions; a warehouse not loaded since the official flag was added has none."""
    try:
        return con.execute(sqlfiles.read("statements/status/references.sql")).fetchall()
    except duckdb.BinderException:
        return con.execute(sqlfiles.read("statements/status/references_legacy.sql")).fetchall()


def format_kpi(key: str, value: Any) -> str:
    if value is None:
        return "-"
    if key in kpis.MONEY_KEYS:
        return f"{value:,.2f}"
    if key in kpis.RATE_KEYS:
        return f"{value * 100:.2f}%"
    if key == "remitted_claims":
        return f"{value:,}"
    return f"{value:,.1f}"


def print_kpis(
    console: Console, presented: list[dict[str, Any]], period: kpis.Period, output: str
) -> None:
    """KPIs as JSON, CSV, or a table with each benchmark beside its KPI (misses in red)."""
    if output == "json":
        import json

        console.file.write(json.dumps(kpis.json_rows(presented)) + "\n")
        return
    if output == "csv":
        rows = kpis.json_rows(presented)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        header = [k for k in ("payer", "month") if rows and k in rows[0]] + list(kpis.KPI_KEYS)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if row[k] is None else row[k] for k in header])
        console.file.write(buffer.getvalue())
        return
    title = f"KPIs as of {period.as_of}, period {period.start} to {period.end} (exclusive)"
    table = Table(title=title, title_justify="left")
    table.add_column("KPI")
    groups = [row.get("payer") or row.get("month") for row in presented]
    for group in groups:
        table.add_column(str(group), justify="right")
    table.add_column("benchmark", style="dim")
    for key in kpis.KPI_KEYS:
        benchmark = kpis.BENCHMARKS.get(key)
        cells = []
        for row in presented:
            text = format_kpi(key, row[key])
            met = benchmark.met(row[key]) if benchmark else None
            cells.append(f"[red]{text}[/]" if met is False else text)
        table.add_row(kpis.LABELS[key], *cells, benchmark.label if benchmark else "")
    console.print(table)
