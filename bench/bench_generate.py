"""Generator throughput: claims per second, output size and peak memory.

Run `python -m bench.bench_generate` (default 100,000 claims; `--claims 1000000`
for the full-scale run). Each size runs in a fresh subprocess so peak RSS is
that run's alone; the parent process and its batch worker are reported
separately. Results print as Markdown rows for the "Generator" section of
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

from bench.common import cpu_model

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out" / "generate"
MB = 1_000_000

_CHILD = """
import json, pathlib, resource, sys, time
from rcm.generator import generate
out, claims, seed = pathlib.Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
t0 = time.perf_counter()
s = generate(out, claims=claims, seed=seed)
seconds = time.perf_counter() - t0
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "summary": s.as_dict(), "rss_kb": me, "worker_kb": kids}))
"""


def measure(claims: int, seed: int, keep: bool) -> dict:
    out = OUT / f"claims_{claims}"
    shutil.rmtree(out, ignore_errors=True)
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(out), str(claims), str(seed)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if not keep:
        shutil.rmtree(out, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, nargs="+", default=[100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args(argv)
    print(
        f"Measured {datetime.date.today()} on {cpu_model()} ({os.cpu_count()} cores), "
        f"Python {platform.python_version()}."
    )
    print(
        "| claims | seconds | claims/s | files 837 / 835 | MB written | peak RSS MB "
        "(main / worker) |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for n in args.claims:
        r = measure(n, args.seed, args.keep)
        s = r["summary"]
        print(
            f"| {s['claims']:,} | {r['seconds']:.1f} | {s['claims'] / r['seconds']:,.0f} | "
            f"{s['files_837']:,} / {s['files_835']:,} | {s['bytes_written'] / MB:,.0f} | "
            f"{r['rss_kb'] / 1024:,.0f} / {r['worker_kb'] / 1024:,.0f} |"
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Load average when done: {load:.1f}.")


if __name__ == "__main__":
    main()
