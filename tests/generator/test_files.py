"""The files themselves: 835s balance, dates run forward, NPIs check, envelopes validate."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from decimal import Decimal

import gen_x12text as x12text
import pytest

from rcm.generator import npi

AMOUNT = re.compile(r"^-?\d+\.\d\d$")
START, END = dt.date(2026, 1, 1), dt.date(2027, 1, 1)


def _835_files(out_dir):
    return sorted(out_dir.glob("835/*/*.835"))


def _amt(text: str) -> Decimal:
    assert AMOUNT.match(text), text
    return Decimal(text)


def _cas_total(seg: list[str]) -> Decimal:
    return sum((_amt(seg[i]) for i in range(3, len(seg), 3) if seg[i]), Decimal(0))


def _loops(segs: list[list[str]], tag: str, stop: set[str]) -> list[list[list[str]]]:
    """Split segments into loops that start at `tag` and end before any of `stop`."""
    loops: list[list[list[str]]] = []
    cur: list[list[str]] | None = None
    for s in segs:
        if s[0] == tag:
            cur = [s]
            loops.append(cur)
        elif s[0] in stop:
            cur = None
        elif cur is not None:
            cur.append(s)
    return loops


def test_every_835_balances(out_dir):
    clps = 0
    for path in _835_files(out_dir):
        for st in _loops(x12text.segments(path), "ST", {"GE", "IEA"}):
            bpr = next(s for s in st if s[0] == "BPR")
            plb = sum(
                (_amt(s[i]) for s in st if s[0] == "PLB" for i in range(4, len(s), 2)),
                Decimal(0),
            )
            paid = Decimal(0)
            for clp in _loops(st, "CLP", {"PLB", "SE"}):
                clps += 1
                paid += _amt(clp[0][4])
                cas = sum((_cas_total(s) for s in clp if s[0] == "CAS"), Decimal(0))
                assert _amt(clp[0][3]) == _amt(clp[0][4]) + cas, (path.name, clp[0])
                for svc in _loops(clp, "SVC", {"PLB", "SE"}):
                    cas = sum((_cas_total(s) for s in svc if s[0] == "CAS"), Decimal(0))
                    assert _amt(svc[0][2]) == _amt(svc[0][3]) + cas, (path.name, svc[0])
            assert _amt(bpr[2]) == paid - plb, (path.name, bpr)
            assert x12text.d8(bpr[16]) >= START
    assert clps > 1000


def test_segment_counts_and_control_numbers(out_dir):
    seen = set()
    for path in sorted(out_dir.glob("83[57]/*/*")) + sorted(out_dir.glob("[29]*/*/*")):
        segs = x12text.segments(path)
        assert segs[0][0] == "ISA" and segs[-1][0] == "IEA"
        assert segs[0][13] == segs[-1][2] and segs[1][6] == segs[-2][2]
        assert segs[0][13] not in seen
        seen.add(segs[0][13])
        st = None
        for i, s in enumerate(segs):
            if s[0] == "ST":
                st = i
            elif s[0] == "SE":
                assert int(s[1]) == i - st + 1, path.name
        assert segs[1][8] in (
            "005010X222A1",
            "005010X223A2",
            "005010X221A1",
            "005010X231A1",
            "005010X214",
        )


def test_dates_run_forward(out_dir, submissions):
    first = {}
    for c in submissions:
        assert c.service <= c.submitted < END, (c.key, c.service, c.submitted)
        assert c.service >= START
        if c.freq == "1":
            first[c.key] = c.submitted
    for path in _835_files(out_dir):
        payee = pay_day = None
        for s in x12text.segments(path):
            if s[0] == "BPR":
                pay_day = x12text.d8(s[16])
                assert pay_day < END + dt.timedelta(days=31)
            elif s[0] == "N1" and s[1] == "PE":
                assert s[3] == "XX"
                payee = s[4]
            elif s[0] == "CLP":
                assert first[(payee, s[1])] <= pay_day


def test_npis_are_valid_except_seeded(out_dir, submissions, truth):
    seeded = {(r["billing_npi"], r["claim_id"]) for r in truth if r["rule"] == "NPI_INVALID"}
    bad = 0
    for c in submissions:
        ok = npi.is_valid(c.billing_npi) and npi.is_valid(c.rendering_npi)
        assert ok or c.key in seeded
        bad += not ok
    assert bad >= len(seeded)
    refused = {  # a 999 rejects the 837 whose service-facility NPI is wrong
        s[4] for p in out_dir.glob("999/*/*.999") for s in x12text.segments(p) if s[0] == "IK4"
    }
    for path in sorted(out_dir.glob("837/*/*.837"))[:200]:
        for s in x12text.segments(path):
            if s[0] == "NM1" and len(s) > 9 and s[8] == "XX" and s[1] in ("77", "85", "82"):
                assert (
                    npi.is_valid(s[9])
                    or any(s[9] == k[0] for k in seeded)
                    or s[1] == "82"
                    or (s[1] == "77" and s[9] in refused)
                )


def test_patient_demographics_are_stable(submissions):
    seen: dict[tuple, tuple] = {}
    for c in submissions:
        key = (c.member, c.patient[:2])
        assert seen.setdefault(key, (c.sex, c.birth)) == (c.sex, c.birth)


def test_every_remitted_claim_was_submitted(out_dir, claims):
    for path in _835_files(out_dir):
        payee = None
        for s in x12text.segments(path):
            if s[0] == "N1" and s[1] == "PE":
                payee = s[4]
            elif s[0] == "CLP":
                assert (payee, s[1]) in claims


def test_events_of_every_kind_are_present(out_dir, submissions):
    freqs = {c.freq for c in submissions}
    assert {"1", "7", "8"} <= freqs
    statuses, carcs, segs = set(), set(), set()
    for path in _835_files(out_dir):
        for s in x12text.segments(path):
            segs.add(s[0])
            if s[0] == "CLP":
                statuses.add(s[2])
            elif s[0] == "CAS":
                carcs |= {f"{s[1]}-{s[i]}" for i in range(2, len(s), 3) if s[i]}
    assert {"1", "4", "22"} <= statuses
    assert {"CO-45", "PR-1", "PR-2", "PR-3", "CO-16", "CO-197", "CO-50", "CO-97"} <= carcs
    assert {"PLB", "MOA", "LQ"} <= segs
    assert any(c.kind == "I" for c in submissions)


def _pyx12_errors(path) -> int:
    document = pytest.importorskip("pyx12.x12n_document")
    import pyx12.params

    logging.getLogger("pyx12").setLevel(logging.CRITICAL)
    out = io.StringIO()
    # An open file, closed here: given a path, pyx12 leaves the file open when it refuses it.
    with path.open(encoding="ascii") as source:
        try:
            ok = document.x12n_document(
                pyx12.params.params(), source, io.StringIO(), None, fd_json=out
            )
        except Exception:  # rejected outright (e.g. not X12 at all)
            return 1
    return 0 if ok else max(1, out.getvalue().count('"err_str"'))


def _refused_837s(out_dir) -> list:
    """The 837s a 999 rejects: each carries the defect its 999 names."""
    groups = set()
    for path in out_dir.glob("999/*/*.999"):
        segs = x12text.segments(path)
        if any(s[:2] == ["IK5", "R"] for s in segs):
            groups.add(next(s[2] for s in segs if s[0] == "AK1"))
    return sorted(p for p in out_dir.glob("837/*/*.837") if x12text.segments(p)[1][6] in groups)


def test_good_files_pass_pyx12(out_dir):
    refused = set(_refused_837s(out_dir))
    picks = []
    for pattern in (
        "837/*/*_P?.837",
        "837/*/*_I?.837",
        "835/*/*.835",
        "999/*/*.999",
        "277/*/*.277",
    ):
        files = sorted(out_dir.glob(pattern), key=lambda p: -p.stat().st_size)
        picks += [p for p in files if p not in refused][:2]
    rejecting = sorted(p for p in out_dir.glob("277/*/*.277") if "*U*" in p.read_text())
    picks += rejecting[:2]  # a 999 that rejects is among the largest; a 277CA that does may not be
    assert len(picks) == 12
    for path in picks:
        assert _pyx12_errors(path) == 0, path.name


def test_refused_837s_fail_pyx12(out_dir):
    """pyx12 finds the missing PER; a wrong NPI check digit is beyond what it checks."""
    refused = _refused_837s(out_dir)
    assert refused
    for path in refused:
        if "PER*IC*" not in path.read_text():
            assert _pyx12_errors(path) >= 1, path.name


def test_bad_files_fail_pyx12(out_dir):
    bad = sorted(p for p in (out_dir / "bad").iterdir() if p.suffix != ".md")
    assert len(bad) == 4
    for path in bad:
        assert _pyx12_errors(path) >= 1, path.name
    readme = (out_dir / "bad" / "README.md").read_text()
    assert all(p.name in readme for p in bad)


def test_files_parse_with_the_product_parser(out_dir):
    from rcm.etl.x12 import parse

    for path in sorted(out_dir.glob("83[57]/*/*")):
        tables = parse(path.read_bytes(), name=path.name)
        assert tables["transactions"].num_rows >= 1
