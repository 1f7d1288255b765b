"""The run: walk the calendar, make each day's claims, and write files as their dates come.

Claims are made by date of service. Each claim's future (submissions,
remittances, write-offs) is decided at once and parked under the date it
happens; a day's 837 batches and the payment runs due are written and dropped
as soon as the walk passes their date, so memory holds a few weeks of work,
not the year.

A run is split into two batches by payer group (payers 1, 3, 5 and 2, 4, 6 of
the roster). Their patients are disjoint, so each batch walks the calendar on
its own, in its own process when the run is large; the split is fixed, so the
output is the same however the batches are scheduled.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import catalog, csv_extracts, reference, roster, x12_277ca, x12_835, x12_837, x12_999
from .adjudicate import Adjudicator, Posting
from .anomalies import Seeder
from .encounter import Encounters, age_on
from .envelope import ControlNumbers, Envelope
from .model import Claim, Patient, Practice, Provider
from .progress import Progress
from .summary import GenerationSummary
from .truth import Book

REMIT_TAIL_DAYS = 30
SUBMIT_LAGS = (0, 1, 1, 1, 2, 2, 3, 4, 5)
DAY_WEIGHTS = {"office": (1.0, 1.0, 1.0, 1.0, 1.0, 0.2, 0.05), "always": (1.0,) * 7}


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + y, m + 1, min(day.day, 28))


BATCHES = 2
Stream = tuple[str, list[Provider], list[float], str]  # name, providers, cum weights, days
Submission = tuple[Claim, str, str]  # claim, frequency code, payer control number (REF*F8)


@dataclass(slots=True)
class BatchResult:
    summary: GenerationSummary
    truth: list[tuple[str, str, str, str, str]]
    adjustments: list[csv_extracts.AdjustmentRow]
    book: Book
    sample_837: tuple[str, str]
    sample_835: tuple[str, str]


class Batch:
    def __init__(
        self,
        out: Path,
        claims: int,
        seed: int,
        start: dt.date,
        months: int,
        batch: int,
        progress: bool,
    ) -> None:
        self.out, self.n_claims, self.seed, self.batch = out, claims, seed, batch
        self.start, self.end = start, add_months(start, months)
        self.ref = reference.load()
        self.roster = roster.build(random.Random(seed), claims, start)
        self.rng = random.Random(seed * BATCHES + batch)
        self.patients = [
            p for p in self.roster.patients if self.roster.payers.index(p.payer) % BATCHES == batch
        ]
        first = [
            p for p in self.roster.patients if self.roster.payers.index(p.payer) % BATCHES == 0
        ]
        self.share0 = len(first) / len(self.roster.patients)
        self.enc = Encounters(self.rng, self.ref)
        last = self.end - dt.timedelta(days=1)
        self.last_day = last
        self.adj = Adjudicator(self.rng, last, last + dt.timedelta(days=REMIT_TAIL_DAYS), batch)
        self.seeder = Seeder(self.rng, self.ref, self.enc.fees)
        self.book = Book()
        self.controls = ControlNumbers(100000001 + seed % 1000 * 100000 + batch, BATCHES)
        self.summary = GenerationSummary()
        self.truth: list[tuple[str, str, str, str, str]] = []
        self.adjustments: list[csv_extracts.AdjustmentRow] = []
        self.pending837: dict[dt.date, dict[tuple[int, str], list[Submission]]] = defaultdict(dict)
        self.pending835: dict[dt.date, dict[str, dict[str, list[Posting]]]] = defaultdict(dict)
        self.payers = {p.payer_id: p for p in self.roster.payers}
        self.payees: dict[str, Practice] = {}
        self.progress = Progress(progress, claims)
        self.sample_837 = self.sample_835 = ("", "")
        # front-end outcomes draw from their own stream: claims and remittances stay as they are
        self.ack_rng = random.Random(f"acknowledgements-{seed}-{batch}")
        self.dirs: set[Path] = set()

    # -- allocation ----------------------------------------------------------------
    def _streams(self) -> tuple[list[Stream], list[float]]:
        """Claim streams (specialty, CSV practice, hospital) and their shares of all claims."""
        r = self.roster
        raw: list[tuple[str, list[Provider], float, str]] = []
        for spec in catalog.SPECIALTIES.values():
            provs = [
                p for p in r.providers if p.specialty == spec.key and p.practice.system == "x12"
            ]
            raw.append(
                (spec.key, provs, spec.claim_share, "always" if spec.key == "ed" else "office")
            )
        raw.append(("csv", r.csv_practice.providers, catalog.CSV_PRACTICE_SHARE, "office"))
        raw.append(("hospital", r.hospital.providers, catalog.HOSPITAL_SHARE, "always"))
        streams = [(k, ps, _cum([p.weight for p in ps]), w) for k, ps, _, w in raw]
        return streams, [share for _, _, share, _ in raw]

    def _allocate(self, shares: list[float], kinds: list[str]) -> list[list[int]]:
        days = (self.end - self.start).days
        cells = []
        for d in range(days):
            wd = (self.start + dt.timedelta(days=d)).weekday()
            cells.append([s * DAY_WEIGHTS[k][wd] for s, k in zip(shares, kinds, strict=True)])
        total = sum(sum(row) for row in cells)
        exact = [[w * self.n_claims / total for w in row] for row in cells]
        counts = [[int(x) for x in row] for row in exact]
        short = self.n_claims - sum(map(sum, counts))
        order = sorted(
            ((x - int(x), -d, -s) for d, row in enumerate(exact) for s, x in enumerate(row)),
            reverse=True,
        )
        for _, d, s in order[:short]:
            counts[-d][-s] += 1
        return counts

    # -- claims ----------------------------------------------------------------------
    def _patient(
        self, min_age: int, day: dt.date, seen: set[str], older: bool
    ) -> tuple[Patient, int]:
        pats, rng = self.patients, self.rng
        for _ in range(60):
            p = pats[rng.randrange(len(pats))]
            if p.mrn in seen:
                continue
            age = age_on(p.birth, day)
            if age < min_age or (older and age < 50 and rng.random() < 0.6):
                continue
            seen.add(p.mrn)
            return p, age
        raise RuntimeError("patient pool too small for one day's visits")

    def _claim_id(self, pr: Practice) -> str:
        pr.next_claim += 1
        number = pr.next_claim * BATCHES + self.batch
        return f"RG{number}" if pr.institutional else str(number)

    def _make(self, stream: str, prov: Provider, day: dt.date, seen: set[str]) -> None:
        pr = prov.practice
        if stream == "hospital":
            pat, age = self._patient(0, day, seen, False)
            v = self.enc.institutional(pat, day, self.last_day, self.roster.hospital_location)
            kind = "I"
            ready = v.service_end or day
            submitted = min(ready + dt.timedelta(days=self.rng.randint(2, 8)), self.last_day)
        else:
            spec = catalog.SPECIALTIES[prov.specialty]
            pat, age = self._patient(spec.min_age, day, seen, prov.specialty == "cardio")
            v = self.enc.office(prov, pat, day)
            self.enc.verify(v.lines, day)
            kind = "P"
            submitted = min(day + dt.timedelta(days=self.rng.choice(SUBMIT_LAGS)), self.last_day)
        c = Claim(
            self._claim_id(pr),
            pr,
            pr.npi,
            prov,
            prov.npi,
            pat,
            pat.payer,
            day,
            submitted,
            v.pos,
            v.location,
            v.dx,
            v.lines,
            kind,
            v.bill_type,
            v.service_end,
            v.drg,
        )
        self.seeder.tick()
        dup = None
        seeded: dict[str, int] = {}
        if kind == "P" and pr.system == "x12":
            rows, seeded, dup = self.seeder.seed(c, age)
            self.truth += rows
        self.seeder.count_lines(c)
        self._schedule(c, seeded)
        if dup is not None:
            dup.claim_id = self._claim_id(pr)
            dup.submitted = min(
                submitted + dt.timedelta(days=self.rng.randint(0, 6)), self.last_day
            )
            self.truth.append(
                ("DUPLICATE_LINE", dup.claim_id, dup.billing_npi, "1", dup.rendering_npi)
            )
            self._schedule(dup, {})

    def _schedule(self, c: Claim, seeded: dict[str, int]) -> None:
        self.summary.claims += 1
        self.book.add(c)
        tl = self.adj.plan(c, seeded)
        key = (c.practice.index, c.kind)
        for day, freq, icn in tl.submissions:
            self.pending837[day].setdefault(key, []).append((c, freq, icn))
        for post in tl.postings:
            runs = self.pending835[post.day].setdefault(c.payer.payer_id, {})
            runs.setdefault(c.billing_npi, []).append(post)
            self.payees[c.billing_npi] = c.practice
        for day, amount, code, reason in tl.adjustments:
            self.adjustments.append((day, c.billing_npi, c.claim_id, amount, code, reason))

    # -- output -------------------------------------------------------------------------
    def _write(self, rel: str, text: str) -> None:
        path = self.out / rel
        if path.parent not in self.dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.dirs.add(path.parent)
        data = text.encode("ascii")
        path.write_bytes(data)
        self.summary.bytes_written += len(data)

    def _flush_837(self, day: dt.date) -> None:
        batches = self.pending837.pop(day, {})
        for key, batch in sorted(batches.items()):
            kind = key[1]
            pr = batch[0][0].practice
            self.summary.submissions += len(batch)
            if pr.system == "csv":
                for c, freq, icn in batch:
                    self.claim_lines.write(c, freq, icn, day)
                continue
            env = self.controls.take(day)
            text = x12_837.render(batch, kind, day, env)
            rejection = None
            resubmit = day + x12_999.RESUBMIT_DELAY
            if resubmit <= self.last_day and self.ack_rng.random() < x12_999.REJECT_RATE:
                text, rejection = x12_999.spoil(text, kind, self.ack_rng)
                self.pending837[resubmit].setdefault(key, []).extend(batch)
                for c, _, _ in batch:
                    self.truth.append(("FRONT_END_REJECTED", c.claim_id, c.billing_npi, "", ""))
                self.summary.front_end_rejected += len(batch)
            elif not self.sample_837[0] and kind == "P" and len(batch) > 3:
                self.sample_837 = (rel_837(day, pr.npi, kind, self.batch), text)
            self._write(rel_837(day, pr.npi, kind, self.batch), text)
            self.summary.files_837 += 1
            self._write_999(env, kind, rejection)
            if rejection is None:
                self._write_277ca(env, batch, key, resubmit)

    def _write_277ca(self, env: Envelope, batch: list, key: tuple, resubmit: dt.date) -> None:
        rng = self.ack_rng
        if resubmit <= self.last_day:
            statuses = x12_277ca.decide(batch, rng)
        else:
            statuses = [x12_277ca.ACCEPTED[0][0]] * len(batch)
        refused = [it for it, st in zip(batch, statuses, strict=True) if x12_277ca.is_rejected(st)]
        day = env.day + dt.timedelta(days=1 if refused else rng.choice((1, 1, 2)))
        for c, freq, icn in refused:
            self.pending837[resubmit].setdefault(key, []).append((c, freq, icn))
            self.truth.append(("FRONT_END_REJECTED", c.claim_id, c.billing_npi, "", ""))
        self.summary.front_end_rejected += len(refused)
        ack = Envelope(env.control + x12_277ca.CONTROL_OFFSET, day, env.time)
        text = x12_277ca.render(batch, statuses, env, ack)
        self._write(f"277/{day:%Y-%m}/{day:%Y%m%d}_{env.control}.277", text)
        self.summary.files_277 += 1

    def _write_999(self, env: Envelope, kind: str, rejection: x12_999.Rejection | None) -> None:
        day = env.day + x12_999.ACK_DELAY
        ack = Envelope(env.control + x12_999.CONTROL_OFFSET, day, env.time)
        sender, receiver = x12_837.SUBMITTER[1], x12_837.RECEIVER[1]
        text = x12_999.render(env, ack, x12_837.VERSION[kind], sender, receiver, rejection)
        self._write(f"999/{day:%Y-%m}/{day:%Y%m%d}_{env.control}.999", text)
        self.summary.files_999 += 1

    def _flush_835(self, day: dt.date) -> None:
        runs = self.pending835.pop(day, {})
        for payer_id in sorted(runs):
            payer = self.payers[payer_id]
            env = self.controls.take(day)
            text, loops = x12_835.render(payer, day, runs[payer_id], self.payees, env, self.seed)
            rel = f"835/{day:%Y-%m}/{day:%Y%m%d}_{payer_id}.835"
            self._write(rel, text)
            self.summary.files_835 += 1
            self.summary.remittances += loops
            if not self.sample_835[0] and loops > 3:
                self.sample_835 = (rel, text)

    def run(self) -> BatchResult:
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / "csv").mkdir(exist_ok=True)
        self.claim_lines = csv_extracts.ClaimLines(claims_part(self.out, self.batch))
        streams, shares = self._streams()
        counts = self._allocate(shares, [s[3] for s in streams])
        rng = self.rng
        acc = 0.0
        for d, row in enumerate(counts):
            day = self.start + dt.timedelta(days=d)
            seen: set[str] = set()
            for (stream, provs, cum, _), n in zip(streams, row, strict=True):
                before, acc = acc, acc + n * self.share0
                first = int(acc) - int(before)
                mine = first if self.batch == 0 else n - first
                for p in rng.choices(provs, cum_weights=cum, k=mine):
                    self._make(stream, p, day, seen)
            self._flush_837(day)
            for run_day in sorted(x for x in self.pending835 if x <= day):
                self._flush_835(run_day)
            self.progress.advance(sum(row))
        while self.pending837:  # a rejected batch's resubmission can add a later day
            self._flush_837(min(self.pending837))
        for day in sorted(self.pending835):
            self._flush_835(day)
        self.claim_lines.close()
        self.progress.close()
        return BatchResult(
            self.summary, self.truth, self.adjustments, self.book, self.sample_837, self.sample_835
        )


def rel_837(day: dt.date, npi: str, kind: str, batch: int) -> str:
    return f"837/{day:%Y-%m}/{day:%Y%m%d}_{npi}_{kind}{batch + 1}.837"


def claims_part(out: Path, batch: int) -> Path:
    """Where a batch writes its rows of the second billing system's claim export."""
    return out / "csv" / f".claims_lakeside.batch{batch + 1}.csv"


def _cum(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out
