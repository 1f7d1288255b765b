"""The `rcm` command line: parses arguments and calls one function per command.

Whatever writes the warehouse goes through `rcm.pipeline`, which owns the order
of work; this module only turns arguments into a call and the result into
lines. It imports inside the commands so `rcm --help` stays fast.
"""

from __future__ import annotations

import datetime as dt
import enum
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from rcm.config import warehouse_dir
from rcm.warehouse import Warehouse, WarehouseError

app = typer.Typer(
    name="rcm",
    help="Revenue-cycle analytics: load X12 837/835 and CSV extracts into DuckDB, "
    "check coding and data quality, and report the KPIs a billing office watches.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
reference_app = typer.Typer(help="Reference data: official CMS NCCI PTP and MUE files.")
app.add_typer(reference_app, name="reference")
user_app = typer.Typer(help="Users and roles of the work store (who may sign in to the dashboard).")
app.add_typer(user_app, name="user")

console = Console()
errors = Console(stderr=True)


class OutputFormat(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class Role(enum.StrEnum):
    admin = "admin"
    revenue = "revenue"
    compliance = "compliance"
    analyst = "analyst"


class GroupBy(enum.StrEnum):
    month = "month"
    payer = "payer"


class State:
    warehouse_option: str | None = None
    work_store_option: str | None = None

    @property
    def warehouse(self) -> Warehouse:
        return Warehouse(warehouse_dir(self.warehouse_option))

    @property
    def work_store_url(self) -> str:
        from rcm.config import work_store_url

        return work_store_url(self.work_store_option, warehouse_dir(self.warehouse_option))

    def work_store(self) -> Any:
        from rcm.workstore import WorkStore

        return WorkStore(self.work_store_url)


state = State()


def fail(message: str, code: int = 1) -> NoReturn:
    """One clear line on stderr and an exit code, never a traceback."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@app.callback()
def main_options(
    warehouse: Annotated[
        str | None,
        typer.Option(
            "--warehouse",
            help="Warehouse folder (default: $RCM_WAREHOUSE, then ./warehouse/).",
            show_default=False,
        ),
    ] = None,
    work_store: Annotated[
        str | None,
        typer.Option(
            "--work-store",
            help="Work store: a SQLite file or a postgresql:// URL "
            "(default: $RCM_WORK_STORE, then <warehouse>/work.sqlite).",
            show_default=False,
        ),
    ] = None,
) -> None:
    state.warehouse_option = warehouse
    state.work_store_option = work_store


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8050,
) -> None:
    """Make sample data if absent, load it, run the checks and serve the dashboard."""
    from rcm import pipeline, reports
    from rcm.config import SAMPLE_DIR
    from rcm.dashboard import serve as serve_dashboard

    sample = SAMPLE_DIR.resolve()
    if not pipeline.has_sample(sample):
        console.print(f"making sample data in {sample}")
    ready = pipeline.prepare_demo(
        state.warehouse,
        state.work_store_url,
        sample,
        actor=_actor(),
        progress=console.is_terminal,
    )
    reports.print_load(console, ready.outcome.load)
    console.print(
        f"sign in as [bold]{ready.user}[/] with the password [bold]{ready.password}[/] "
        "(shown only now; `rcm demo` makes a new one each time)",
        highlight=False,
        soft_wrap=True,
    )
    console.print(f"dashboard: http://{host}:{port}/  (Ctrl+C to stop)")
    serve_dashboard(state.warehouse, host=host, port=port, work_store=state.work_store_url)


@app.command()
def generate(
    out: Annotated[Path, typer.Option("--out", help="Folder to write into.")],
    claims: Annotated[int, typer.Option(min=1, help="Number of claims.")] = 2000,
    seed: Annotated[int, typer.Option(help="Random seed: same arguments, same bytes.")] = 1,
    start: Annotated[
        dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="First service date.")
    ] = dt.datetime(2026, 1, 1),
    months: Annotated[int, typer.Option(min=1, max=60, help="Months of activity.")] = 12,
) -> None:
    """Write synthetic 837P/837I, 835 and CSV files with seeded anomalies and a ground truth."""
    from rcm.generator import generate as run

    summary = run(out, claims=claims, seed=seed, start=start.date(), months=months, progress=True)
    for key, value in summary.as_dict().items():
        console.print(f"{key:>16}  {value}")


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (recursed).")],
    wait: Annotated[
        float, typer.Option(help="Seconds to wait for another writer to finish.")
    ] = 0.0,
    no_check: Annotated[
        bool, typer.Option("--no-check", help="Skip the data-quality checks after loading.")
    ] = False,
) -> None:
    """Load 837, 835 and CSV files into a new warehouse snapshot; exit 1 if any was rejected."""
    from rcm import pipeline, reports

    try:
        outcome = pipeline.load(
            state.warehouse,
            paths,
            progress=console.is_terminal,
            wait_seconds=wait,
            checks=not no_check,
        )
    except FileNotFoundError as exc:
        fail(str(exc), code=2)
    report = outcome.load
    reports.print_load(console, report)
    if report.refused:
        for result in report.refused:
            errors.print(f"[red]rejected:[/] {result.error}", highlight=False, soft_wrap=True)
        raise typer.Exit(1)


@app.command()
def check(
    wait: Annotated[
        float, typer.Option(help="Seconds to wait for another writer to finish.")
    ] = 0.0,
) -> None:
    """Run the expectation suites and coding rules on the warehouse and summarise the findings."""
    from rcm import pipeline, reports

    reports.print_check(console, pipeline.check(state.warehouse, wait_seconds=wait))


@app.command()
def kpis(
    as_of: Annotated[
        dt.datetime | None,
        typer.Option("--as-of", formats=["%Y-%m-%d"], help="As-of date (default: last payment)."),
    ] = None,
    date_from: Annotated[
        dt.datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="Period start.")
    ] = None,
    date_to: Annotated[
        dt.datetime | None,
        typer.Option("--to", formats=["%Y-%m-%d"], help="Period end (exclusive)."),
    ] = None,
    by: Annotated[GroupBy | None, typer.Option("--by", help="Rows per month or payer.")] = None,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
) -> None:
    """Print the KPIs of the metric definitions, overall, by month or by payer."""
    from rcm import kpis as kpi_values
    from rcm import reports

    with state.warehouse.reader() as con:
        try:
            period = kpi_values.default_period(
                con,
                as_of.date() if as_of else None,
                date_from.date() if date_from else None,
                date_to.date() if date_to else None,
            )
        except ValueError as exc:
            fail(str(exc))
        presented = kpi_values.rows(con, period, by.value if by else None)
    reports.print_kpis(console, presented, period, output.value)


@app.command()
def sql(
    query_text: Annotated[
        str,
        typer.Argument(
            metavar="QUERY|-|@FILE",
            help="One read-only SQL statement; - reads it from standard input, @FILE from a file.",
        ),
    ],
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
    limit: Annotated[int, typer.Option(min=1, help="Row limit.")] = 10_000,
    timeout: Annotated[float, typer.Option(min=0.1, help="Time limit in seconds.")] = 30.0,
    max_mb: Annotated[
        float, typer.Option("--max-mb", min=0.001, help="Result-size limit in MB.")
    ] = 64.0,
) -> None:
    """Run one read-only statement against the published warehouse (exit 1 when refused)."""
    from rcm import query, reports

    text = _query_text(query_text)
    try:
        with _StdoutQuiet():  # DuckDB's progress bar writes to stdout itself
            result = query.run(
                state.warehouse,
                text,
                row_limit=limit,
                time_limit_s=timeout,
                byte_limit=int(max_mb * 1024 * 1024),
            )
        reports.print_result(console, result, output.value)
    except query.QueryRefused as exc:
        from rich.markup import escape

        fail(escape(str(exc)))
    if result.note:
        errors.print(f"note: the result was {result.note}", highlight=False)


def _query_text(argument: str) -> str:
    """The query itself, `-` for standard input, or `@FILE` for a file's text."""
    if argument == "-":
        return sys.stdin.read()
    if argument.startswith("@"):
        path = Path(argument[1:])
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"cannot read the query from {path}: {getattr(exc, 'strerror', None) or exc}", 2)
    return argument


class _StdoutQuiet:
    """File descriptor 1 to /dev/null while DuckDB runs, so only results reach stdout."""

    def __enter__(self) -> None:
        import os

        sys.stdout.flush()
        self.saved = os.dup(1)
        with open(os.devnull, "w") as sink:
            os.dup2(sink.fileno(), 1)

    def __exit__(self, *exc: object) -> None:
        import os

        os.dup2(self.saved, 1)
        os.close(self.saved)


@app.command()
def status(
    files: Annotated[int, typer.Option(min=1, help="How many recent files to list.")] = 50,
) -> None:
    """The ledger: files loaded and rejected (with reasons), row counts, warehouse size."""
    from rcm import reports

    reports.print_status(console, state.warehouse, limit=files)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8050,
) -> None:
    """Serve the dashboard (sign-in required: add a user first with `rcm user add`)."""
    from rcm.dashboard import serve as serve_dashboard

    with state.work_store() as store:
        if not store.active_users():
            fail(
                "no active user may sign in to the dashboard; add one first, e.g.\n"
                "  rcm user add NAME --role admin"
            )
    state.warehouse.current()  # a clear error now rather than on the first page
    console.print(f"dashboard: http://{host}:{port}/  (Ctrl+C to stop)")
    serve_dashboard(state.warehouse, host=host, port=port, work_store=state.work_store_url)


