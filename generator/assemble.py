"""Run both batches (side by side when the run is large) and put their output together.

Everything that needs the whole run is settled here: the reference extracts of
the practice-management system, the merged claim export, the write-offs, the
ground truth and the broken files.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from . import bad_files, csv_extracts, roster
from .engine import BATCHES, Batch, BatchResult, claims_part
from .summary import GenerationSummary
from .truth import Book

PARALLEL_FROM = 20_000  # below this, a second process costs more than it saves


def _batch(
    out: Path, claims: int, seed: int, start: dt.date, months: int, batch: int, progress: bool
) -> BatchResult:
    return Batch(out, claims, seed, start, months, batch, progress).run()


def run(
    out: Path, claims: int, seed: int, start: dt.date, months: int, progress: bool
) -> GenerationSummary:
    out.mkdir(parents=True, exist_ok=True)
    (out / "csv").mkdir(exist_ok=True)
    args = (out, claims, seed, start, months)
    if claims >= PARALLEL_FROM:
        # fork: no re-import of the caller's main module (a script without a __main__ guard)
        ctx = get_context("fork" if "fork" in get_all_start_methods() else "spawn")
        with ProcessPoolExecutor(max_workers=BATCHES - 1, mp_context=ctx) as pool:
            others = [pool.submit(_batch, *args, b, False) for b in range(1, BATCHES)]
            results = [_batch(*args, 0, progress)] + [f.result() for f in others]
    else:
        results = [_batch(*args, b, progress and b == 0) for b in range(BATCHES)]
    return _finish(out, claims, seed, start, results)


def _merge_claim_lines(out: Path) -> None:
    rows: list[tuple[str, int, list[str]]] = []
    header: list[str] = []
    for b in range(BATCHES):
        part = claims_part(out, b)
        with part.open(newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            rows += [(r[4], b, r) for r in reader]
        part.unlink()
    rows.sort(key=lambda t: (t[0], t[1]))
    with (out / "csv" / "claims_lakeside.csv").open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(r for _, _, r in rows)


def _finish(
    out: Path, claims: int, seed: int, start: dt.date, results: list[BatchResult]
) -> GenerationSummary:
    r = roster.build(random.Random(seed), claims, start)
    csv_dir = out / "csv"
    _merge_claim_lines(out)
    csv_extracts.write_providers(csv_dir / "providers.csv", r.practices)
    csv_extracts.write_payers(csv_dir / "payers.csv", r.payers)
    csv_extracts.write_patients(csv_dir / "patients.csv", r.patients)
    csv_extracts.write_adjustments(
        csv_dir / "adjustments.csv", [a for res in results for a in res.adjustments]
    )
    book = Book()
    for res in results:
        book.merge(res.book)
    truth = [row for res in results for row in res.truth]
    truth += book.charge_outliers()
    truth += book.provider_outliers(r.providers)
    rows = sorted(set(truth))
    with (out / "ground_truth.csv").open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("rule", "claim_id", "billing_npi", "line_number", "provider_npi"))
        w.writerows(rows)
    summary = GenerationSummary()
    for res in results:
        for key in (
            "claims",
            "submissions",
            "remittances",
            "files_837",
            "files_835",
            "files_999",
            "files_277",
            "front_end_rejected",
        ):
            setattr(summary, key, getattr(summary, key) + getattr(res.summary, key))
    summary.csv_files = 5
    by_rule: dict[str, int] = {}
    for row in rows:
        by_rule[row[0]] = by_rule.get(row[0], 0) + 1
    summary.ground_truth_rows = len(rows)
    summary.ground_truth_by_rule = dict(sorted(by_rule.items()))
    s837 = next((res.sample_837 for res in results if res.sample_837[0]), ("", ""))
    s835 = next((res.sample_835 for res in results if res.sample_835[0]), ("", ""))
    if s837[0] and s835[0]:
        files = bad_files.write(out / "bad", s837[1], s835[1], s837[0], s835[0])
        summary.bad_files = len(files)
    summary.bytes_written = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return summary
