"""Admin: who may sign in (users and roles) and the audit log, read-only.

Users are added, disabled and given passwords with `rcm user`; the audit log
can be filtered here (`?user=`, `?action=`) and is never editable.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from rcm.dashboard.components.tables import data_table
from rcm.dashboard.filters import Filters

PATH = "/admin"
TITLE = "Admin"
AUDIT_ROWS = 500


def _when(value: Any) -> str:
    return value.isoformat(timespec="seconds") if value is not None else ""


def render(data: Any, filters: Filters, params: dict[str, str]) -> html.Div:
    """`data` is the signed-in administrator's view (dashboard.auth.ViewerData)."""
    if not hasattr(data, "audit_log"):
        return html.Div(html.P("Sign in as an administrator to see users and the audit log."))
    users = [
        {
            "name": u.name,
            "role": u.role,
            "active": "yes" if u.active else "no",
            "created_at": _when(u.created_at),
            "last_sign_in_at": _when(u.last_sign_in_at),
        }
        for u in data.users()
    ]
    who, action = params.get("user") or None, params.get("action") or None
    entries = [
        {
            "at": _when(e.at),
            "user": e.user or "",
            "action": e.action,
            "target": e.target or "",
            "row_count": e.row_count,
            "address": e.address or "",
            "detail": "" if e.detail is None else str(e.detail),
        }
        for e in data.audit_log(user=who, action=action, limit=AUDIT_ROWS)
    ]
    shown = ", ".join(f"{k} {v}" for k, v in (("user", who), ("action", action)) if v)
    return html.Div(
        [
            html.P(
                "Users are managed on the command line: rcm user add NAME --role ROLE, "
                "rcm user disable NAME, rcm user passwd NAME.",
                className="note",
            ),
            data_table("admin-users", users, title="Users", height=260),
            data_table(
                "admin-audit",
                entries,
                title="Audit log" + (f" ({shown})" if shown else ""),
                height=520,
                note=f"The newest {AUDIT_ROWS} entries. Filter with ?user=NAME or ?action=NAME "
                "in the address, or use rcm audit.",
                empty="No entry.",
            ),
            dcc.Link("Whole audit log", href=PATH) if shown else html.Span(),
        ]
    )
