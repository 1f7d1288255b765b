"""Every query the dashboard runs, one function per page, each on its own read-only connection.

The SQL lives in `sql/dashboard/` and takes `$name` parameters, so user input
never becomes SQL text. Each call resolves the published snapshot afresh
(`Warehouse.reader()`), so a load in progress never disturbs a page and a
finished load shows on the next request. A connection to the current snapshot
is kept open between requests: DuckDB then shares one database instance and a
request's connection costs a millisecond instead of re-reading the file.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from rcm import kpis as kpi_values
from rcm import query as adhoc
from rcm import sqlfiles
from rcm.config import SQL_ROOT
from rcm.dashboard.filters import AGING_BUCKETS, Filters
from rcm.warehouse import DEFAULT_TIME_LIMIT_MS, Warehouse

ROW_LIMIT = 5_000
WORKBENCH_ROW_LIMIT = 5_000
LEDGER_ROW_LIMIT = 1_000
# Every connection to one file in a process must share its settings, so the
# workbench runs with the readers' time limit.
WORKBENCH_TIME_LIMIT_S = DEFAULT_TIME_LIMIT_MS / 1000
_PARAMETER = re.compile(r"\$([a-z_]+)")


@dataclass(frozen=True)
class Frame:
    """The dates a page reads its filters against."""

    as_of: dt.date
    first_date: dt.date
    start: dt.date
    end: dt.date  # exclusive
    snapshot: int | None

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)


def _read(name: str) -> str:
    """A dashboard query by name, or any SQL file by its path under `sql/`."""
    return sqlfiles.read(name if name.endswith(".sql") else f"dashboard/{name}.sql")


# The temporary objects of each connection, one a file, in the order they are made.
SESSION = ("dash_filter", "dash_facts", "dash_flags", "dash_status_category")


def _parameters(sql: str, values: dict[str, Any]) -> dict[str, Any]:
    return {name: values.get(name) for name in sorted(set(_PARAMETER.findall(sql)))}


class _Keeper:
    """Holds one connection to the published snapshot so request connections are cheap."""

    def __init__(self, warehouse: Warehouse) -> None:
        self.warehouse = warehouse
        self._lock = threading.Lock()
        self._path: Path | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        atexit.register(self.close)

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
            self._con, self._path = None, None

    def hold(self) -> None:
        path = self.warehouse.current().path
        if path == self._path:
            return
        with self._lock:
            if path == self._path:
                return
            old, self._con = self._con, self.warehouse.connect()
            self._path = path
            if old is not None:
                old.close()


class Request:
    """One request's read-only connection with the dashboard's temporary macros."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        for name in SESSION:
            con.execute(_read(f"dashboard/session/{name}.sql"))
        catalog = self.rows("has_acknowledgements")[0]
        self.has_acknowledgements: bool = catalog["has_acknowledgements"]
        self.has_unmatched_remittances: bool = catalog["has_unmatched_remittances"]
        rejections = "dash_rejections" if self.has_acknowledgements else "dash_rejections_empty"
        con.execute(_read(f"dashboard/session/{rejections}.sql"))
        self._frame_cache: dict[Filters, Frame] = {}
        self._filtered: Filters | None = None

    def rows(self, name: str, **values: Any) -> list[dict[str, Any]]:
        sql = _read(name)
        cursor = self.con.execute(sql, _parameters(sql, values))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def frame(self, filters: Filters) -> Frame:
        if filters not in self._frame_cache:
            bounds = self.rows("bounds")[0]
            as_of, first_date = bounds["as_of_date"], bounds["first_date"]
            if as_of is None:
                raise EmptyWarehouse("the warehouse holds no claims yet; load some files first")
            start = filters.start or first_date
            end = (filters.end or as_of) + dt.timedelta(days=1)
            if end <= start:
                end = start + dt.timedelta(days=1)
            self._frame_cache[filters] = Frame(
                as_of, first_date, start, end, bounds["snapshot_number"]
            )
        return self._frame_cache[filters]

    def values(self, filters: Filters, **extra: Any) -> dict[str, Any]:
        """The parameters every filtered query takes; dash_facts now holds these filters."""
        frame = self.frame(filters)
        if self._filtered != filters:
            sql = _read("set_filters")
            self.con.execute(
                sql,
                _parameters(
                    sql,
                    {
                        "payer": filters.payer,
                        "provider": filters.provider,
                        "location": filters.location,
                        "start": frame.start,
                        "end": frame.end,
                    },
                ),
            )
            self._filtered = filters
        return {
            "as_of": frame.as_of,
            "start": frame.start,
            "end": frame.end,
            "payer": filters.payer,
            "payer_or_all": filters.payer or "ALL",
            "provider": filters.provider,
            "location": filters.location,
            "row_limit": ROW_LIMIT,
            **extra,
        }


class EmptyWarehouse(RuntimeError):
    """Published, but no claims loaded yet."""


