"""Each dashboard page's callbacks timed server-side.

Run: `python -m bench.bench_dashboard --warehouse DIR`.

Each page is requested the way the browser does, a POST to
/_dash-update-component through the Flask test client (render, JSON
serialisation and all), unfiltered and with a filter, by an administrator
signed in through the sign-in form; the table shows the median and worst of
several runs after one warm-up. Read-only: the warehouse is only ever opened
for reading, and the benchmark's user lives in a throwaway work store.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from rcm.dashboard import create_app
from rcm.dashboard.data import DashboardData
from rcm.dashboard.filters import Filters
from rcm.warehouse import Warehouse
from rcm.workstore import WorkStore

GROUP_BY_PAYER = "SELECT payer_id, count(*) FROM mart.claim_summary GROUP BY 1"


def _body(pathname: str, search: str) -> dict[str, Any]:
    return {
        "output": "page-content.children",
        "outputs": {"id": "page-content", "property": "children"},
        "inputs": [
            {"id": "url", "property": "pathname", "value": pathname},
            {"id": "url", "property": "search", "value": search},
        ],
        "changedPropIds": ["url.search"],
        "state": [],
    }


ORIGIN = {"Origin": "http://localhost"}


def _signed_in_client(app: Any, store: WorkStore) -> Any:
    """A test client that signed in through the form, as a browser would."""
    password = secrets.token_urlsafe(16)
    store.add_user("bench", "admin", password, actor="bench")
    client = app.server.test_client()
    form = client.get("/login").data
    token = re.search(rb'name="csrf" value="([^"]+)"', form)
    if token is None:
        raise SystemExit("the sign-in page has no form token")
    fields = {"name": "bench", "password": password, "csrf": token.group(1).decode()}
    response = client.post("/login", data=fields, headers=ORIGIN)
    if response.status_code != 302:
        raise SystemExit(f"sign-in failed: HTTP {response.status_code}")
    return client


def _cases(warehouse: Warehouse) -> list[tuple[str, str, str]]:
    data = DashboardData(warehouse)
    options = data.filter_options()
    payer = options["payer"][0]["value"] if options["payer"] else "NONE"
    provider = options["provider"][0]["value"] if options["provider"] else "NONE"
    location = options["location"][0]["value"] if options["location"] else "NONE"
    rows = data.claims(
        Filters(),
        {"kpi": "initial_denial_rate"}
        | dict.fromkeys(("bucket", "category", "carc", "procedure", "rule", "denied")),
    )["rows"]
    claim = f"?billing_npi={rows[0]['billing_npi']}&claim_id={rows[0]['claim_id']}" if rows else ""
    cases = []
    for path in ("/", "/denials", "/ar", "/payers", "/compliance", "/quality"):
        cases.append((path, "unfiltered", ""))
        cases.append((path, "payer", f"?payer={payer}"))
        dated = f"?provider={provider}&from=2026-03-01&to=2026-08-31"
        cases.append((path, "provider+dates", dated))
    cases += [
        ("/", "location", f"?location={location}"),
        ("/claims", "kpi=initial_denial_rate", "?kpi=initial_denial_rate"),
        ("/claims", "bucket=121+ payer", f"?bucket=121%2B&payer={payer}"),
        ("/claims", "category=authorization", "?category=authorization"),
        ("/claim", "one claim", claim),
        ("/provider", "profile", f"?npi={provider}"),
        ("/sql", "schema only", ""),
        ("/sql", "group by payer", "?" + urlencode({"q": GROUP_BY_PAYER})),
    ]
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--json", action="store_true", help="one JSON object per view (for python -m bench)"
    )
    args = parser.parse_args()
    warehouse = Warehouse(args.warehouse)
    with tempfile.TemporaryDirectory(prefix="rcm-bench-") as folder:
        store = WorkStore(f"sqlite:///{Path(folder) / 'work.sqlite'}")
        try:
            _run(warehouse, store, args)
        finally:
            store.close()


def _run(warehouse: Warehouse, store: WorkStore, args: argparse.Namespace) -> None:
    app = create_app(warehouse, store)
    client = _signed_in_client(app, store)
    with warehouse.reader() as con:
        claims = con.execute("SELECT count(*) FROM mart.claim_summary").fetchone()[0]
    if not args.json:
        print(f"warehouse {warehouse.root} ({claims:,} claims), {args.runs} runs after a warm-up")
        print(f"{'page':<12} {'view':<26} {'median s':>9} {'max s':>7} {'KB':>7}")
    for path, label, search in _cases(warehouse):
        body = _body(path, search)
        response = client.post("/_dash-update-component", json=body, headers=ORIGIN)
        if response.status_code != 200:
            raise SystemExit(f"{path}{search}: HTTP {response.status_code}")
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.post("/_dash-update-component", json=body, headers=ORIGIN)
            times.append(time.perf_counter() - started)
        size = len(response.data) / 1024
        if args.json:
            median = statistics.median(times)
            print(json.dumps({"page": path, "callback": label, "seconds": median, "kb": size}))
            continue
        print(
            f"{path:<12} {label:<26} {statistics.median(times):>9.3f} {max(times):>7.3f} "
            f"{size:>7.0f}"
        )


if __name__ == "__main__":
    main()
