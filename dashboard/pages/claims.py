"""The claims behind a number: a list filtered by the global filters and what was clicked."""

from __future__ import annotations

from dash import dcc, html

from rcm import kpis as kpi_values
from rcm.dashboard.components.format import KPI_LABELS
from rcm.dashboard.components.tables import data_table, with_claim_links
from rcm.dashboard.data import ROW_LIMIT, DashboardData
from rcm.dashboard.filters import AGING_BUCKETS, Filters

PATH = "/claims"
TITLE = "Claims"

DRILL_KEYS = ("kpi", "bucket", "category", "carc", "procedure", "rule", "denied", "rejected")

# What each KPI's list holds (the population behind the number).
KPI_POPULATIONS: dict[str, str] = {
    "gross_charges": "claims first submitted in the period",
    "remitted_claims": "claims whose first remittance posted in the period",
    "initial_denial_rate": "initially denied claims (first remittance in the period)",
    "initial_denial_rate_dollars": "initially denied claims (first remittance in the period)",
    "first_pass_resolution_rate": (
        "claims remitted in the period that were NOT resolved on the first pass"
    ),
    "denial_recovery_rate": "initially denied claims (first remittance in the period) recovered",
    "clean_claim_rate": "claims first submitted in the period with an error-severity flag",
    "front_end_rejection_rate": (
        "claims first submitted in the period whose first submission a 999 or 277CA rejected"
    ),
    "gross_collection_rate": "claims whose first remittance posted in the period",
    "net_collection_rate": "claims whose first remittance posted in the period",
    "avg_days_to_pay": "claims first paid in the period",
    "median_days_to_pay": "claims first paid in the period",
    "insurance_ar": "claims with an open insurance balance at the as-of date",
    "days_in_ar": "claims with an open insurance balance at the as-of date",
    "ar_over_90_pct": "claims with an open balance aged 91 days or more at the as-of date",
}

COLUMNS = [
    "open",
    "billing_npi",
    "claim_id",
    "payer_id",
    "rendering_npi",
    "location_id",
    "first_submitted_date",
    "billed_amount",
    "first_remit_date",
    "first_status_code",
    "initially_denied",
    "initial_denied_amount",
    "first_pass_resolved",
    "recovered",
    "paid_amount",
    "first_paid_date",
    "days_to_pay",
    "insurance_balance",
    "age_days",
    "is_voided",
]


def drill(params: dict[str, str]) -> dict[str, str | None]:
    """The drill-down parameters, unknown values dropped."""
    values: dict[str, str | None] = {key: params.get(key) for key in DRILL_KEYS}
    if values["kpi"] not in kpi_values.KPI_KEYS:
        values["kpi"] = None
    if values["bucket"] not in AGING_BUCKETS:
        values["bucket"] = None
    return values


def describe(values: dict[str, str | None]) -> str:
    parts = []
    if values["kpi"]:
        parts.append(f"{KPI_LABELS[values['kpi']]}: {KPI_POPULATIONS[values['kpi']]}")
    if values["bucket"]:
        parts.append(f"open balance aged {values['bucket']} days at the as-of date")
    for key, label in (
        ("category", "denial category"),
        ("carc", "CARC"),
        ("procedure", "denied procedure"),
    ):
        if values[key]:
            parts.append(f"{label} {values[key]} posted in the period")
    if values["denied"]:
        parts.append("a denial posted in the period")
    if values["rule"]:
        parts.append(f"flagged by {values['rule']}")
    if values["rejected"]:
        parts.append(f"front-end rejected: {values['rejected']}")
    return "; ".join(parts) or "claims first submitted in the period"


def render(data: DashboardData, filters: Filters, params: dict[str, str]) -> html.Div:
    values = drill(params)
    result = data.claims(filters, values)
    rows = result["rows"]
    total = result["total"]
    frame = result["frame"]
    shown = f"{total:,} claims" + (f", first {ROW_LIMIT:,} shown" if total > len(rows) else "")
    return html.Div(
        [
            html.H2(describe(values), id="claims-heading"),
            html.P(
                [
                    f"{shown}. Period {frame.start} to {frame.last_day}, as of {frame.as_of}. ",
                    dcc.Link("Back to the overview", href="/" + filters.query()),
                ],
                className="note",
                id="claims-count",
            ),
            data_table(
                "claims",
                with_claim_links(rows),
                columns=COLUMNS,
                title="Claims",
                height=560,
                empty="No claims match.",
            ),
        ]
    )
