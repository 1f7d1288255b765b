"""One claim's timeline: submissions with their 999 and 277CA acknowledgements,
remittances, adjustments with CARC text, remarks with RARC text, write-offs and coding
flags."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import dcc, html

from rcm.dashboard.components import charts
from rcm.dashboard.components.format import money
from rcm.dashboard.components.tables import data_table
from rcm.dashboard.data import DashboardData
from rcm.dashboard.filters import Filters

PATH = "/claim"
TITLE = "Claim"


def _timeline(result: dict[str, Any]) -> go.Figure:
    fig = charts.figure("Timeline", height=260, showlegend=False)
    events: list[tuple[Any, str, str]] = []
    for s in result["submissions"]:
        events.append(
            (s["submission_date"], "submission", f"{s['kind']} {money(s['total_charge'])}")
        )
    for a in result["acknowledgements"]:
        events.append(
            (
                a["acknowledged_date"],
                f"{a['ack_kind']} acknowledgement",
                f"{a['result']}: {a['status']}" + (f" ({a['errors'][:60]})" if a["errors"] else ""),
            )
        )
    for r in result["remittances"]:
        label = "reversal" if r["is_reversal"] else f"status {r['status_code']}"
        events.append((r["posting_date"], "remittance", f"{label}, paid {money(r['paid_amount'])}"))
    for a in result["adjustments"]:
        events.append(
            (
                a["posting_date"],
                "adjustment",
                f"{a['group_code']}-{a['reason_code']} {money(a['amount'])}: "
                f"{(a['carc_description'] or '')[:60]}",
            )
        )
    for w in result["write_offs"]:
        date = w.get("adjustment_date")
        events.append((date, "write-off", money(w.get("amount"))))
    events = [e for e in events if e[0] is not None]
    fig.add_trace(
        go.Scatter(
            x=[e[0] for e in events],
            y=[e[1] for e in events],
            text=[e[2] for e in events],
            mode="markers",
            marker={"size": 12},
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    return fig


def render(data: DashboardData, filters: Filters, params: dict[str, str]) -> html.Div | html.P:
    billing_npi, claim_id = params.get("billing_npi"), params.get("claim_id")
    if not billing_npi or not claim_id:
        return html.P("No claim chosen: open one from a claim list.", className="empty")
    result = data.claim(billing_npi, claim_id)
    if result is None:
        return html.P(f"No claim {claim_id} for billing NPI {billing_npi}.", className="empty")
    h = result["header"]
    facts = [
        ("payer", f"{h['payer_id']} {h['payer_name'] or ''}"),
        ("patient", f"{h['patient_last_name'] or ''}, {h['patient_first_name'] or ''}"),
        ("rendering", f"{h['rendering_name'] or ''} {h['rendering_npi'] or ''}"),
        ("location", f"{h['location_id'] or ''} {h['location_name'] or ''}"),
        ("first submitted", str(h["first_submitted_date"])),
        ("billed", money(h["billed_amount"])),
        ("paid", money(h["paid_amount"])),
        ("insurance balance", money(h["insurance_balance"])),
        ("initially denied", "yes" if h["initially_denied"] else "no"),
        ("denied amount", money(h["initial_denied_amount"])),
        ("first-pass resolved", "yes" if h["first_pass_resolved"] else "no"),
        ("recovered", "yes" if h["recovered"] else "no"),
        ("days to pay", "—" if h["days_to_pay"] is None else str(h["days_to_pay"])),
        ("voided", "yes" if h["is_voided"] else "no"),
        ("as of", str(h["as_of_date"])),
    ]
    return html.Div(
        [
            html.H2(f"Claim {claim_id} — billing NPI {billing_npi}", id="claim-heading"),
            html.Dl(
                [item for k, v in facts for item in (html.Dt(k), html.Dd(v))],
                className="facts",
            ),
            dcc.Link("Back to the claims", href="/claims" + filters.query()),
            charts.graph("claim-timeline", _timeline(result)),
            data_table("claim-submissions", result["submissions"], title="Submissions", height=200),
            data_table(
                "claim-acknowledgements",
                result["acknowledgements"],
                title="Acknowledgements (999 and 277CA)",
                height=220,
                empty="No 999 or 277CA acknowledgement of these submissions.",
            ),
            data_table("claim-lines", result["lines"], title="Service lines", height=220),
            data_table(
                "claim-remittances",
                result["remittances"],
                title="Remittances",
                height=200,
                empty="No remittance yet.",
            ),
            data_table(
                "claim-adjustments",
                result["adjustments"],
                title="Adjustments (CARC with text)",
                height=260,
                empty="No adjustment.",
            ),
            data_table(
                "claim-remarks",
                result["remarks"],
                title="Remarks (RARC with text)",
                height=200,
                empty="No remark code.",
            ),
            data_table(
                "claim-write-offs",
                result["write_offs"],
                title="Write-offs",
                height=160,
                empty="No write-off.",
            ),
            data_table(
                "claim-flags",
                result["flags"],
                title="Coding flags",
                height=220,
                empty="No coding flag on this claim or its provider.",
            ),
        ]
    )
