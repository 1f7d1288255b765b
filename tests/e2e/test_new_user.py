"""What the README tells a new user to do, run end to end through the installed `rcm`.

Generate a small data set, load it (the checks run at the end of the load),
check again, read the KPIs, query with SQL, look at the ledger, add a user, serve
the dashboard, sign in and fetch every page over HTTP; then `rcm demo` as `make demo`
runs it, signing in with the demo password it prints.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

RCM = Path(sys.executable).with_name("rcm")
KPI_KEYS = {
    "gross_charges", "remitted_claims", "initial_denial_rate", "initial_denial_rate_dollars",
    "first_pass_resolution_rate", "denial_recovery_rate", "clean_claim_rate",
    "gross_collection_rate", "net_collection_rate", "avg_days_to_pay", "median_days_to_pay",
    "insurance_ar", "days_in_ar", "ar_over_90_pct", "front_end_rejection_rate",
}  # fmt: skip
PAGES_AT_LEAST = 7  # overview, denials, A/R, payers, compliance, data quality, SQL


def rcm(
    env: dict[str, str], *args: str, ok: int = 0, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(RCM), *args], env=env, input=stdin, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == ok, f"rcm {' '.join(args)}: {done.returncode}\n{done.stderr}"
    return done


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, opener: urllib.request.OpenerDirector | None = None) -> tuple[int, bytes]:
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


def sign_in(base: str, name: str, password: str) -> urllib.request.OpenerDirector:
    """A client with the session cookie of a user who signed in through the form."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    status, page = get(base + "/login", opener)
    assert status == 200
    token = re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()
    form = urllib.parse.urlencode({"name": name, "password": password, "csrf": token}).encode()
    request = urllib.request.Request(base + "/login", data=form, headers={"Origin": base})
    with opener.open(request, timeout=30) as response:
        assert response.status == 200 and urllib.parse.urlparse(response.url).path == "/"
    return opener


def wait_for(url: str, proc: subprocess.Popen[str], seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited {proc.returncode}: {''.join(proc.lines)}")
        try:
            urllib.request.urlopen(url, timeout=30).close()
            return
        except urllib.error.HTTPError as error:
            error.close()
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def page_paths(layout: Any) -> set[str]:
    """Every in-app link (href starting with '/') in the served layout."""
    found: set[str] = set()
    if isinstance(layout, dict):
        href = layout.get("href")
        if isinstance(href, str) and href.startswith("/") and not href.startswith("/_"):
            found.add(href.split("?")[0])
        for value in layout.values():
            found |= page_paths(value)
    elif isinstance(layout, list):
        for value in layout:
            found |= page_paths(value)
    return found


@pytest.fixture()
def user_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["RCM_WAREHOUSE"] = str(tmp_path / "warehouse")
    return env


@contextmanager
def serving(env: dict[str, str], *args: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Run an `rcm` command that serves the dashboard; yield its base URL once it answers."""
    port = free_port()
    proc = subprocess.Popen(
        [str(RCM), *args, "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    proc.lines = []  # type: ignore[attr-defined]

    def read() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            proc.lines.append(line)  # type: ignore[attr-defined]

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/login", proc)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)
        reader.join(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


def fetch_every_page(base: str, name: str, password: str) -> set[str]:
    """Nothing answers before signing in; every page and the callbacks do after."""
    assert get(base + "/_dash-layout")[0] == 401
    assert get(base + "/_dash-dependencies")[0] == 401
    status, body = get(base + "/")
    assert status == 200 and b"_dash-config" not in body and b'name="password"' in body
    opener = sign_in(base, name, password)
    status, body = get(base + "/_dash-layout", opener)
    assert status == 200
    paths = page_paths(json.loads(body))
    assert "/" in paths and len(paths) >= PAGES_AT_LEAST, paths
    for path in sorted(paths):
        status, body = get(base + path, opener)
        assert status == 200 and b"_dash-config" in body, path
    status, body = get(base + "/_dash-dependencies", opener)
    assert status == 200 and json.loads(body), "no callbacks registered"
    return paths


def test_the_tour_of_the_command_line(tmp_path: Path, user_env: dict[str, str]) -> None:
    data = tmp_path / "data"
    rcm(user_env, "generate", "--out", str(data), "--claims", "400", "--seed", "11")
    truth = (data / "ground_truth.csv").read_text().splitlines()
    assert truth[0].split(",")[:2] == ["rule", "claim_id"]

    loaded = rcm(user_env, "load", str(data / "837"), str(data / "835"), str(data / "csv"))
    assert "loaded" in loaded.stdout
    again = rcm(user_env, "load", str(data / "837"), str(data / "835"), str(data / "csv"))
    assert "already" in again.stdout

    checked = rcm(user_env, "check")
    assert "NCCI_PTP" in checked.stdout or "DX_INVALID" in checked.stdout

    overall = json.loads(rcm(user_env, "kpis", "--format", "json").stdout)
    assert len(overall) == 1 and set(overall[0]) == KPI_KEYS | {"payer"}
    assert overall[0]["payer"] == "ALL"
    assert overall[0]["remitted_claims"] > 0
    by_payer = json.loads(rcm(user_env, "kpis", "--by", "payer", "--format", "json").stdout)
    assert by_payer[0]["payer"] == "ALL" and len(by_payer) >= 3
    by_month = json.loads(rcm(user_env, "kpis", "--by", "month", "--format", "json").stdout)
    assert by_month and all(len(row["month"]) == 7 for row in by_month)

    claims = json.loads(
        rcm(user_env, "sql", "SELECT count(*) AS n FROM core.claims", "--format", "json").stdout
    )
    assert claims[0]["n"] >= 400
    refused = rcm(user_env, "sql", "CREATE TABLE t AS SELECT 1", ok=1)
    assert "error" in refused.stderr.lower()

    status = rcm(user_env, "status")
    assert "loaded" in status.stdout

    refused = rcm(user_env, "serve", ok=1)
    assert "rcm user add NAME --role admin" in refused.stderr
    password = "tour of the dashboard"
    added = rcm(user_env, "user", "add", "tour", "--role", "admin", stdin=password + "\n")
    assert "added tour (admin)" in added.stdout

    with serving(user_env, "serve") as (base, _):
        paths = fetch_every_page(base, "tour", password)
    assert "/admin" in paths
    audit = json.loads(rcm(user_env, "audit", "--user", "tour", "--format", "json").stdout)
    assert [e["action"] for e in audit] == ["sign_in"]


def test_make_demo_serves_the_sample(user_env: dict[str, str]) -> None:
    """`make demo` runs `rcm demo`: the committed sample loads, is checked and is served."""
    with serving(user_env, "demo") as (base, proc):
        output = "".join(proc.lines)
        password = re.search(r"sign in as demo with the password (\S+) ", output)
        assert password, output
        fetch_every_page(base, "demo", password.group(1))
    assert f"dashboard: {base}/" in output