def _actor() -> str:
    """Who made a change from the command line, as the audit log records it."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        import os

        return f"cli:uid {os.getuid()}"


def _new_password(confirm: bool = True) -> str:
    """From a hidden prompt on a terminal, else the first line of standard input."""
    if sys.stdin is not None and sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=confirm)
    else:
        password = (sys.stdin.readline() if sys.stdin is not None else "").rstrip("\r\n")
    if not password:
        fail("no password given (type it at the prompt, or pipe it on standard input)", code=2)
    return password


def _store_change(change: Any) -> Any:
    from rcm.workstore import WorkStoreError

    with state.work_store() as store:
        try:
            return change(store)
        except WorkStoreError as exc:
            fail(str(exc))


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Sign-in name.")],
    role: Annotated[Role, typer.Option("--role", help="What the user may see.")],
) -> None:
    """Add a user; the password is asked for (or read from standard input)."""
    password = _new_password()
    user = _store_change(lambda s: s.add_user(name, role.value, password, actor=_actor()))
    console.print(f"added {user.name} ({user.role})", highlight=False)


@user_app.command("list")
def user_list(
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
) -> None:
    """Every user: role, whether they may sign in, when added and last signed in."""
    with state.work_store() as store:
        rows = [
            {
                "name": u.name,
                "role": u.role,
                "active": u.active,
                "created_at": u.created_at.isoformat(timespec="seconds"),
                "last_sign_in_at": u.last_sign_in_at.isoformat(timespec="seconds")
                if u.last_sign_in_at
                else None,
            }
            for u in store.users()
        ]
    _print_rows(rows, ["name", "role", "active", "created_at", "last_sign_in_at"], output)


@user_app.command("disable")
def user_disable(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Sign-in name.")],
) -> None:
    """Stop a user from signing in; their open dashboard sessions end at once."""
    _store_change(lambda s: s.disable(name, actor=_actor()))
    console.print(f"disabled {name}", highlight=False)


@user_app.command("passwd")
def user_passwd(name: Annotated[str, typer.Argument(metavar="NAME", help="Sign-in name.")]) -> None:
    """Set a new password (asked for, or read from standard input); open sessions end."""
    with state.work_store() as store:
        if store.user(name) is None:
            fail(f"no user {name!r}")
    password = _new_password()
    _store_change(lambda s: s.set_password(name, password, actor=_actor()))
    console.print(f"password set for {name}", highlight=False)


@app.command()
def audit(
    user: Annotated[str | None, typer.Option("--user", help="Only this user's entries.")] = None,
    action: Annotated[
        str | None, typer.Option("--action", help="Only this action (e.g. sign_in, sql_query).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many of the newest entries.")] = 100,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
) -> None:
    """The audit log of the work store, newest first: sign-ins, claims opened, queries, exports."""
    with state.work_store() as store:
        entries = [e.as_dict() for e in store.audit_log(user=user, action=action, limit=limit)]
    columns = ["at", "user", "action", "target", "row_count", "address", "detail"]
    _print_rows(entries, columns, output)


def _print_rows(rows: list[dict[str, Any]], columns: list[str], output: OutputFormat) -> None:
    import csv
    import json

    if output is OutputFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return

    def shown(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False)
        return str(value)

    text = [{c: shown(r.get(c)) for c in columns} for r in rows]
    if output is OutputFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(text)
        return
    from rich.table import Table

    table = Table(*columns)
    for r in text:
        table.add_row(*(r[c] for c in columns))
    console.print(table)


@reference_app.command("load")
def reference_load(
    ncci_ptp: Annotated[
        list[Path] | None, typer.Option("--ncci-ptp", help="CMS NCCI practitioner PTP file(s).")
    ] = None,
    mue: Annotated[Path | None, typer.Option("--mue", help="CMS practitioner MUE file.")] = None,
) -> None:
    """Load official CMS NCCI PTP and MUE files as a new reference version."""
    from rcm import pipeline

    if not ncci_ptp and mue is None:
        fail("give at least one of --ncci-ptp FILE and --mue FILE", code=2)
    summary = pipeline.load_official_reference(state.warehouse, ncci_ptp=ncci_ptp or [], mue=mue)
    console.print(summary)


MAIN_OPTIONS = ("--warehouse", "--work-store")


def _main_options_first(argv: list[str]) -> list[str]:
    """The main command's options are accepted after the subcommand too: move them before it."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        if arg in MAIN_OPTIONS and i + 1 < len(argv):
            front.extend(argv[i : i + 2])
            i += 2
            continue
        if arg.split("=", 1)[0] in MAIN_OPTIONS and "=" in arg:
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def main() -> None:
    try:
        app(args=_main_options_first(sys.argv[1:]))
    except WarehouseError as exc:
        errors.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
