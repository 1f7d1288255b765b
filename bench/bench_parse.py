"""X12 parse throughput: our engine against pyx12, LinuxForHealth x12 and the physical floor.

Run `python -m bench.bench_parse` (add `--huge` for a 1 GB input, or
`--no-peers` for ours and the floor alone: enough to see whether a change to
the parser kept its speed, without pyx12's minutes or LinuxForHealth's
virtualenv). Inputs are
built by replicating the corpus's transaction sets inside fresh, valid
envelopes; each size is parsed in a fresh subprocess so that peak RSS shows
whether memory stays flat as the file grows. Every engine reads the same
bytes. LinuxForHealth x12 needs Pydantic 1, so it is installed in its own
virtualenv under bench/.cache (never the project's); it rejects some corpus
transaction sets, so a second small input replicates only the corpus files
it came with, and all engines run on that one too. The results go to the
console and to the "Parse throughput" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CORPUS = ROOT / "tests" / "fixtures" / "x12-corpus" / "files"
CACHE = BENCH / ".cache"
RESULTS = BENCH / "RESULTS.md"
SECTION = "## Parse throughput"
MB = 1_000_000
TARGET_MB_S = 20.0

P837_SOURCE = "ims__x12_many_claims_se01_fixed.txt"
# Not lfh__835_005010X221A1__managed-care.835: its BPR16 is no calendar date, so it is rejected.
P835_SOURCES = (
    "lfh__835_005010X221A1__cob-contractural-adjustment.835",
    "lfh__835_005010X221A1__medicare-part-a.835",
    "lfh__835_005010X221A1__secondary-payment.835",
    "lfh__835_005010X221A1__tertiary-payment.835",
    "lfh__demo-file__demo.835",
    "k835__emedny_sample.txt",
    "k835__united_healthcare_legacy_sample.txt",
)


# The corpus files LinuxForHealth x12 ships and reads itself.
LFH_837_SOURCES = tuple(
    f"lfh__837_005010X222A2__demo.{name}.837"
    for name in (
        "ambulance.example5",
        "autoaccident",
        "cob.2ndary.example4",
        "cob.example3.A",
        "cob.example4",
        "drug.example10.1",
        "example1",
        "example11",
        "example12",
        "example2",
        "example6",
        "example7",
        "example8",
        "example9",
    )
)
LFH_835_SOURCES = P835_SOURCES[:5]
LFH_VENV = CACHE / "venv-lfh"
LFH_REQUIREMENTS = ("linuxforhealth-x12==0.57.0", "pydantic<2")


def _bodies(path: Path) -> tuple[str, str, list[str]]:
    """The ISA, the GS and the ST..SE transaction sets of one corpus file (':' components)."""
    text = path.read_text(encoding="latin-1")
    isa, component, terminator = text[:106], text[104], text[105]
    body = text[106:].replace("\r", "").replace("\n", "")
    if component != ":":
        body = body.replace(component, ":")
    segments = [s for s in body.split(terminator) if s]
    gs = next(s for s in segments if s.startswith("GS*"))
    sets: list[str] = []
    current: list[str] = []
    for segment in segments:
        if segment.startswith("ST*"):
            current = [segment]
        elif current:
            current.append(segment)
            if segment.startswith("SE*"):
                sets.append("~\n".join(current) + "~\n")
                current = []
    return isa[:104] + ":~", gs, sets


def _renumber(transaction: str, control: int) -> str:
    number = f"{control:09d}"
    transaction = re.sub(r"^ST\*(\d+)\*[^*~]*", lambda m: f"ST*{m.group(1)}*{number}", transaction)
    return re.sub(r"SE\*(\d+)\*[^*~]*~\n$", lambda m: f"SE*{m.group(1)}*{number}~\n", transaction)


def _interchanges(isa: str, gs: str, sets: list[str], target: int) -> Iterator[str]:
    """Valid interchanges of 50 transaction sets each, with fresh control numbers."""
    written = 0
    control = 0
    interchange = 0
    while written < target:
        interchange += 1
        elements = isa.split("*")
        elements[13] = f"{interchange:09d}"
        group = gs.split("*")
        group[6] = str(interchange)
        parts = ["*".join(elements) + "\n", "*".join(group) + "~\n"]
        count = 0
        while count < 50 and written + sum(map(len, parts)) < target:
            control += 1
            parts.append(_renumber(sets[control % len(sets)], control))
            count += 1
        parts.append(f"GE*{count}*{interchange}~\nIEA*1*{interchange:09d}~\n")
        chunk = "".join(parts)
        written += len(chunk)
        yield chunk


def build(kind: str, megabytes: float, lfh: bool = False) -> Path:
    """Write (once) an input of about `megabytes` MB of 837P or 835 under bench/.cache.

    With `lfh`, only from the corpus files LinuxForHealth x12 came with.
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    label = f"{megabytes:g}".replace(".", "_")
    path = CACHE / f"{kind}{'_lfh' if lfh else ''}_{label}mb.x12"
    if path.exists():
        return path
    if lfh:
        names = LFH_837_SOURCES if kind == "837p" else LFH_835_SOURCES
    else:
        names = (P837_SOURCE,) if kind == "837p" else P835_SOURCES
    sets = []
    for name in names:
        sets.extend(_bodies(CORPUS / name)[2])
    isa, gs, _ = _bodies(CORPUS / names[0])
    partial = path.with_suffix(".partial")
    with open(partial, "w", encoding="latin-1") as out:
        for chunk in _interchanges(isa, gs, sets, int(megabytes * MB)):
            out.write(chunk)
    partial.rename(path)
    return path


