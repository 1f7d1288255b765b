"""Load, reload, mart refresh and `rcm kpis` at scale.

Run `python -m bench.bench_load` (default 100,000 claims; `--claims 100000 1000000`
for both recorded sizes). Generated files are cached in bench/.cache/ between
runs. Every step runs in a fresh `rcm` process so its peak RSS is its own
(workers included). Prints Markdown rows for the "Load, marts and KPIs"
section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CACHE = BENCH / ".cache"
RCM = Path(sys.executable).with_name("rcm")
MB = 1_000_000

_MARTS = """
import sys, time
from rcm import sqlfiles
from rcm.warehouse import Warehouse
with Warehouse(sys.argv[1]).writer(reason="bench") as writer:
    t0 = time.perf_counter()
    sqlfiles.run_models(writer.connection, ["marts"])
    print(time.perf_counter() - t0)
"""


def generated(claims: int, seed: int) -> Path:
    out = CACHE / f"gen_{claims}_{seed}"
    if not (out / "ground_truth.csv").exists():
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run(
            [str(RCM), "generate", "--out", str(out), "--claims", str(claims), "--seed", str(seed)],
            check=True,
            capture_output=True,
        )
    return out


def timed(args: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB of the child (and its workers), and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{args[:3]} failed: {proc.stderr[-2000:]}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return seconds, peak / 1024, proc.stdout


def measure(claims: int, seed: int, warehouse_dir: Path = CACHE) -> dict:
    files = generated(claims, seed)
    inputs = [str(files / name) for name in ("837", "835", "csv")]
    size = sum(
        p.stat().st_size
        for name in ("837", "835", "csv")
        for p in (files / name).rglob("*")
        if p.is_file()
    )
    warehouse = warehouse_dir / f"wh_{claims}_{seed}"
    shutil.rmtree(warehouse, ignore_errors=True)
    load_s, load_mb, _ = timed(
        [str(RCM), "--warehouse", str(warehouse), "load", "--no-check", *inputs]
    )
    reload_s, _, _ = timed([str(RCM), "--warehouse", str(warehouse), "load", "--no-check", *inputs])
    marts_s, _, out = timed([sys.executable, "-c", _MARTS, str(warehouse)])
    marts_sql_s = float(out.strip().splitlines()[-1])
    kpis_s, _, _ = timed([str(RCM), "--warehouse", str(warehouse), "kpis", "--format", "json"])
    by_month_s, _, _ = timed(
        [str(RCM), "--warehouse", str(warehouse), "kpis", "--by", "month", "--format", "json"]
    )
    _, _, counts = timed(
        [str(RCM), "--warehouse", str(warehouse), "sql", "--format", "json",
         "SELECT (SELECT count(*) FROM core.claims) AS claims,"
         " (SELECT count(*) FROM core.remittances) AS remittances"]
    )  # fmt: skip
    current = (warehouse / "CURRENT").read_text().strip()
    return {
        "claims": json.loads(counts)[0]["claims"],
        "remittances": json.loads(counts)[0]["remittances"],
        "input_mb": size / MB,
        "load_s": load_s,
        "load_rss_mb": load_mb,
        "reload_s": reload_s,
        "marts_s": marts_sql_s,
        "marts_process_s": marts_s,
        "kpis_s": kpis_s,
        "kpis_by_month_s": by_month_s,
        "warehouse_mb": (warehouse / current).stat().st_size / MB,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, nargs="+", default=[100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--warehouse-dir",
        type=Path,
        default=CACHE,
        help="folder for the warehouses this script deletes and rebuilds (default bench/.cache)",
    )
    args = parser.parse_args()
    print(
        "| claims | input MB | load s | claims/s | MB/s | peak RSS MB | reload s |"
        " marts s | kpis s | kpis by month s | warehouse MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for claims in args.claims:
        r = measure(claims, args.seed, args.warehouse_dir)
        print(
            f"| {r['claims']:,} | {r['input_mb']:.0f} | {r['load_s']:.1f} |"
            f" {r['claims'] / r['load_s']:,.0f} | {r['input_mb'] / r['load_s']:.1f} |"
            f" {r['load_rss_mb']:.0f} | {r['reload_s']:.1f} | {r['marts_s']:.1f} |"
            f" {r['kpis_s']:.2f} | {r['kpis_by_month_s']:.2f} | {r['warehouse_mb']:.0f} |",
            flush=True,
        )
    print(f"\nload average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
