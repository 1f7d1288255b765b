"""What every benchmark script shares: the cache of generated data, fresh-process
timing with that process's own peak memory, the machine description, and
replacing one section of bench/RESULTS.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CACHE = BENCH / ".cache"
RESULTS = BENCH / "RESULTS.md"
RCM = Path(sys.executable).with_name("rcm")
MB = 1_000_000


@dataclass(frozen=True)
class Run:
    """One command run in a fresh process."""

    seconds: float
    peak_rss_mb: float
    stdout: str
    returncode: int


def run(args: list[str], *, ok: tuple[int, ...] = (0,), env: dict[str, str] | None = None) -> Run:
    """Run a command in a fresh process: wall seconds and the peak RSS of its largest
    process (os.wait4 reports the child and the workers it waited for)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            args, cwd=ROOT, stdout=out, stderr=err, env={**os.environ, **(env or {})}
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(args[:4])} exited {proc.returncode}: {stderr[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, stdout, proc.returncode)


def rcm(warehouse: Path, *args: str, ok: tuple[int, ...] = (0,)) -> Run:
    return run([str(RCM), "--warehouse", str(warehouse), *args], ok=ok)


def generated(claims: int, seed: int) -> tuple[Path, Run | None]:
    """The generated files for this size, made once and kept in the cache; the Run is
    None when they were already there."""
    out = CACHE / f"gen_{claims}_{seed}"
    if (out / "ground_truth.csv").exists():
        return out, None
    shutil.rmtree(out, ignore_errors=True)
    made = run(
        [str(RCM), "generate", "--out", str(out), "--claims", str(claims), "--seed", str(seed)]
    )
    (out / "generate_seconds.txt").write_text(f"{made.seconds:.3f} {made.peak_rss_mb:.1f}\n")
    return out, made


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def cpu_model() -> str:
    """The processor's model name, as /proc/cpuinfo gives it where there is one."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    """One line naming the machine and the versions the figures depend on."""
    cpu = cpu_model()
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("duckdb", "pyarrow", "pandas", "dash")
    )
    return (
        f"{cpu} ({os.cpu_count()} cores), Python {platform.python_version()}, {versions}; "
        f"load average {os.getloadavg()[0]:.1f} when done"
    )


def today() -> str:
    return dt.date.today().isoformat()


def replace_section(title: str, body: str) -> None:
    """Replace the `## title` section of RESULTS.md (or append it), leaving the others."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    heading = f"## {title}"
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == heading), None)
    new = [heading, "", *body.strip("\n").splitlines(), ""]
    if start is None:
        lines = [*lines, "", *new]
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        lines = [*lines[:start], *new, *lines[end:]]
    RESULTS.write_text("\n".join(lines).rstrip("\n") + "\n")
