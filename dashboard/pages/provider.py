"""One provider's profile: E/M level mix and modifier 25 / 59 rates against specialty
peers, with the statistical evidence behind any outlier flag."""

from __future__ import annotations

import json
from typing import Any

import plotly.graph_objects as go
from dash import html

from rcm.dashboard.components import charts
from rcm.dashboard.components.tables import data_table
from rcm.dashboard.data import DashboardData
from rcm.dashboard.filters import Filters

PATH = "/provider"
TITLE = "Provider profile"


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _rate_rows(modifiers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for label, hits, base in (
        ("modifier 25 on E/M lines", "mod25_lines", "em_lines"),
        ("modifier 59 / XE XP XS XU on lines", "mod59_lines", "all_lines"),
    ):
        mine = [m for m in modifiers if m["is_provider"]]
        peers = [m for m in modifiers if not m["is_provider"]]
        peer_rates = [m[hits] / m[base] for m in peers if m[base]]
        peer_hits = sum(m[hits] for m in peers)
        peer_base = sum(m[base] for m in peers)
        own = mine[0] if mine else {hits: 0, base: 0}
        rate = _share(own[hits], own[base])
        p90 = _percentile(peer_rates, 0.9)
        rows.append(
            {
                "measure": label,
                "provider_lines": f"{own[hits]} of {own[base]}",
                "provider_rate": "—" if rate is None else f"{rate:.1%}",
                "peer_share": "—" if not peer_base else f"{peer_hits / peer_base:.1%}",
                "peer_p90": "—" if p90 is None else f"{p90:.1%}",
                "peers": len(peers),
            }
        )
    return rows


def _evidence_rows(flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for flag in flags:
        try:
            evidence = json.loads(flag["evidence"] or "{}")
        except ValueError:
            evidence = {"evidence": flag["evidence"]}
        for key, value in evidence.items():
            rows.append({"rule": flag["rule"], "measure": key, "value": str(value)})
    return rows


def render(data: DashboardData, filters: Filters, params: dict[str, str]) -> html.Div | html.P:
    npi = params.get("npi") or filters.provider
    if not npi:
        return html.P(
            "Pick a provider: use the provider filter, or open one from the Coding compliance "
            "page.",
            className="empty",
        )
    result = data.provider(npi)
    info = result["provider"]
    heading = (
        f"{info['name']} — NPI {npi}, {info['specialty'] or 'specialty unknown'} "
        f"({info['taxonomy'] or 'no taxonomy'}), {info['location_name'] or ''}"
        if info
        else f"NPI {npi} (not in the providers list)"
    )
    mix = result["em_mix"]
    own_total = sum(r["provider_lines"] for r in mix)
    peer_total = sum(r["peer_lines"] for r in mix)
    fig = charts.figure("Office E/M level mix: provider vs specialty peers (%)", barmode="group")
    levels = [f"level {r['level']}" for r in mix]
    for name, key, total in (
        ("this provider", "provider_lines", own_total),
        ("specialty peers", "peer_lines", peer_total),
    ):
        fig.add_trace(
            go.Bar(
                x=levels,
                y=[100 * r[key] / total if total else 0 for r in mix],
                name=name,
                customdata=["/claims" + filters.query() for _ in mix],
            )
        )
    fig.update_xaxes(type="category")
    flags_table = [
        {"rule": f["rule"], "severity": f["severity"], "detail": f["detail"]}
        for f in result["evidence"]
    ]
    claims_href = (
        "/claims"
        + Filters(filters.start, filters.end, filters.payer, npi, filters.location).query()
    )
    return html.Div(
        [
            html.H2(heading, id="provider-heading"),
            html.P(
                [
                    "Peers: rendering providers of the same taxonomy, all dates. ",
                    html.A("This provider's claims", href=claims_href),
                    ". The outlier test (one-sided binomial against the peer share, p < 0.01, "
                    "at least 30 visits, above the peer 90th percentile) is the data-quality "
                    "checks'; its numbers are below.",
                ],
                className="note",
            ),
            html.Div(
                [
                    charts.graph("provider-em", fig, empty=not mix),
                    data_table(
                        "provider-modifiers",
                        _rate_rows(result["modifiers"]),
                        title="Modifier rates vs peers",
                        height=200,
                    ),
                ],
                className="chart-row",
            ),
            data_table(
                "provider-flags",
                flags_table,
                title="Provider-level flags",
                height=200,
                empty="No provider-level flag for this provider"
                + ("" if result["runs"] else " (the checks have not run yet)")
                + ".",
            ),
            data_table(
                "provider-evidence",
                _evidence_rows(result["evidence"]),
                title="Statistical evidence",
                height=300,
                empty="No evidence: nothing was flagged.",
            ),
        ]
    )
