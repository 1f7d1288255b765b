"""`python -m bench` (`make bench`): every stage of the product at 10k, 100k and 1M claims.

For each size it generates the files once (kept in bench/.cache/ between
runs), then in fresh processes: parses them with no database, loads them into
a new warehouse, loads them again (nothing new), runs `rcm check`, refreshes
the marts, runs `rcm kpis`, times each dashboard page's callbacks and the SQL
workbench on typical analyst queries. Wall time, throughput and peak RSS per
stage; a growth table (time per claim at the smallest and largest size);
first it runs the parser side by side with pyx12, LinuxForHealth x12 and the
read-and-split floor (`bench.bench_parse`, its own section; `--no-peers` skips
it). Results go to the console and to the "Scale" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.common import (
    CACHE,
    MB,
    folder_bytes,
    generated,
    machine,
    rcm,
    replace_section,
    run,
    today,
)

SIZES = (10_000, 100_000, 1_000_000)
SECTION = "Scale: every stage from 10k to 1M claims"

_MARTS = """
import sys, time
from rcm import sqlfiles
from rcm.warehouse import Warehouse
with Warehouse(sys.argv[1]).writer(reason="bench") as writer:
    t0 = time.perf_counter()
    sqlfiles.run_models(writer.connection, ["marts"])
    print(time.perf_counter() - t0)
