"""Sign-in, sessions, CSRF, rate limits and roles for the dashboard.

Every request needs a signed-in user except the sign-in page and its stylesheet.
The session is Flask's signed cookie (key kept in the work store) holding the
user id, the user's credentials version (a password, role or status change ends
every session of that user) and the time of the last request (idle timeout).
State-changing requests are checked two ways: the sign-in and sign-out forms
carry a token from the session, and every POST (Dash callbacks included) must
come with an Origin (or, failing that, Referer) header naming this host; the
cookie is SameSite=Lax besides.

What a role may see is one table (PAGE_ROLES). Pages outside a role show "not
available for your role" and their callbacks answer 403. Patient names and
birth dates are masked for the roles in MASKED_ROLES, in pages and in SQL
results (by column name, see PROTECTED_COLUMN).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hmac
import html as html_text
import json
import os
import re
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import duckdb
import flask
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import Forbidden

from rcm.query import QueryRefused
from rcm.workstore import ROLES, WorkStore

SESSION_COOKIE = "rcm_session"
SECRET_KEY_SETTING = "dashboard_session_key"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOGIN, LOGOUT = "/login", "/logout"

ALL_ROLES = frozenset(ROLES)
PAGE_ROLES: dict[str, frozenset[str]] = {
    "/": ALL_ROLES,
    "/claims": ALL_ROLES,
    "/claim": ALL_ROLES,
    "/denials": frozenset({"admin", "revenue"}),
    "/ar": frozenset({"admin", "revenue"}),
    "/payers": frozenset({"admin", "revenue"}),
    "/compliance": frozenset({"admin", "compliance"}),
    "/provider": frozenset({"admin", "compliance"}),
    "/quality": frozenset({"admin", "compliance"}),
    "/sql": frozenset({"admin", "analyst"}),
    "/admin": frozenset({"admin"}),
}
MASKED_ROLES = frozenset({"analyst"})
MASK = "•••"
# Patient and subscriber names and birth dates, as the warehouse names them: core and
# staging (patient_last_name, subscriber_birth_date...), CSV extracts (birth_date) and the
# raw 837 parties, whose person names sit in first_name / last_or_organization_name.
PROTECTED_COLUMN = re.compile(
    r"(patient|subscriber|insured|guarantor|member)\w*name|birth_?date|(^|_)dob($|_)"
    r"|^(first|middle|last)_name$|^last_or_organization_name$",
    re.IGNORECASE,
)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KEYED_TEXT = re.compile(r"[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?\s*[:=]")


@dataclass(frozen=True)
class AuthSettings:
    """Session and sign-in limits; each can be set by an environment variable."""

    idle_minutes: float = 30.0
    max_failures: int = 5
    failure_window_minutes: float = 5.0
    # None: Secure cookies exactly when the request came over https.
    secure_cookies: bool | None = None

    @classmethod
    def from_env(cls) -> AuthSettings:
        secure = os.environ.get("RCM_SECURE_COOKIES")
        return cls(
            idle_minutes=float(os.environ.get("RCM_SESSION_IDLE_MINUTES", cls.idle_minutes)),
            max_failures=int(os.environ.get("RCM_SIGNIN_MAX_FAILURES", cls.max_failures)),
            failure_window_minutes=float(
                os.environ.get("RCM_SIGNIN_WINDOW_MINUTES", cls.failure_window_minutes)
            ),
            secure_cookies=None if secure in (None, "", "auto") else secure in ("1", "true"),
        )


@dataclass(frozen=True)
class Viewer:
    """The signed-in user a request acts for."""

    user_id: int
    name: str
    role: str
    csrf: str

    @property
    def masked(self) -> bool:
        return self.role in MASKED_ROLES


def allowed(role: str, path: str) -> bool:
    return role in PAGE_ROLES.get(path, frozenset())


def viewer() -> Viewer:
    """The signed-in user of the current request (every app request has one)."""
    found = flask.g.get("viewer")
    if found is None:
        raise Forbidden("sign in required")
    return found


def signed_in_viewer() -> Viewer | None:
    return flask.g.get("viewer") if flask.has_app_context() else None


def require_page(path: str) -> Viewer:
    current = viewer()
    if not allowed(current.role, path):
        raise Forbidden(f"not available for your role ({current.role})")
    return current


def audit(store: WorkStore, action: str, **values: Any) -> None:
    current = flask.g.get("viewer")
    store.audit(
        action,
        user=current.name if current else None,
        address=flask.request.remote_addr if flask.has_request_context() else None,
        **values,
    )


# -- masking ------------------------------------------------------------------


def protected(name: str) -> bool:
    return bool(PROTECTED_COLUMN.search(name))


def mask_value(value: Any) -> Any:
    """A value with every protected part hidden: struct fields by name, and text that holds
    a protected key (a row turned into JSON)."""
    if isinstance(value, dict):
        return {k: MASK if protected(str(k)) else mask_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_value(v) for v in value]
    if isinstance(value, str) and any(protected(m) for m in _KEYED_TEXT.findall(value)):
        return MASK
    return value


def mask_record(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (MASK if v is not None else None) if protected(k) else mask_value(v)
        for k, v in row.items()
    }


def refuse_protected_sql(sql: str) -> None:
    """Analysts may select whole rows (masked by column name) but may not name a protected
    column, nor pass `*` or COLUMNS(...) into an expression, so that no protected value
    comes out under another name."""
    named = sorted({t for t in _IDENTIFIER.findall(sql) if protected(t)})
    if named:
        raise QueryRefused(
            f"query refused: patient names and birth dates are not available to your role "
            f"({', '.join(named)})"
        )
    if _star_inside_an_expression(sql):
        raise QueryRefused(
            "query refused: for your role, * and COLUMNS(...) may only stand alone in a "
            "select list (patient names and birth dates must keep their column names)"
        )


def _star_inside_an_expression(sql: str) -> bool:
    """True when a `*` or COLUMNS(...) in the query's syntax tree is not itself an item of a
    select list (`concat_ws(',', *)`, `upper(COLUMNS('x'))`, `*COLUMNS('x')` in a call)."""
    con = duckdb.connect()
    try:
        row = con.execute("SELECT json_serialize_sql(?)", [sql]).fetchone()
        assert row is not None, "a scalar SELECT returns one row"
        tree = json.loads(row[0])
    except duckdb.Error:
        return False  # not parsed: the query itself is refused with DuckDB's message
    finally:
        con.close()
    stars: list[int] = []
    standing: set[int] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("class") == "STAR":
                stars.append(id(node))
            for key, value in node.items():
                if key == "select_list" and isinstance(value, list):
                    standing.update(id(item) for item in value if isinstance(item, dict))
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    return any(star not in standing for star in stars)


class ViewerData:
    """The dashboard's data as one signed-in user may see it: claims opened and queries run
    are audited, and masked for roles that do not see patients."""

    def __init__(self, data: Any, who: Viewer, store: WorkStore) -> None:
        self._data = data
        self.viewer = who
        self.store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._data, name)

    def claim(self, billing_npi: str, claim_id: str) -> dict[str, Any] | None:
        result = self._data.claim(billing_npi, claim_id)
        audit(
            self.store,
            "claim_view",
            target=f"{billing_npi}/{claim_id}",
            detail={"billing_npi": billing_npi, "claim_id": claim_id, "found": result is not None},
        )
        if result is None or not self.viewer.masked:
            return result
        return {
            part: mask_record(rows) if isinstance(rows, dict) else [mask_record(r) for r in rows]
            for part, rows in result.items()
        }

    def run_sql(self, sql: str) -> Any:
        try:
            if self.viewer.masked:
                refuse_protected_sql(sql)
            result = self._data.run_sql(sql)
        except QueryRefused as exc:
            audit(self.store, "sql_query", detail={"sql": sql, "refused": str(exc)})
            raise
        except Exception as exc:
            audit(self.store, "sql_query", detail={"sql": sql, "failed": type(exc).__name__})
            raise
        audit(
            self.store,
            "sql_query",
            detail={"sql": sql, "truncated": result.truncated},
            row_count=len(result.rows),
        )
        if not self.viewer.masked:
            return result
        hidden = [protected(c) for c in result.columns]
        rows = [
            tuple(
                (MASK if v is not None else None) if h else mask_value(v)
                for v, h in zip(row, hidden, strict=True)
            )
            for row in result.rows
        ]
        return dataclasses.replace(result, rows=rows)

    def users(self) -> list[Any]:
        require_page("/admin")
        return self.store.users()

    def audit_log(self, **query: Any) -> list[Any]:
        require_page("/admin")
        return self.store.audit_log(**query)


class PageCallbacks:
    """What a page's `register(app, data)` sees: the app, whose callbacks refuse (403) users
    whose role may not see the page."""

    def __init__(self, app: Any, path: str) -> None:
        self._app = app
        self._path = path

    def __getattr__(self, name: str) -> Any:
        return getattr(self._app, name)

    def callback(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        register = self._app.callback(*args, **kwargs)
        path = self._path

        def decorator(func: Callable[..., Any]) -> Any:
            @functools.wraps(func)
            def checked(*a: Any, **k: Any) -> Any:
                require_page(path)
                return func(*a, **k)

            return register(checked)

        return decorator


# -- sessions and requests ----------------------------------------------------


class _SessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app: flask.Flask) -> bool:
        forced = app.config.get("RCM_SECURE_COOKIES")
        if forced is not None:
            return bool(forced)
        return flask.request.is_secure if flask.has_request_context() else False


def _csrf_token() -> str:
    token = flask.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        flask.session["csrf"] = token
    return token


def _csrf_ok() -> bool:
    sent = flask.request.form.get("csrf", "")
    token = flask.session.get("csrf", "")
    return bool(token) and hmac.compare_digest(sent.encode(), token.encode())


def _same_origin() -> bool:
    """A state-changing request must say it comes from a page of this host."""
    source = flask.request.headers.get("Origin") or flask.request.headers.get("Referer")
    if not source or source == "null":
        return False
    return urlsplit(source).netloc.lower() == flask.request.host.lower()


def _safe_next(target: str | None) -> str | None:
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if target.startswith((LOGIN, LOGOUT)):
        return None
    return target


def _public(path: str) -> bool:
    # Only what the sign-in page itself draws with.
    return path in (LOGIN, "/favicon.ico") or (
        path.startswith("/assets/") and path.endswith(".css")
    )


def _wants_page() -> bool:
    path = flask.request.path
    return (
        flask.request.method == "GET"
        and not path.startswith("/_")
        and "text/html" in flask.request.headers.get("Accept", "text/html")
    )


def install(app: Any, store: WorkStore, settings: AuthSettings, home: Callable[[str], str]) -> None:
    """Put sign-in in front of every route of the Dash app's Flask server."""
    server: flask.Flask = app.server
    server.secret_key = store.secret(SECRET_KEY_SETTING)
    server.session_interface = _SessionInterface()
    server.config.update(
        SESSION_COOKIE_NAME=SESSION_COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        RCM_SECURE_COOKIES=settings.secure_cookies,
    )
    idle_seconds = settings.idle_minutes * 60
    window = dt.timedelta(minutes=settings.failure_window_minutes)

    def signed_in() -> Viewer | None:
        uid = flask.session.get("uid")
        if uid is None:
            return None
        seen = flask.session.get("seen", 0)
        user = store.user_by_id(uid)
        reason = None
        if time.time() - seen > idle_seconds:
            reason = "idle"
        elif user is None or not user.active:
            reason = "disabled"
        elif user.credentials_version != flask.session.get("cv"):
            reason = "credentials_changed"
        if reason is not None:
            store.audit(
                "session_expired",
                user=user.name if user else None,
                address=flask.request.remote_addr,
                detail={"reason": reason},
            )
            flask.session.clear()
            return None
        assert user is not None, "no reason to expire means the user was found"
        return Viewer(user.id, user.name, user.role, _csrf_token())

    @server.before_request
    def guard() -> Any:
        request = flask.request
        if request.method not in SAFE_METHODS and not _same_origin():
            return flask.Response("cross-site request refused\n", 403, mimetype="text/plain")
        if _public(request.path):
            return None
        who = signed_in()
        if who is None:
            if _wants_page():
                target = request.full_path.rstrip("?")
                return flask.redirect(f"{LOGIN}?next={quote(target, safe='/?=&')}")
            return flask.jsonify({"error": "sign in required", "login": LOGIN}), 401
        flask.g.viewer = who
        flask.session["seen"] = int(time.time())
        return None

    @server.after_request
    def no_store(response: flask.Response) -> flask.Response:
        if flask.g.get("viewer") is not None or flask.request.path in (LOGIN, LOGOUT):
            response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @server.route(LOGIN, methods=["GET", "POST"])
    def login() -> Any:
        request = flask.request
        target = _safe_next(request.values.get("next"))
        if request.method == "GET":
            if signed_in() is not None:
                return flask.redirect(target or "/")
            return _login_page(_csrf_token(), target)
        name = request.form.get("name", "").strip()
        if not _csrf_ok():
            return _login_page(_csrf_token(), target, "The form expired: sign in again.", 400)
        result = store.sign_in(
            name,
            request.form.get("password", ""),
            address=request.remote_addr,
            max_failures=settings.max_failures,
            window=window,
        )
        if result.refused == "rate_limited":
            minutes = f"{settings.failure_window_minutes:g}"
            message = (
                f"Too many failed sign-ins for this name or from this address. "
                f"Wait {minutes} minutes and try again, or ask an administrator."
            )
            return _login_page(_csrf_token(), target, message, 429, name=name)
        if result.user is None:
            return _login_page(
                _csrf_token(),
                target,
                "Wrong name or password, or the user is disabled.",
                401,
                name=name,
            )
        flask.session.clear()  # a new session: nothing from before signing in carries over
        flask.session.update(
            uid=result.user.id,
            cv=result.user.credentials_version,
            seen=int(time.time()),
            csrf=secrets.token_urlsafe(32),
        )
        return flask.redirect(target or home(result.user.role))

    @server.route("/favicon.ico")
    def favicon() -> Any:
        return flask.Response(status=204)  # browsers ask for it on any page, signed in or not

    @server.route(LOGOUT, methods=["POST"])
    def logout() -> Any:
        who = flask.g.get("viewer")
        if who is not None and _csrf_ok():
            store.audit("sign_out", user=who.name, address=flask.request.remote_addr)
            flask.session.clear()
            flask.g.viewer = None
            return flask.redirect(LOGIN)
        return flask.Response(
            "sign-out refused: reload the page and try again\n", 400, mimetype="text/plain"
        )


def _login_page(
    token: str, target: str | None, message: str = "", status: int = 200, name: str = ""
) -> flask.Response:
    esc = html_text.escape
    note = f'<p class="message error" id="login-message">{esc(message)}</p>' if message else ""
    hidden_next = f'<input type="hidden" name="next" value="{esc(target)}">' if target else ""
    body = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · Revenue cycle</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/style.css"></head>
<body><header class="header"><div class="brand">Revenue cycle</div></header>
<main class="content login"><h1>Sign in</h1>{note}
<form method="post" action="{LOGIN}" class="login-form" id="login-form">
<input type="hidden" name="csrf" value="{esc(token)}">{hidden_next}
<label>Name <input name="name" id="login-name" autocomplete="username" value="{esc(name)}"
 required autofocus></label>
<label>Password <input name="password" id="login-password" type="password"
 autocomplete="current-password" required></label>
<button type="submit" class="button primary" id="login-submit">Sign in</button>
</form></main></body></html>
"""
    response = flask.Response(body, status, mimetype="text/html")
    return response


def nav_pages(role: str, pages: Sequence[Any]) -> list[Any]:
    return [page for page in pages if allowed(role, page.PATH)]
