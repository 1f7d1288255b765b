"""The KPIs as people read them: exact ratios, rounded half-up only for display.

The marts keep every KPI as an exact numerator and denominator; this module
turns them into the values `rcm kpis` prints and the dashboard shows, so both
round the same way: money to the cent as strings, rates as fractions rounded
half-up to 4 places, null where a denominator is zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import duckdb

from rcm import sqlfiles

KPI_KEYS: tuple[str, ...] = (
    "gross_charges",
    "remitted_claims",
    "initial_denial_rate",
    "initial_denial_rate_dollars",
    "first_pass_resolution_rate",
    "denial_recovery_rate",
    "clean_claim_rate",
    "front_end_rejection_rate",
    "gross_collection_rate",
    "net_collection_rate",
    "avg_days_to_pay",
    "median_days_to_pay",
    "insurance_ar",
    "days_in_ar",
    "ar_over_90_pct",
)

# What people call each KPI, in the command line's tables and on the dashboard.
LABELS: dict[str, str] = {
    "gross_charges": "Gross charges",
    "remitted_claims": "Remitted claims",
    "initial_denial_rate": "Initial denial rate",
    "initial_denial_rate_dollars": "Initial denial rate ($)",
    "first_pass_resolution_rate": "First-pass resolution",
    "denial_recovery_rate": "Denial recovery rate",
    "clean_claim_rate": "Clean claim rate",
    "front_end_rejection_rate": "Front-end rejection rate",
    "gross_collection_rate": "Gross collection rate",
    "net_collection_rate": "Net collection rate",
    "avg_days_to_pay": "Average days to pay",
    "median_days_to_pay": "Median days to pay",
    "insurance_ar": "Insurance A/R",
    "days_in_ar": "Days in A/R",
    "ar_over_90_pct": "A/R over 90 days",
}

FOUR_PLACES = Decimal("0.0001")
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class Benchmark:
    """An industry benchmark shown beside a KPI: `value` and whether lower is better."""

    value: Decimal
    lower_is_better: bool
    label: str
    source: str

    def met(self, value: Decimal | None) -> bool | None:
        if value is None:
            return None
        return value < self.value if self.lower_is_better else value > self.value


BENCHMARKS: dict[str, Benchmark] = {
    "days_in_ar": Benchmark(
        Decimal(40), True, "< 40 days", "HFMA MAP Keys; MGMA: days in A/R under 40"
    ),
    "initial_denial_rate": Benchmark(
        Decimal("0.10"), True, "< 10%", "HFMA / MGMA: initial denial rate under 10%"
    ),
    "first_pass_resolution_rate": Benchmark(
        Decimal("0.90"), False, "> 90%", "HFMA MAP Keys: first-pass resolution above 90%"
    ),
    "clean_claim_rate": Benchmark(
        Decimal("0.95"), False, "> 95%", "HFMA / AAPC: clean claim rate above 95%"
    ),
    "ar_over_90_pct": Benchmark(
        Decimal("0.15"), True, "< 15%", "MGMA: A/R over 90 days under 15% of A/R"
    ),
}

MONEY_KEYS = {"gross_charges", "insurance_ar"}
RATE_KEYS = {
    "initial_denial_rate",
    "initial_denial_rate_dollars",
    "first_pass_resolution_rate",
    "denial_recovery_rate",
    "clean_claim_rate",
    "front_end_rejection_rate",
    "gross_collection_rate",
    "net_collection_rate",
    "ar_over_90_pct",
}


def ratio(numerator: Any, denominator: Any) -> Decimal | None:
    """numerator / denominator exactly, rounded half-up to 4 places; None for a 0 denominator."""
    if numerator is None or denominator is None:
        return None
    den = Decimal(str(denominator))
    if den == 0:
        return None
    return (Decimal(str(numerator)) / den).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def present(row: dict[str, Any]) -> dict[str, Any]:
    """The KPI values of one mart row (numerators and denominators) as people read them."""
    median = row["median_days_to_pay"]
    values: dict[str, Any] = {
        "gross_charges": Decimal(row["gross_charges"]).quantize(CENTS),
        "remitted_claims": int(row["remitted_claims"]),
        "initial_denial_rate": ratio(row["denied_claims"], row["remitted_claims"]),
        "initial_denial_rate_dollars": ratio(row["denied_amount"], row["first_remit_billed"]),
        "first_pass_resolution_rate": ratio(
            row["first_pass_resolved_claims"], row["remitted_claims"]
        ),
        "denial_recovery_rate": ratio(row["recovered_claims"], row["denied_claims"]),
        "clean_claim_rate": ratio(row["clean_claims"], row["submitted_claims"])
        if row["checks_ran"]
        else None,
        "front_end_rejection_rate": ratio(
            row["front_end_rejected_claims"], row["acknowledged_claims"]
        ),
        "gross_collection_rate": ratio(row["collected"], row["remitted_billed"]),
        "net_collection_rate": ratio(row["collected"], row["net_collectible"]),
        "avg_days_to_pay": ratio(row["days_to_pay_total"], row["paid_claims"]),
        "median_days_to_pay": None
        if median is None
        else Decimal(str(median)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP),
        "insurance_ar": Decimal(row["insurance_ar"]).quantize(CENTS),
        "days_in_ar": ratio(Decimal(row["insurance_ar"]) * 90, row["charges_last_90_days"]),
        "ar_over_90_pct": ratio(row["ar_over_90"], row["insurance_ar"]),
    }
    return values


def as_json_values(values: dict[str, Any]) -> dict[str, Any]:
    """Money as strings with two decimals, rates and days as numbers, nulls kept."""
    out: dict[str, Any] = {}
    for key in KPI_KEYS:
        value = values[key]
        if value is None:
            out[key] = None
        elif key in MONEY_KEYS:
            out[key] = f"{value:.2f}"
        elif key == "remitted_claims":
            out[key] = int(value)
        else:
            out[key] = float(value)
    return out


@dataclass(frozen=True)
class Period:
    as_of: dt.date
    start: dt.date
    end: dt.date  # exclusive


def default_period(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Period:
    """Fill in what was not given: D = latest posting date; period [first date, D + 1 day)."""
    default_as_of, first_date = con.execute(
        sqlfiles.read("statements/kpis/default_period.sql")
    ).fetchall()[0]
    as_of = as_of or default_as_of
    if as_of is None:
        raise ValueError("the warehouse holds no claims yet; load some files first")
    start = start or first_date or as_of
    end = end or as_of + dt.timedelta(days=1)
    if end <= start:
        raise ValueError(f"empty period: --from {start} is not before --to {end}")
    return Period(as_of, start, end)


def rows(con: duckdb.DuckDBPyConnection, period: Period, by: str | None) -> list[dict[str, Any]]:
    """One presented row per payer (plus ALL), per month, or just ALL.

    The default period at the default as-of date is materialised whole
    (mart.kpi_period, mart.kpi_monthly). For other periods at the default
    as-of date the claim facts and month-end balances are materialised
    (mart.claim_summary, mart.ar_month_ends), so the answer is one aggregate
    over them; another as-of date computes them first into temporary tables
    of this connection.
    """
    default_as_of, first_date = con.execute(
        sqlfiles.read("statements/kpis/default_period.sql")
    ).fetchall()[0]
    if (period.as_of, period.start, period.end) == (
        default_as_of,
        first_date,
        default_as_of + dt.timedelta(days=1),
    ):
        query = "kpis_by_month_default.sql" if by == "month" else "kpis_default.sql"
        return _presented(con.execute(sqlfiles.read(f"statements/kpis/{query}")), by)
    params: dict[str, Any] = {
        "as_of": period.as_of,
        "period_start": period.start,
        "period_end": period.end,
        "facts": "mart.claim_summary",
    }
    if period.as_of != default_as_of:
        con.execute(sqlfiles.read("statements/kpis/facts_at.sql"), {"as_of": period.as_of})
        params["facts"] = "kpi_facts"
    if by == "month":
        params["buckets"] = "mart.ar_month_ends"
        if period.as_of != default_as_of:
            con.execute(
                sqlfiles.read("statements/kpis/buckets_at.sql"),
                {k: params[k] for k in ("as_of", "period_start", "period_end")},
            )
            params["buckets"] = "kpi_buckets"
    query = "kpis_by_month.sql" if by == "month" else "kpis_by_payer.sql"
    return _presented(con.execute(sqlfiles.read(f"statements/kpis/{query}"), params), by)


def _presented(cursor: duckdb.DuckDBPyConnection, by: str | None) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    result = []
    for raw in cursor.fetchall():
        record = dict(zip(names, raw, strict=True))
        if by is None and record["payer"] != "ALL":
            continue
        label = {"month": record["month"]} if by == "month" else {"payer": record["payer"]}
        result.append({**label, **present(record)})
    return result


def json_rows(presented: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for row in presented:
        label: dict[str, Any] = {k: row[k] for k in ("payer", "month") if k in row}
        out.append({**label, **as_json_values(row)})
    return out