def _ours(path: Path, loop_id: str) -> dict:
    from rcm.etl.x12 import iter_batches

    started = time.perf_counter()
    rows: dict[str, int] = {}
    for table, batch in iter_batches(path):
        rows[table] = rows.get(table, 0) + batch.num_rows
    seconds = time.perf_counter() - started
    claims = rows.get("claims", 0) + rows.get("remit_claims", 0)
    return {"seconds": seconds, "claims": claims, "rows": rows}


def _worker(engine: str, path: Path, loop_id: str, warm: bool) -> None:
    """Runs in a fresh interpreter: parse one file, print seconds, counts and peak RSS.

    `warm`: parse it once untimed first, so one-off costs (imports an engine
    makes on first use, code paths warming up) stay out of the comparison.
    """
    sys.path.insert(0, str(ROOT))
    from bench.peers_x12 import floor_parse, pyx12_parse

    parse = {"ours": _ours, "pyx12": pyx12_parse, "floor": floor_parse}[engine]
    if warm:
        parse(path, loop_id)
    cpu = time.process_time()
    result = parse(path, loop_id)
    result["cpu_seconds"] = time.process_time() - cpu
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def lfh_python() -> tuple[Path | None, str]:
    """The LinuxForHealth virtualenv's interpreter (made once), or None and why not."""
    python = LFH_VENV / "bin" / "python"
    check = [str(python), str(BENCH / "peers_x12.py"), "lfh-version", "-", "-"]
    if python.exists():
        done = subprocess.run(check, capture_output=True, text=True)
        if done.returncode == 0:
            return python, json.loads(done.stdout)["version"]
    made = subprocess.run([sys.executable, "-m", "venv", str(LFH_VENV)], capture_output=True)
    if made.returncode != 0:
        return None, f"python -m venv failed: {made.stderr.decode()[-300:]}"
    pip = [str(python), "-m", "pip", "install", "--quiet", *LFH_REQUIREMENTS]
    done = subprocess.run(pip, capture_output=True, text=True)
    if done.returncode != 0:
        return None, f"pip install {' '.join(LFH_REQUIREMENTS)} failed: {done.stderr[-300:]}"
    done = subprocess.run(check, capture_output=True, text=True)
    if done.returncode != 0:
        return None, f"installed but does not import: {done.stderr[-300:]}"
    return python, json.loads(done.stdout)["version"]


def _run(
    engine: str, path: Path, loop_id: str, timeout: float | None = None, warm: bool = False
) -> dict:
    mode = "warm" if warm else "cold"
    if engine == "lfh":
        python, _ = lfh_python()
        command = [str(python), str(BENCH / "peers_x12.py"), "lfh", str(path), loop_id, mode]
    else:
        command = [sys.executable, "-m", "bench.bench_parse", "--worker", engine, str(path)]
        command.extend([loop_id, mode])
    size = path.stat().st_size
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"engine": engine, "file": path.name, "mb": size / MB, "error": "timed out"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"engine": engine, "file": path.name, "mb": size / MB, "error": last[:200]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result.update(
        engine=engine,
        warm=warm,
        cpu_mb_per_s=size / MB / result["cpu_seconds"],
        file=path.name,
        mb=size / MB,
        mb_per_s=size / MB / result["seconds"],
        claims_per_s=result["claims"] / result["seconds"],
    )
    return result


