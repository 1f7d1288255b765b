"""Same arguments, same bytes; another seed, other data."""

from __future__ import annotations

import datetime as dt
import hashlib

from rcm.generator import generate


def _tree(root):
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_arguments_same_bytes(tmp_path):
    a = generate(tmp_path / "a", claims=400, seed=5, start=dt.date(2026, 3, 1), months=2)
    b = generate(tmp_path / "b", claims=400, seed=5, start=dt.date(2026, 3, 1), months=2)
    assert a == b
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    c = generate(tmp_path / "c", claims=400, seed=6, start=dt.date(2026, 3, 1), months=2)
    assert _tree(tmp_path / "a") != _tree(tmp_path / "c")
    assert c.claims >= 400


def test_summary_counts(generated):
    out, s = generated
    d = s.as_dict()
    for key in (
        "claims",
        "submissions",
        "remittances",
        "files_837",
        "files_835",
        "csv_files",
        "bad_files",
        "bytes_written",
    ):
        assert d[key] > 0
    assert s.files_837 == len(list(out.glob("837/*/*.837")))
    assert s.files_835 == len(list(out.glob("835/*/*.835")))
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert s.bytes_written == total


def test_parallel_and_sequential_runs_write_the_same_bytes(tmp_path, monkeypatch):
    from rcm.generator import assemble

    seq = generate(tmp_path / "seq", claims=600, seed=9, months=3)
    monkeypatch.setattr(assemble, "PARALLEL_FROM", 1)
    par = generate(tmp_path / "par", claims=600, seed=9, months=3)
    assert seq == par
    assert _tree(tmp_path / "seq") == _tree(tmp_path / "par")