"""

TARGETS = {
    "load": "1M claims < 180 s",
    "reload": "< 10 s",
    "check": "1M claims < 60 s",
    "marts": "< 20 s",
    "kpis": "< 1 s",
    "page": "< 1 s each",
}


@dataclass
class Stage:
    name: str
    seconds: float
    peak_rss_mb: float | None = None
    megabytes: float | None = None
    note: str = ""


@dataclass
class SizeResult:
    claims: int
    input_mb: float
    warehouse_mb: float = 0.0
    stages: list[Stage] = field(default_factory=list)
    pages: list[dict] = field(default_factory=list)
    queries: list[dict] = field(default_factory=list)

    def stage(self, name: str) -> Stage | None:
        return next((s for s in self.stages if s.name == name), None)


LAST_RUN = CACHE / "scale_results.json"


def _loaded(raw: dict) -> SizeResult:
    return SizeResult(**{**raw, "stages": [Stage(**stage) for stage in raw["stages"]]})


def measure(claims: int, seed: int, console: Console) -> SizeResult:
    files, made = generated(claims, seed)
    inputs = [str(files / name) for name in ("837", "835", "csv")]
    result = SizeResult(claims, sum(folder_bytes(Path(p)) for p in inputs) / MB)
    recorded = (files / "generate_seconds.txt").read_text().split()
    result.stages.append(
        Stage("generate", float(recorded[0]), float(recorded[1]), result.input_mb,
              "" if made else "cached; figure from when it was made")
    )  # fmt: skip

    parsed = run([sys.executable, "-m", "bench.parse_folder", inputs[0], inputs[1]])
    facts = json.loads(parsed.stdout)
    result.stages.append(
        Stage("parse", facts["seconds"], parsed.peak_rss_mb, facts["bytes"] / MB,
              f"{facts['files']:,} files, one process, no database")
    )  # fmt: skip
    console.log(f"{claims:,}: parsed in {facts['seconds']:.1f} s")

    warehouse = CACHE / f"scale_wh_{claims}_{seed}"
    shutil.rmtree(warehouse, ignore_errors=True)
    load = rcm(warehouse, "load", "--no-check", *inputs, ok=(0, 1))
    result.stages.append(Stage("load", load.seconds, load.peak_rss_mb, result.input_mb,
                               "files to core and marts, one snapshot"))  # fmt: skip
    console.log(f"{claims:,}: loaded in {load.seconds:.1f} s")
    again = rcm(warehouse, "load", "--no-check", *inputs, ok=(0, 1))
    result.stages.append(Stage("reload", again.seconds, again.peak_rss_mb, None,
                               "same files again: hashes only, nothing new"))  # fmt: skip
    check = rcm(warehouse, "check")
    result.stages.append(Stage("check", check.seconds, check.peak_rss_mb, None,
                               "expectation suites + coding rules, then marts"))  # fmt: skip
    console.log(f"{claims:,}: checked in {check.seconds:.1f} s")
    marts = run([sys.executable, "-c", _MARTS, str(warehouse)])
    result.stages.append(Stage("marts", float(marts.stdout.split()[-1]), marts.peak_rss_mb,
                               None, "all mart models, SQL time"))  # fmt: skip
    for label, extra in (("kpis", ()), ("kpis --by month", ("--by", "month"))):
        kpis = rcm(warehouse, "kpis", "--format", "json", *extra)
        result.stages.append(Stage(label, kpis.seconds, kpis.peak_rss_mb, None,
                                   "whole command, interpreter start included"))  # fmt: skip

    pages = run([sys.executable, "-m", "bench.bench_dashboard", "--warehouse", str(warehouse),
                 "--json"])  # fmt: skip
    result.pages = [json.loads(line) for line in pages.stdout.splitlines() if line.strip()]
    queries = run([sys.executable, "-m", "bench.workbench", str(warehouse)])
    result.queries = [json.loads(line) for line in queries.stdout.splitlines() if line.strip()]

    current = (warehouse / "CURRENT").read_text().strip()
    result.warehouse_mb = (warehouse / current).stat().st_size / MB
    return result


def _rate(stage: Stage, claims: int) -> str:
    if stage.name in ("reload",) or stage.name.startswith("kpis"):
        return ""
    return f"{claims / stage.seconds:,.0f}"


def stage_rows(results: list[SizeResult]) -> list[list[str]]:
    rows = []
    for r in results:
        for s in r.stages:
            rows.append([
                f"{r.claims:,}", s.name, f"{s.seconds:.2f}", _rate(s, r.claims),
                f"{s.megabytes / s.seconds:.1f}" if s.megabytes else "",
                f"{s.peak_rss_mb:,.0f}" if s.peak_rss_mb else "", s.note,
            ])  # fmt: skip
    return rows


def page_rows(results: list[SizeResult]) -> list[list[str]]:
    """One row per view, milliseconds at each size side by side."""
    views: dict[tuple[str, str], dict[int, float]] = {}
    for r in results:
        for p in r.pages:
            views.setdefault((p["page"], p.get("callback", "")), {})[r.claims] = p["seconds"]
        for q in r.queries:
            views.setdefault(("SQL workbench", q["query"]), {})[r.claims] = q["seconds"]
    return [
        [
            page,
            view,
            *(f"{times[r.claims] * 1000:,.0f}" if r.claims in times else "" for r in results),
        ]
        for (page, view), times in views.items()
    ]


def _per_1k(stage: Stage, claims: int) -> float:
    return stage.seconds / claims * 1_000_000


def _growth(ratio: float) -> str:
    if ratio > 1.5:
        return "SUPERLINEAR"
    return "linear" if ratio >= 1 / 1.5 else "sublinear"


def growth_rows(results: list[SizeResult]) -> list[list[str]]:
    """Time per claim at the largest size against the smallest and the middle one
    (linear within 1.5x), and peak RSS at each size."""
    small, large = results[0], results[-1]
    middle = results[-2] if len(results) > 2 else small
    rows = []
    for s in small.stages:
        last, mid = large.stage(s.name), middle.stage(s.name)
        if last is None or mid is None:
            continue
        per = [_per_1k(x.stage(s.name), x.claims) for x in results]  # type: ignore[arg-type]
        ratio_small = _per_1k(last, large.claims) / _per_1k(s, small.claims)
        ratio_mid = _per_1k(last, large.claims) / _per_1k(mid, middle.claims)
        rss = " / ".join(f"{x.stage(s.name).peak_rss_mb:,.0f}" for x in results)  # type: ignore[union-attr]
        rows.append([
            s.name, *(f"{v:,.1f}" for v in per),
            f"{ratio_small:.2f}", f"{ratio_mid:.2f} {_growth(ratio_mid)}", rss,
        ])  # fmt: skip
    return rows


def markdown(header: list[str], rows: list[list[str]], align: str) -> str:
    """A Markdown table; `align` has one letter per column, l or r."""
    marks = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


STAGE_HEADER = ["claims", "stage", "seconds", "claims/s", "MB/s", "peak RSS MB", "what"]


def page_header(results: list[SizeResult]) -> list[str]:
    return ["page", "view or query", *(f"ms at {r.claims:,}" for r in results)]


def growth_header(results: list[SizeResult]) -> list[str]:
    small, large = results[0], results[-1]
    middle = results[-2] if len(results) > 2 else small
    return [
        "stage", *(f"ms per 1k claims at {r.claims:,}" for r in results),
        f"ratio {large.claims:,} / {small.claims:,}",
        f"ratio {large.claims:,} / {middle.claims:,}", "peak RSS MB",
    ]  # fmt: skip


def show(console: Console, results: list[SizeResult]) -> None:
    for title, header, rows in (
        ("stages", STAGE_HEADER, stage_rows(results)),
        ("dashboard and workbench", page_header(results), page_rows(results)),
        ("growth", growth_header(results), growth_rows(results)),
    ):
        table = Table(*header, title=title)
        for row in rows:
            table.add_row(*row)
        console.print(table)


GROWTH_NOTE = (
    "At 10k claims each stage's fixed cost (interpreter start, imports; for the "
    "check the Great Expectations import, about 5 s) outweighs the work, so time "
    "per claim falls with size; the 100k-to-1M ratio is the one that shows how "
    "the work itself grows."
)


LIMITS = {"load": 180.0, "reload": 10.0, "check": 60.0, "marts": 20.0, "kpis": 1.0}


def verdicts(results: list[SizeResult]) -> str:
    """Each target against the largest size: met, or missed by how much."""
    largest = results[-1]
    lines = []
    for name, limit in LIMITS.items():
        stage = largest.stage(name)
        if stage is None:
            continue
        state = "met" if stage.seconds < limit else f"MISSED by {stage.seconds / limit - 1:.0%}"
        lines.append(f"- {name} at {largest.claims:,} claims: {stage.seconds:.2f} s "
                     f"(target < {limit:g} s): {state}")  # fmt: skip
    slowest = max(largest.pages, key=lambda p: p["seconds"], default=None)
    if slowest:
        state = "met" if slowest["seconds"] < 1 else "MISSED"
        view = f"{slowest['page']} {slowest['callback']}"
        lines.append(f"- slowest dashboard view at {largest.claims:,} claims: {view}, "
                     f"{slowest['seconds']:.2f} s (target < 1 s): {state}")  # fmt: skip
    return "\n".join(lines)


def record(results: list[SizeResult], seed: int, measured_on: str) -> None:
    sizes = ", ".join(f"{r.claims:,}" for r in results)
    targets = "; ".join(f"{k} {v}" for k, v in TARGETS.items())
    stored = ", ".join(f"{r.claims:,} claims {r.warehouse_mb:,.0f} MB" for r in results)
    body = "\n\n".join([
        f"Measured by `python -m bench` (`make bench`) {measured_on}. "
        f"Generated data: seed {seed}, sizes {sizes} claims (files cached in bench/.cache/). "
        "Each stage runs in a fresh process; peak RSS is that process's largest "
        f"(loader workers included). Targets: {targets}.",
        markdown(STAGE_HEADER, stage_rows(results), "rlrrrrl"),
        f"Warehouse size: {stored}.",
        verdicts(results),
        "### Dashboard callbacks and SQL workbench (server side, median of 5 requests)",
        markdown(page_header(results), page_rows(results), "ll" + "r" * len(results)),
        "### Growth (time per claim; linear when the ratio is within 1.5x)",
        GROWTH_NOTE,
        markdown(growth_header(results), growth_rows(results), "l" + "r" * (len(results) + 3)),
    ])  # fmt: skip
    replace_section(SECTION, body)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--claims", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-peers", action="store_true", help="skip the parser side by side with its peers"
    )
    parser.add_argument("--no-record", action="store_true", help="print only; leave RESULTS.md")
    parser.add_argument(
        "--redraw", action="store_true", help="redraw the tables from the last run's figures"
    )
    args = parser.parse_args()
    console = Console()
    if not (args.no_peers or args.redraw):
        run([sys.executable, "-m", "bench.bench_parse"])
    if args.redraw:
        last = json.loads(LAST_RUN.read_text())
        results, measured_on = [_loaded(r) for r in last["results"]], last["measured_on"]
    else:
        results = [measure(claims, args.seed, console) for claims in sorted(args.claims)]
        measured_on = f"{today()} on {machine()}"
        LAST_RUN.write_text(
            json.dumps({"measured_on": measured_on, "results": [asdict(r) for r in results]})
        )
    show(console, results)
    if not args.no_record:
        record(results, args.seed, measured_on)


if __name__ == "__main__":
    main()