def _machine(lfh: str) -> dict[str, str]:
    import pyarrow

    from bench.common import cpu_model
    from bench.peers_x12 import pyx12_version

    started = time.perf_counter()
    sum(range(10**7))
    reference = time.perf_counter() - started
    return {
        "cpu": cpu_model(),
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "pyarrow": pyarrow.__version__,
        "pyx12": pyx12_version(),
        "lfh": lfh,
        "date": datetime.date.today().isoformat(),
        "commit": _commit(),
        "reference": f"{reference * 1000:.0f} ms for sum(range(10**7))",
    }


def _commit() -> str:
    """The commit the figures were measured at; `+changes` if the parser or bench differ from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", "etl/x12", "bench"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return (head or "unknown") + ("+changes" if dirty else "")


def _table(results: list[dict]) -> list[str]:
    lines = [
        "| engine | input | MB | seconds | MB/s | CPU s | MB/s per CPU s | claims | claims/s |"
        " peak RSS MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if "error" in r:
            lines.append(
                f"| {r['engine']} | {r['file']} | {r['mb']:.1f} | failed: {r['error']} "
                "| | | | | | |"
            )
            continue
        lines.append(
            f"| {r['engine']}{' (warm)' if r.get('warm') else ''} | {r['file']} | {r['mb']:.1f} | "
            f"{r['seconds']:.2f} | {r['mb_per_s']:.2f} | {r['cpu_seconds']:.2f} | "
            f"{r['cpu_mb_per_s']:.2f} | {r['claims']:,} | {r['claims_per_s']:,.0f} | "
            f"{r['peak_rss_mb']:.0f} |"
        )
    return lines


def _write_results(
    machine: dict[str, str], results: list[dict], notes: list[str], peers: bool = True
) -> None:
    command = "python -m bench.bench_parse" + ("" if peers else " --no-peers")
    versions = (
        f"pyx12 {machine['pyx12']}, {machine['lfh']} (own virtualenv)" if peers else "peers not run"
    )
    body = [
        SECTION,
        "",
        f"Measured {machine['date']} by `{command}` at commit {machine['commit']} on "
        f"{machine['cpu']} ({machine['cores']} cores, shared with other work; one core used), "
        f"Python {machine['python']}, pyarrow {machine['pyarrow']}, {versions}. "
        f"Machine speed reference: {machine['reference']}.",
        "",
        *_table(results),
        "",
        *notes,
        "",
    ]
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    start = old.find(SECTION)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + "\n".join(body)
    else:
        following = old.find("\n## ", start + len(SECTION))
        rest = old[following + 1 :] if following >= 0 else ""
        new = old[:start] + "\n".join(body) + ("\n" + rest if rest else "")
    RESULTS.write_text(new, encoding="utf-8")


def _ratio(ours: dict, other: dict) -> str:
    """How many times faster ours is than `other` on the same bytes (or why not known)."""
    if "error" in other:
        return f"n/a ({other['engine']} failed: {other['error']})"
    return f"{other['cpu_seconds'] / ours['cpu_seconds']:.2f}x"


def _notes(results: list[dict]) -> list[str]:
    notes = []
    for kind in ("837p", "835"):
        runs = [r for r in results if r["file"].startswith(kind) and "error" not in r]
        by = {(r["engine"], r["file"]): r for r in results if r["file"].startswith(kind)}
        ours = [r for r in runs if r["engine"] == "ours"]
        steady = max(ours, key=lambda r: r["mb"])
        floor = by.get(("floor", steady["file"]))
        line = (
            f"- {kind.upper()}: ours {steady['cpu_mb_per_s']:.1f} MB per CPU second "
            f"({steady['mb_per_s']:.1f} MB/s wall) on {steady['mb']:.0f} MB"
        )
        if floor is not None and "error" not in floor:
            line += (
                f"; the floor {floor['cpu_mb_per_s']:.1f}: ours/floor "
                f"{steady['cpu_mb_per_s'] / floor['cpu_mb_per_s']:.2f} (the floor is "
                f"{floor['cpu_mb_per_s'] / steady['cpu_mb_per_s']:.1f}x faster)"
            )
        notes.append(line + ".")
        for r in ours:
            if r is steady:
                continue
            same = {e: by.get((e, r["file"])) for e in ("floor", "pyx12", "lfh")}
            parts = [
                f"ours/{engine} {_ratio(r, other)}"
                for engine, other in same.items()
                if other is not None
            ]
            if parts:
                how = (
                    "every engine warm (second parse in its process)"
                    if r.get("warm")
                    else "from a cold process"
                )
                notes.append(
                    f"  - same {r['mb']:.1f} MB file `{r['file']}`, {how}: {', '.join(parts)} "
                    "(CPU-time ratio: how many times faster ours is; below 1 means slower)."
                )
    rss = [
        f"{r['mb']:.0f} MB: {r['peak_rss_mb']:.0f} MB"
        for r in results
        if r["engine"] == "ours"
        and r["file"].startswith("837p_")
        and not r.get("warm")
        and "error" not in r
    ]
    notes.append(
        "- Memory: peak RSS of our parse (interpreter and pyarrow included) by 837P input size, "
        f"{'; '.join(rss)}. Batches of 50,000 rows bound it, so it stays flat as the file grows."
    )
    steady = {
        kind: max(
            (
                r
                for r in results
                if r["engine"] == "ours"
                and r["file"].startswith(f"{kind}_")
                and "lfh" not in r["file"]
                and "error" not in r
            ),
            key=lambda r: r["mb"],
        )
        for kind in ("837p", "835")
    }
    shortfall = ", ".join(
        f"{kind.upper()} {r['cpu_mb_per_s']:.1f} MB/s ({r['cpu_mb_per_s'] / TARGET_MB_S:.0%} of it)"
        for kind, r in steady.items()
    )
    notes.append(
        f"- Target {TARGET_MB_S:.0f} MB/s per core on large files, per CPU second: "
        f"{shortfall}. What bounds "
        "it: the parse is one pass of Python bytecode per segment (split, dispatch on the "
        "segment id, loop state, the row as a list joined once), about 1.5-3 us a segment "
        "against the floor's 0.4 us for the read and splits alone; converting the rows to "
        "typed Arrow columns (one C++ CSV read per table and batch) is a further 15-20 %, and "
        "the claim and party tables repeat the billing, subscriber and patient columns on every "
        "claim, so there is more row text than input. What would close it: a compiled "
        "segment loop (Cython, Rust via PyO3 or a C extension writing Arrow builders directly), "
        "or parsing on more cores; `rcm load` already parses small files on every core."
    )
    load = os.getloadavg()
    notes.append(
        f"- Load average when done: {load[0]:.1f} on {os.cpu_count()} cores (other work shares "
        "this machine, so absolute figures vary by up to 2x between runs; ratios less so)."
    )
    return notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100", help="input sizes in MB, comma-separated")
    parser.add_argument("--huge", action="store_true", help="also parse a 1000 MB 837P file")
    parser.add_argument("--peer-mb", type=float, default=1.0, help="input size for the peers")
    parser.add_argument("--peer-timeout", type=float, default=900, help="seconds per peer run")
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    parser.add_argument(
        "--no-peers",
        action="store_true",
        help="only ours and the floor: no pyx12, no LinuxForHealth x12 (nor its virtualenv)",
    )
    parser.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        engine, path, loop_id, mode = args.worker
        _worker(engine, Path(path), loop_id, mode == "warm")
        return
    if not CORPUS.is_dir():
        sys.exit(f"the shared X12 corpus is missing: expected it at {CORPUS}")
    sizes = [float(s) for s in args.sizes.split(",") if s]
    if args.huge:
        sizes.append(1000.0)
    python, lfh = (None, "not run (--no-peers)") if args.no_peers else lfh_python()
    print(f"LinuxForHealth x12: {lfh}")
    engines = ("ours", "floor") if args.no_peers else ("ours", "floor", "pyx12", "lfh")
    results = []

    def run(engine: str, path: Path, loop_id: str, warm: bool = False) -> None:
        if engine == "lfh" and python is None:
            size = path.stat().st_size / MB
            results.append({"engine": engine, "file": path.name, "mb": size, "error": lfh})
        else:
            timeout = None if engine in ("ours", "floor") else args.peer_timeout
            results.append(_run(engine, path, loop_id, timeout, warm))
        print(*_table(results[-1:])[2:], flush=True)

    for kind, loop_id in (("837p", "2300"), ("835", "2100")):
        for size in sizes if kind == "837p" else [s for s in sizes if s < 1000]:
            path = build(kind, size)
            run("ours", path, loop_id)
            run("floor", path, loop_id)
        for lfh_only in (False, True):
            small = build(kind, args.peer_mb, lfh=lfh_only)
            for engine in engines:
                run(engine, small, loop_id, warm=True)
    notes = _notes(results)
    print("\n".join(_table(results)))
    print("\n".join(notes))
    if not args.no_write:
        _write_results(_machine(lfh), results, notes, peers=not args.no_peers)
        print(f"updated {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