@dataclass
class KpiView:
    frame: Frame
    all_payers: dict[str, Any]
    by_payer: list[dict[str, Any]]
    raw_all: dict[str, Any] = field(default_factory=dict)


def _presented_trend(rows: list[dict[str, Any]], with_snapshots: bool) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        filled = {
            "insurance_ar": 0,
            "charges_last_90_days": 0,
            "ar_over_90": 0,
            **row,
        }
        values = kpi_values.present(filled)
        if not with_snapshots:
            for key in ("insurance_ar", "days_in_ar", "ar_over_90_pct"):
                values[key] = None
        out.append({"month": row["month"], **values})
    return out


class DashboardData:
    """The dashboard's view of one warehouse folder."""

    def __init__(self, warehouse: Warehouse) -> None:
        self.warehouse = warehouse
        self._keeper = _Keeper(warehouse)

    @contextlib.contextmanager
    def request(self) -> Iterator[Request]:
        self._keeper.hold()
        with self.warehouse.reader() as con:
            yield Request(con)

    # -- filters -------------------------------------------------------------

    def filter_options(self) -> dict[str, list[dict[str, str]]]:
        with self.request() as s:
            options: dict[str, list[dict[str, str]]] = {"payer": [], "provider": [], "location": []}
            for row in s.rows("filter_options"):
                options[row["kind"]].append({"value": row["value"], "label": row["label"]})
            bounds = s.rows("bounds")[0]
            options["bounds"] = [
                {
                    "value": str(bounds["first_date"] or ""),
                    "label": str(bounds["as_of_date"] or ""),
                }
            ]
            return options

    # -- KPIs ----------------------------------------------------------------

    def kpis(self, filters: Filters) -> KpiView:
        with self.request() as s:
            return self._kpis(s, filters)

    def _kpis(self, s: Request, filters: Filters) -> KpiView:
        values = s.values(filters)
        frame = s.frame(filters)
        whole_period = (frame.start, frame.end) == (
            frame.first_date,
            frame.as_of + dt.timedelta(days=1),
        )
        if filters.provider or filters.location:
            rows = s.rows("kpis", **values, facts="dash_facts")
        elif whole_period:  # precomputed by the marts, by payer
            rows = s.rows("statements/kpis/kpis_default.sql")
        else:
            rows = s.rows("kpis", **values, facts="mart.claim_summary")
        if filters.payer and not (filters.provider or filters.location):
            # one payer's claims: its own row is also their all-payer total
            own = [r for r in rows if r["payer"] == filters.payer]
            rows = [{**r, "payer": "ALL"} for r in own] + own
        presented = [{"payer": r["payer"], **kpi_values.present(r)} for r in rows]
        all_row = next((p for p in presented if p["payer"] == "ALL"), None)
        raw_all = next((r for r in rows if r["payer"] == "ALL"), {})
        if all_row is None:  # no claims pass the filters
            all_row = {"payer": "ALL", **{key: None for key in kpi_values.KPI_KEYS}}
        return KpiView(
            s.frame(filters), all_row, [p for p in presented if p["payer"] != "ALL"], raw_all
        )

    def trend(self, s: Request, filters: Filters) -> tuple[list[dict[str, Any]], bool]:
        """Month-by-month KPIs; the bool says whether A/R snapshots are included."""
        values = s.values(filters)
        if filters.provider or filters.location:
            return _presented_trend(s.rows("monthly_flows", **values), False), False
        return _presented_trend(s.rows("kpi_monthly", **values), True), True

    def overview(self, filters: Filters) -> dict[str, Any]:
        with self.request() as s:
            view = self._kpis(s, filters)
            trend, has_ar = self.trend(s, filters)
            return {"kpis": view, "trend": trend[-12:], "trend_has_ar": has_ar}

    # -- pages ---------------------------------------------------------------

    def denials(self, filters: Filters) -> dict[str, Any]:
        with self.request() as s:
            rows = s.rows("denials", **s.values(filters))
            grouped: dict[str, list[dict[str, Any]]] = {}
            for row in rows:
                grouped.setdefault(row["dimension"], []).append(row)
            return {"frame": s.frame(filters), "by": grouped, "names": self._names(s)}

    def ar(self, filters: Filters) -> dict[str, Any]:
        with self.request() as s:
            values = s.values(filters)
            aging = s.rows("ar_aging", **values)
            for row in aging:
                row["bucket"] = AGING_BUCKETS[row["bucket_order"] - 1]
            trend: list[dict[str, Any]] = []
            if not (filters.provider or filters.location):
                for row in s.rows("ar_trend", **values):
                    trend.append(
                        {
                            "month": row["month"],
                            "snapshot_date": row["snapshot_date"],
                            "insurance_ar": row["insurance_ar"],
                            "days_in_ar": kpi_values.ratio(
                                row["insurance_ar"] * 90, row["charges_last_90_days"]
                            ),
                            "ar_over_90_pct": kpi_values.ratio(
                                row["ar_over_90"], row["insurance_ar"]
                            ),
                        }
                    )
            view = self._kpis(s, filters)
            return {"frame": s.frame(filters), "aging": aging, "trend": trend, "kpis": view}

    def payers(self, filters: Filters) -> dict[str, Any]:
        with self.request() as s:
            values = s.values(filters)
            view = self._kpis(s, filters)
            reasons = {
                r["payer_id"]: r["top_denial_reasons"]
                for r in s.rows("top_denial_reasons", **values)
            }
            days = s.rows("days_to_pay", **values)
            return {
                "frame": s.frame(filters),
                "kpis": view,
                "reasons": reasons,
                "days": days,
                "names": self._names(s),
            }

    def compliance(self, filters: Filters) -> dict[str, Any]:
        with self.request() as s:
            values = s.values(filters)
            summary = s.rows("flags_summary", **values)
            grouped: dict[str, list[dict[str, Any]]] = {}
            for row in summary:
                grouped.setdefault(row["dimension"], []).append(row)
            flags = s.rows("flags", **values)
            runs = s.rows("check_runs")
            return {"frame": s.frame(filters), "by": grouped, "flags": flags, "runs": runs}

    def provider(self, npi: str) -> dict[str, Any]:
        with self.request() as s:
            info = s.rows("provider", npi=npi)
            return {
                "provider": info[0] if info else None,
                "em_mix": s.rows("provider_em_mix", npi=npi),
                "modifiers": s.rows("provider_modifiers", npi=npi),
                "evidence": s.rows("provider_evidence", npi=npi),
                "runs": s.rows("check_runs"),
            }

    def quality(self) -> dict[str, Any]:
        with self.request() as s:
            return {
                "runs": s.rows("check_runs"),
                "expectations": s.rows("expectation_results"),
                "ledger": s.rows("ledger", row_limit=LEDGER_ROW_LIMIT),
                "ledger_summary": s.rows("ledger_summary"),
                "has_acknowledgements": s.has_acknowledgements,
                "rejections": s.rows("front_end_rejections"),
                "unmatched_acknowledgements": (
                    s.rows("unmatched_acknowledgements", row_limit=LEDGER_ROW_LIMIT)
                    if s.has_acknowledgements
                    else []
                ),
                "unmatched_remittances": (
                    s.rows("unmatched_remittances", row_limit=LEDGER_ROW_LIMIT)
                    if s.has_unmatched_remittances
                    else []
                ),
            }

    def claims(self, filters: Filters, drill: dict[str, str | None]) -> dict[str, Any]:
        with self.request() as s:
            values = s.values(filters, **drill)
            rows = s.rows("claims", **values)
            total = rows[0]["total"] if rows else 0
            return {"frame": s.frame(filters), "rows": rows, "total": total}

    def claim(self, billing_npi: str, claim_id: str) -> dict[str, Any] | None:
        with self.request() as s:
            key = {"billing_npi": billing_npi, "claim_id": claim_id}
            header = s.rows("claim_header", **key)
            if not header:
                return None
            return {
                "header": header[0],
                "submissions": s.rows("claim_submissions", **key),
                "lines": s.rows("claim_lines", **key),
                "remittances": s.rows("claim_remittances", **key),
                "adjustments": s.rows("claim_adjustments", **key),
                "remarks": s.rows("claim_remarks", **key),
                "write_offs": s.rows("claim_write_offs", **key),
                "flags": s.rows("claim_flags", **key),
                "acknowledgements": (
                    s.rows("claim_acknowledgements", **key) if s.has_acknowledgements else []
                ),
            }

    # -- SQL workbench -------------------------------------------------------

    def schema(self) -> dict[str, list[dict[str, Any]]]:
        with self.request() as s:
            return {"tables": s.rows("schema_tables"), "columns": s.rows("schema_columns")}

    def run_sql(self, sql: str) -> adhoc.QueryResult:
        """An analyst's query through rcm.query: sandboxed, time and row limits, clear refusals."""
        self._keeper.hold()
        return adhoc.run(
            self.warehouse,
            sql,
            row_limit=WORKBENCH_ROW_LIMIT,
            time_limit_s=WORKBENCH_TIME_LIMIT_S,
        )

    # -- helpers -------------------------------------------------------------

    @staticmethod
    def _names(s: Request) -> dict[str, str]:
        return {r["payer_id"]: r["payer_name"] or r["payer_id"] for r in s.rows("payers")}


def example_queries() -> list[dict[str, str]]:
    """The workbench's example queries (`sql/dashboard/examples/`), titled by their first line."""
    examples = []
    for path in sorted((SQL_ROOT / "dashboard" / "examples").glob("*.sql")):
        text = sqlfiles.read(path.relative_to(SQL_ROOT).as_posix())
        first = text.splitlines()[0] if text else ""
        title = first.removeprefix("--").strip() if first.startswith("--") else path.stem
        examples.append({"name": path.stem, "title": title, "sql": text.strip()})
    return examples
