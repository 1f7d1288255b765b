"""Time `rcm check` on an existing warehouse in a fresh process: wall time and peak RSS.

    python -m bench.bench_check --warehouse DIR [--repeat N]

The warehouse is copied to a temporary folder first (a check publishes a new
snapshot, and benchmark warehouses are shared), so DIR is never written.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _copy(source: Path, target: Path) -> None:
    current = (source / "CURRENT").read_text(encoding="utf-8").strip()
    (target / "snapshots").mkdir(parents=True)
    shutil.copyfile(source / current, target / current)
    (target / "CURRENT").write_text(current + "\n", encoding="utf-8")


def run_once(warehouse: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one `rcm check` in a new process on a copy of `warehouse`."""
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
        return seconds, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if not (args.warehouse / "CURRENT").is_file():
        raise SystemExit(f"{args.warehouse} holds no published warehouse")
    for n in range(1, args.repeat + 1):
        seconds, peak_mb = run_once(args.warehouse)
        print(f"run {n}: rcm check {seconds:.2f} s wall, peak RSS {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
