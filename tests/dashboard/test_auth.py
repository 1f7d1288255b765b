"""Sign-in in front of every route, CSRF, the failed sign-in limit, the idle timeout,
roles (pages, navigation, callbacks) and masking, through Flask's test client."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from rcm.dashboard import auth
from rcm.dashboard.app import create_app
from rcm.dashboard.filters import Filters
from rcm.dashboard.pages.claims import drill
from rcm.workstore import WorkStore
from tests.dashboard.conftest import ORIGIN, PASSWORD, csrf_token, sign_in_client


def page_request(pathname: str, search: str = "") -> dict[str, Any]:
    return {
        "output": "page-content.children",
        "outputs": {"id": "page-content", "property": "children"},
        "inputs": [
            {"id": "url", "property": "pathname", "value": pathname},
            {"id": "url", "property": "search", "value": search},
        ],
        "changedPropIds": ["url.pathname"],
        "state": [],
    }


def show(client, pathname: str, search: str = "", headers=ORIGIN):
    return client.post(
        "/_dash-update-component", json=page_request(pathname, search), headers=headers
    )


def dependencies(client) -> list[dict[str, Any]]:
    return json.loads(client.get("/_dash-dependencies").data)


def _id(value: Any) -> str:
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return value


def callback_body(client, output_prefix: str, inputs, state=()) -> dict[str, Any]:
    """A request for the registered callback whose output starts with `output_prefix`."""
    found = next(d for d in dependencies(client) if d["output"].startswith(output_prefix))
    output_id, _, prop = found["output"].partition(".")
    return {
        "output": found["output"],
        "outputs": {"id": output_id, "property": prop.split("@")[0]},
        "inputs": list(inputs),
        "changedPropIds": [f"{_id(i['id'])}.{i['property']}" for i in inputs],
        "state": list(state),
    }


def find_props(node: Any, component_id: str) -> dict[str, Any] | None:
    """The props of the component with this id in a serialised layout."""
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and props.get("id") == component_id:
            return props
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = find_props(child, component_id)
        if found is not None:
            return found
    return None


def nav_links(client) -> set[str]:
    layout = json.loads(client.get("/_dash-layout").data)
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Link" and "nav-link" in str(node.get("props", {})):
                found.add(node["props"]["href"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(layout)
    return found


@pytest.fixture()
def fresh(warehouse, tmp_path):
    """An app over its own work store, for tests that lock users out or end sessions."""
    store = WorkStore(f"sqlite:///{tmp_path / 'work.sqlite'}")
    store.add_user("ann", "admin", PASSWORD, actor="test")
    store.add_user("cy", "revenue", PASSWORD, actor="test")
    app = create_app(warehouse, store, auth.AuthSettings(idle_minutes=30, max_failures=5))
    yield app, store
    store.close()


# -- nothing without signing in -------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/denials", "/claim?billing_npi=1&claim_id=2", "/admin"])
def test_a_page_redirects_to_sign_in(app, path: str) -> None:
    response = app.server.test_client().get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=" + path.split("?")[0])
    assert b"_dash-config" not in response.data


@pytest.mark.parametrize(
    "path", ["/_dash-layout", "/_dash-dependencies", "/assets/session.js", "/_favicon.ico"]
)
def test_dash_routes_answer_401(app, path: str) -> None:
    response = app.server.test_client().get(path)
    assert response.status_code in (401, 302)
    assert b"kpi" not in response.data and b"page-content" not in response.data


def test_callbacks_and_exports_answer_401(app) -> None:
    client = app.server.test_client()
    response = show(client, "/", "?payer=MCRB1")
    assert response.status_code == 401
    assert b"kpi-initial_denial_rate" not in response.data
    export = {
        "output": '{"index":["MATCH"],"type":"grid"}.exportDataAsCsv',
        "outputs": {"id": {"type": "grid", "index": "claims"}, "property": "exportDataAsCsv"},
        "inputs": [
            {"id": {"type": "export", "index": "claims"}, "property": "n_clicks", "value": 1}
        ],
        "changedPropIds": ['{"index":"claims","type":"export"}.n_clicks'],
        "state": [],
    }
    assert client.post("/_dash-update-component", json=export, headers=ORIGIN).status_code == 401


def test_the_sign_in_page_and_its_stylesheet_are_public(app) -> None:
    client = app.server.test_client()
    page = client.get("/login")
    assert page.status_code == 200 and b'name="password"' in page.data
    with client.get("/assets/style.css") as stylesheet:  # a file response: closed here
        assert stylesheet.status_code == 200


def test_signed_in_every_route_answers(sign_in) -> None:
    client = sign_in("admin")
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/_dash-dependencies").status_code == 200
    response = show(client, "/", "?payer=MCRB1")
    assert response.status_code == 200 and b"kpi-initial_denial_rate" in response.data


# -- the session cookie, sign-out, CSRF -------------------------------------------


def test_the_session_cookie_is_httponly_samesite_and_secure_over_https(app) -> None:
    client = app.server.test_client()
    cookie = client.get("/login").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure = app.server.test_client().get("/login", base_url="https://localhost")
    assert "Secure" in secure.headers["Set-Cookie"]


def test_sign_in_needs_the_form_token_and_this_origin(app) -> None:
    client = app.server.test_client()
    token = csrf_token(client.get("/login").data)
    form = {"name": "admin", "password": PASSWORD}
    no_token = client.post("/login", data=form, headers=ORIGIN)
    assert no_token.status_code == 400 and client.get("/_dash-layout").status_code == 401
    wrong = client.post("/login", data={**form, "csrf": token + "x"}, headers=ORIGIN)
    assert wrong.status_code == 400
    elsewhere = {"Origin": "https://evil.example"}
    assert client.post("/login", data={**form, "csrf": token}, headers=elsewhere).status_code == 403
    assert client.post("/login", data={**form, "csrf": token}).status_code == 403
    assert client.get("/_dash-layout").status_code == 401
    done = client.post("/login", data={**form, "csrf": token}, headers=ORIGIN)
    assert done.status_code == 302 and client.get("/_dash-layout").status_code == 200


def test_callbacks_need_a_same_origin_header(sign_in) -> None:
    client = sign_in("admin")
    assert show(client, "/", headers={}).status_code == 403
    assert show(client, "/", headers={"Origin": "http://evil.example"}).status_code == 403
    assert show(client, "/", headers={"Referer": "http://evil.example/"}).status_code == 403
    assert show(client, "/", headers={"Referer": "http://localhost/denials"}).status_code == 200
    assert show(client, "/").status_code == 200


def test_sign_out_needs_its_token_and_ends_the_session(fresh) -> None:
    app, store = fresh
    client = sign_in_client(app, "ann")
    assert client.post("/logout", data={}, headers=ORIGIN).status_code == 400
    assert client.get("/_dash-layout").status_code == 200
    token = find_props(json.loads(client.get("/_dash-layout").data), "sign-out-csrf")["value"]
    gone = client.post("/logout", data={"csrf": token}, headers=ORIGIN)
    assert gone.status_code == 302 and gone.headers["Location"] == "/login"
    assert client.get("/_dash-layout").status_code == 401
    assert [e.action for e in store.audit_log(user="ann", limit=2)] == ["sign_out", "sign_in"]


def test_wrong_passwords_are_refused_and_audited(fresh) -> None:
    app, store = fresh
    client = app.server.test_client()
    token = csrf_token(client.get("/login").data)
    response = client.post(
        "/login", data={"name": "ann", "password": "nope", "csrf": token}, headers=ORIGIN
    )
    assert response.status_code == 401 and b"Wrong name or password" in response.data
    assert client.get("/_dash-layout").status_code == 401
    entry = store.audit_log(limit=1)[0]
    assert (entry.action, entry.user, entry.detail) == (
        "sign_in_failed",
        "ann",
        {"reason": "wrong_password"},
    )
    assert entry.address == "127.0.0.1"


def test_failed_sign_ins_are_rate_limited(fresh) -> None:
    app, store = fresh
    client = app.server.test_client()
    token = csrf_token(client.get("/login").data)
    for _ in range(5):
        bad = {"name": "ann", "password": "wrong password", "csrf": token}
        assert client.post("/login", data=bad, headers=ORIGIN).status_code == 401
    good = {"name": "ann", "password": PASSWORD, "csrf": token}
    limited = client.post("/login", data=good, headers=ORIGIN)
    assert limited.status_code == 429
    assert b"Too many failed sign-ins" in limited.data
    assert client.get("/_dash-layout").status_code == 401
    # the same address is limited for another user too
    other = {"name": "cy", "password": PASSWORD, "csrf": token}
    assert client.post("/login", data=other, headers=ORIGIN).status_code == 429
    # another address may still sign in as cy
    elsewhere = app.server.test_client()
    token2 = csrf_token(elsewhere.get("/login", environ_base={"REMOTE_ADDR": "10.1.1.1"}).data)
    ok = elsewhere.post(
        "/login",
        data={**other, "csrf": token2},
        headers=ORIGIN,
        environ_base={"REMOTE_ADDR": "10.1.1.1"},
    )
    assert ok.status_code == 302
    actions = [e.action for e in store.audit_log(limit=20)]
    assert actions.count("sign_in_failed") == 5 and actions.count("sign_in_refused") == 2


def test_an_idle_session_ends(fresh, monkeypatch) -> None:
    app, store = fresh
    client = sign_in_client(app, "ann")
    assert client.get("/_dash-layout").status_code == 200
    real = time.time
    monkeypatch.setattr(auth.time, "time", lambda: real() + 29 * 60)
    assert client.get("/_dash-layout").status_code == 200  # activity keeps it alive
    monkeypatch.setattr(auth.time, "time", lambda: real() + 29 * 60 + 31 * 60)
    assert client.get("/_dash-layout").status_code == 401
    monkeypatch.setattr(auth.time, "time", real)
    assert client.get("/_dash-layout").status_code == 401  # ended, not just paused
    entry = store.audit_log(action="session_expired", limit=1)[0]
    assert entry.user == "ann" and entry.detail == {"reason": "idle"}


def test_disabling_a_user_or_a_new_password_ends_their_sessions(fresh) -> None:
    app, store = fresh
    ann, cy = sign_in_client(app, "ann"), sign_in_client(app, "cy")
    store.set_password("ann", "a new long password", actor="test")
    store.disable("cy", actor="test")
    assert ann.get("/_dash-layout").status_code == 401
    assert cy.get("/_dash-layout").status_code == 401


def test_an_open_redirect_is_not_followed(fresh) -> None:
    app, _ = fresh
    client = app.server.test_client()
    token = csrf_token(client.get("/login?next=//evil.example/").data)
    form = {"name": "ann", "password": PASSWORD, "csrf": token, "next": "//evil.example/"}
    response = client.post("/login", data=form, headers=ORIGIN)
    assert response.headers["Location"] == "/"
    client2 = app.server.test_client()
    token = csrf_token(client2.get("/login").data)
    form = {"name": "ann", "password": PASSWORD, "csrf": token, "next": "/ar?payer=X"}
    assert client2.post("/login", data=form, headers=ORIGIN).headers["Location"] == "/ar?payer=X"


# -- roles ------------------------------------------------------------------------

NAV = {
    "admin": {"/", "/denials", "/ar", "/payers", "/compliance", "/quality", "/sql", "/admin"},
    "revenue": {"/", "/denials", "/ar", "/payers"},
    "compliance": {"/", "/compliance", "/quality"},
    "analyst": {"/", "/sql"},
}


@pytest.mark.parametrize("role", sorted(NAV))
def test_the_navigation_shows_only_allowed_pages(sign_in, role: str) -> None:
    assert nav_links(sign_in(role)) == NAV[role]


@pytest.mark.parametrize(
    ("role", "path", "shown"),
    [
        ("analyst", "/denials", False),
        ("analyst", "/compliance", False),
        ("analyst", "/admin", False),
        ("analyst", "/sql", True),
        ("analyst", "/", True),
        ("revenue", "/sql", False),
        ("revenue", "/quality", False),
        ("revenue", "/ar", True),
        ("compliance", "/payers", False),
        ("compliance", "/provider", True),
        ("compliance", "/quality", True),
        ("admin", "/admin", True),
    ],
)
def test_a_page_outside_the_role_is_not_available(sign_in, role, path, shown) -> None:
    response = show(sign_in(role), path)
    assert response.status_code == 200
    refused = b"not available for your role" in response.data
    assert refused is not shown, response.data[:300]


def test_a_page_callback_refuses_a_role_that_may_not_see_the_page(sign_in) -> None:
    body = callback_body(
        sign_in("admin"),
        "url.search@",
        [{"id": "wb-run", "property": "n_clicks", "value": 1}],
        [
            {"id": "wb-sql", "property": "value", "value": "SELECT 1"},
            {"id": "url", "property": "search", "value": ""},
        ],
    )
    refused = sign_in("revenue").post("/_dash-update-component", json=body, headers=ORIGIN)
    assert refused.status_code == 403
    assert b"not available for your role" in refused.data
    ran = sign_in("analyst").post("/_dash-update-component", json=body, headers=ORIGIN)
    assert ran.status_code == 200 and b"SELECT" in ran.data


def test_the_admin_page_lists_users_and_the_audit_log(sign_in) -> None:
    response = show(sign_in("admin"), "/admin", "?action=sign_in")
    assert response.status_code == 200
    text = response.data.decode()
    assert all(f'"name":"{role}"' in text for role in NAV)
    assert '"action":"sign_in"' in text and '"action":"user_added"' not in text


# -- masking and the audit log ------------------------------------------------------


@pytest.fixture(scope="module")
def a_claim(data) -> dict[str, Any]:
    rows = data.claims(Filters(), drill({"kpi": "remitted_claims"}))["rows"]
    for row in rows:
        header = data.claim(row["billing_npi"], row["claim_id"])["header"]
        if header["patient_last_name"] and header["patient_birth_date"]:
            return header
    raise AssertionError("no claim with a patient name in the sample")


def test_patient_names_are_masked_for_analysts_on_the_claim_timeline(sign_in, a_claim, users):
    search = f"?billing_npi={a_claim['billing_npi']}&claim_id={a_claim['claim_id']}"
    name = a_claim["patient_last_name"].encode()
    birth = str(a_claim["patient_birth_date"]).encode()
    masked = show(sign_in("analyst"), "/claim", search)
    assert masked.status_code == 200 and b"claim-heading" in masked.data
    assert name not in masked.data and birth not in masked.data
    assert auth.MASK.encode("unicode_escape") in masked.data or auth.MASK.encode() in masked.data
    shown = show(sign_in("revenue"), "/claim", search)
    assert name in shown.data
    entry = users.audit_log(user="revenue", action="claim_view", limit=1)[0]
    assert entry.target == f"{a_claim['billing_npi']}/{a_claim['claim_id']}"


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM core.claims LIMIT 20",
        "SELECT c FROM core.claims c LIMIT 20",
        "SELECT to_json(c) AS j FROM core.claims c LIMIT 20",
        "SELECT * FROM core.submissions LIMIT 20",
        "SELECT count(*) AS n, COLUMNS('patient_.*') FROM core.claims GROUP BY ALL LIMIT 20",
        "SELECT * FROM (SELECT * FROM core.claims) LIMIT 20",
    ],
)
def test_workbench_results_are_masked_for_analysts(sign_in, a_claim, sql: str) -> None:
    from urllib.parse import urlencode

    search = "?" + urlencode({"q": sql})
    masked = show(sign_in("analyst"), "/sql", search)
    assert b"row(s)" in masked.data
    assert a_claim["patient_last_name"].encode() not in masked.data
    admin = show(sign_in("admin"), "/sql", search)
    assert b"row(s)" in admin.data


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT patient_last_name AS x FROM core.claims",
        "SELECT upper(patient_first_name) FROM core.claims",
        "SELECT subscriber_birth_date + 1 FROM core.claims",
        "SELECT concat_ws(',', *) FROM core.claims",
        "SELECT x FROM (SELECT upper(COLUMNS('patient_l.*')) AS x FROM core.claims)",
        "SELECT list_value(*COLUMNS('patient_.*')) FROM core.claims",
    ],
)
def test_workbench_refuses_analysts_naming_a_patient_column(sign_in, users, sql: str) -> None:
    from urllib.parse import urlencode

    response = show(sign_in("analyst"), "/sql", "?" + urlencode({"q": sql}))
    assert b"query refused" in response.data and b"your role" in response.data
    entry = users.audit_log(user="analyst", action="sql_query", limit=1)[0]
    assert entry.detail["sql"] == sql and "refused" in entry.detail


def test_every_workbench_query_is_audited_with_its_row_count(sign_in, users) -> None:
    from urllib.parse import urlencode

    sql = "SELECT payer_id FROM mart.claim_summary GROUP BY 1 ORDER BY 1"
    response = show(sign_in("analyst"), "/sql", "?" + urlencode({"q": sql}))
    assert b"row(s)" in response.data
    entry = users.audit_log(user="analyst", action="sql_query", limit=1)[0]
    assert entry.detail["sql"] == sql and entry.row_count and entry.row_count > 0


def test_a_csv_export_is_audited(sign_in, users) -> None:
    client = sign_in("revenue")
    body = callback_body(
        client,
        '{"index":["MATCH"],"type":"grid"}',
        [{"id": {"type": "export", "index": "claims"}, "property": "n_clicks", "value": 1}],
        [
            {"id": "url", "property": "pathname", "value": "/claims"},
            {"id": "url", "property": "search", "value": "?kpi=remitted_claims"},
        ],
    )
    body["outputs"]["id"] = {"type": "grid", "index": "claims"}
    response = client.post("/_dash-update-component", json=body, headers=ORIGIN)
    assert response.status_code == 200
    entry = users.audit_log(user="revenue", action="csv_export", limit=1)[0]
    assert entry.target == "claims" and entry.detail == {"page": "/claims?kpi=remitted_claims"}


# -- nothing leaves the machine ------------------------------------------------------


def test_graphs_have_no_cloud_buttons_and_pages_no_outside_urls(sign_in) -> None:
    client = sign_in("admin")
    index = client.get("/").data.decode()
    assert "http://" not in index and "https://" not in index
    body = show(client, "/denials").data.decode()
    assert '"displaylogo":false' in body and "sendDataToCloud" in body
    assert '"showSendToCloud":false' in body
