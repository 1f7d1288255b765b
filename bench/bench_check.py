"""Time `rcm check` on an existing warehouse in a fresh process: wall time and peak RSS.

    python -m bench.bench_check --warehouse DIR [--repeat N]

The warehouse is copied to a temporary folder first (a check publishes a new
snapshot, and benchmark warehouses are shared), so DIR is never written. Each
run also prints the seconds the check itself recorded per step
(dq.check_runs.step_seconds: rule context, each rule, expectations).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb


def _copy(source: Path, target: Path) -> None:
    current = (source / "CURRENT").read_text(encoding="utf-8").strip()
    (target / "snapshots").mkdir(parents=True)
    shutil.copyfile(source / current, target / current)
    (target / "CURRENT").write_text(current + "\n", encoding="utf-8")


def _steps(copy: Path) -> dict[str, float]:
    """The step seconds the check recorded in its run (empty if it recorded none)."""
    current = (copy / "CURRENT").read_text(encoding="utf-8").strip()
    with duckdb.connect(str(copy / current), read_only=True) as con:
        row = con.execute(
            "SELECT step_seconds FROM dq.check_runs ORDER BY check_run_id DESC LIMIT 1"
        ).fetchone()
    return json.loads(row[0]) if row and row[0] else {}


def run_once(warehouse: Path) -> tuple[float, float, dict[str, float]]:
    """Seconds, peak RSS (MB) and recorded step seconds of one `rcm check` in a new
    process on a copy of `warehouse`."""
    with tempfile.TemporaryDirectory(prefix="bench_check_") as scratch:
        copy = Path(scratch) / "wh"
        _copy(warehouse, copy)
        command = [sys.executable, "-m", "rcm.cli", "--warehouse", str(copy), "check"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if done.returncode != 0:
            raise SystemExit(f"rcm check failed ({done.returncode}):\n{done.stderr[-2000:]}")
        return seconds, max(peak, before) / 1024, _steps(copy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if not (args.warehouse / "CURRENT").is_file():
        raise SystemExit(f"{args.warehouse} holds no published warehouse")
    for n in range(1, args.repeat + 1):
        seconds, peak_mb, steps = run_once(args.warehouse)
        print(f"run {n}: rcm check {seconds:.2f} s wall, peak RSS {peak_mb:,.0f} MB")
        if steps:
            print("  " + ", ".join(f"{name} {value:.1f} s" for name, value in steps.items()))


if __name__ == "__main__":
    main()
