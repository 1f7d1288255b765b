"""rcm load: whole files or nothing, a ledger that never double-counts, readers never blocked."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rcm.cli import app
from rcm.etl import loader
from rcm.pipeline import load
from rcm.warehouse import Warehouse

from . import scenario

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "x12-corpus" / "files"


def rcm(wh: Warehouse, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--warehouse", str(wh.root), *args])
    return result.exit_code, result.output


def sql(wh: Warehouse, query: str) -> list[dict]:
    code, out = rcm(wh, "sql", query, "--format", "json")
    assert code == 0, out
    return json.loads(out)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    return scenario.write(tmp_path / "files")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """A warehouse holding the scenario, shared by the read-only tests."""
    root = tmp_path_factory.mktemp("loaded")
    wh = Warehouse(root / "wh")
    load(wh, [scenario.write(root / "files")])
    return wh


def test_load_counts_rows_and_reload_changes_nothing(tmp_path: Path, files: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    code, out = rcm(wh, "load", "--no-check", str(files))
    assert code == 0, out
    assert "files loaded" in out
    counts = sql(
        wh,
        "SELECT (SELECT count(*) FROM core.claims) AS claims,"
        " (SELECT count(*) FROM core.submissions) AS submissions,"
        " (SELECT count(*) FROM core.remittances) AS remittances,"
        " (SELECT count(*) FROM core.write_offs) AS write_offs,"
        " (SELECT count(*) FROM meta.files WHERE status = 'loaded') AS files",
    )
    assert counts == [
        {"claims": 12, "submissions": 14, "remittances": 12, "write_offs": 1, "files": 32}
    ]
    snapshot = wh.current()
    before = snapshot.path.read_bytes()

    code, out = rcm(wh, "load", "--no-check", str(files))
    assert code == 0, out
    assert "already loaded (skipped)" in out and " 32 " in out
    assert wh.current() == snapshot  # nothing new: nothing published
    assert snapshot.path.read_bytes() == before


def test_bad_file_among_good_is_rejected_whole_and_quarantined(tmp_path: Path, files: Path) -> None:
    bad = files / "truncated.835"
    text = (files / "remit_20260520_PAYER1.835").read_text()
    bad.write_text(text[: text.index("SE*")])  # no SE, GE, IEA
    wh = Warehouse(tmp_path / "wh")
    code, out = rcm(wh, "load", "--no-check", str(files))
    assert code == 1
    assert "truncated.835" in out
    rows = sql(
        wh,
        "SELECT file_name, status, error, quarantine_path FROM meta.files WHERE status <> 'loaded'",
    )
    assert len(rows) == 1
    assert rows[0]["file_name"] == "truncated.835" and rows[0]["status"] == "rejected"
    assert "segment" in rows[0]["error"]
    quarantined = Path(rows[0]["quarantine_path"])
    assert quarantined.read_bytes() == bad.read_bytes()
    assert (
        quarantined.with_name(quarantined.name + ".error.txt")
        .read_text()
        .startswith("truncated.835")
    )
    # None of its rows reached the warehouse; everything else did.
    assert sql(wh, "SELECT count(*) AS n FROM core.remittances") == [{"n": 12}]
    code, out = rcm(wh, "status")
    assert code == 0 and "truncated.835" in out and "rejected" in out


def test_bad_csv_row_names_row_and_column(tmp_path: Path, files: Path) -> None:
    (files / "adjustments.csv").write_text(
        "adjustment_id,billing_npi,claim_id,adjustment_date,amount,reason_code,reason\n"
        "A1,1234567893,C11,2026-05-01,60.00,TFWO,Timely filing write-off\n"
        "A2,1234567893,C06,2026-13-01,10.00,SBWO,Small balance write-off\n"
    )
    wh = Warehouse(tmp_path / "wh")
    code, _ = rcm(wh, "load", "--no-check", str(files))
    assert code == 1
    [row] = sql(wh, "SELECT error FROM meta.files WHERE status = 'rejected'")
    assert "row 3, column adjustment_date" in row["error"]
    assert sql(wh, "SELECT count(*) AS n FROM core.write_offs") == [{"n": 0}]


def test_public_corpus_loads_or_is_rejected_clearly(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    report = load(wh, [CORPUS]).load
    by_name = {r.path.name: r for r in report.results}
    # Which file loads and which is refused, with what message, is the corpus README's
    # (pinned file by file in tests/etl/test_corpus.py); here: one run takes them all.
    assert len(by_name) == len([p for p in CORPUS.iterdir() if p.name != "README.md"])
    assert report.count("loaded") >= len(by_name) // 2
    for name, result in by_name.items():
        if result.status == "rejected":
            # One line naming the file, then where and what (a segment, or the encoding).
            assert result.error.startswith(f"{name}: ") and "\n" not in result.error
        else:
            assert result.status in ("loaded", "already_loaded"), (name, result.error)


def test_killed_load_leaves_the_published_warehouse_and_the_next_run_loads_all(
    tmp_path: Path, files: Path
) -> None:
    wh = Warehouse(tmp_path / "wh")
    first = tmp_path / "first"
    first.mkdir()
    shutil.move(files / "claims_20260105.837", first / "claims_20260105.837")
    assert not load(wh, [first]).load.refused
    published = wh.current()
    digest = published.path.read_bytes()

    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import sys, time
                from pathlib import Path
                from rcm import pipeline, sqlfiles
                from rcm.warehouse import Warehouse

                def stall(con):
                    print("models built", flush=True)
                    time.sleep(60)

                sqlfiles.apply_descriptions = stall
                pipeline.load(Warehouse(sys.argv[1]), [Path(sys.argv[2])])
                """
            ),
            str(wh.root),
            str(files),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    with child:  # closes the pipe and reaps the child however the block ends
        try:
            assert child.stdout is not None
            deadline = time.monotonic() + 120
            while child.stdout.readline().strip() != "models built":
                assert time.monotonic() < deadline and child.poll() is None
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
    assert wh.current() == published
    assert published.path.read_bytes() == digest
    assert sql(wh, "SELECT count(*) AS n FROM core.claims") == [{"n": 1}]

    report = load(wh, [first, files]).load
    assert report.count("loaded") == 31 and report.count("already_loaded") == 1
    assert sql(wh, "SELECT count(*) AS n FROM core.claims") == [{"n": 12}]


def test_reader_during_load_sees_old_then_new_never_an_error(tmp_path: Path, files: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    first = tmp_path / "first"
    first.mkdir()
    shutil.move(files / "claims_20260105.837", first / "claims_20260105.837")
    load(wh, [first])
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import sys, time
                from rcm.warehouse import Warehouse
                wh = Warehouse(sys.argv[1])
                seen, errors = [], 0
                print("ready", flush=True)
                deadline = time.monotonic() + 90
                while time.monotonic() < deadline:
                    try:
                        with wh.reader() as con:
                            n = con.execute("SELECT count(*) FROM core.claims").fetchall()[0][0]
                        if not seen or seen[-1] != n:
                            seen.append(n)
                        if n == 12:
                            break
                    except Exception as exc:
                        errors += 1
                        print("error", exc, flush=True)
                print("seen", seen, "errors", errors, flush=True)
                """
            ),
            str(wh.root),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    with reader:  # closes the pipe and reaps the reader however the block ends
        try:
            assert reader.stdout is not None
            assert reader.stdout.readline().strip() == "ready"
            load(wh, [files])
            out, _ = reader.communicate(timeout=120)
        finally:
            if reader.poll() is None:
                reader.kill()
    assert "seen [1, 12] errors 0" in out, out


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * FROM read_csv('/etc/passwd')", "not allowed here"),
        ("COPY (SELECT 1) TO 'out.csv'", "not a read-only statement"),
        ("ATTACH 'other.duckdb' AS other", "not a read-only statement"),
        ("INSTALL httpfs", "not a read-only statement"),
        ("SET enable_external_access = true", "not a read-only statement"),
        ("CREATE TABLE t AS SELECT 1", "read-only"),
        ("DELETE FROM core.claims", "read-only"),
        ("SELECT * FROM no_such_table", "query failed"),
    ],
)
def test_sql_refuses_escapes_with_a_clear_message(
    loaded: Warehouse, query: str, message: str
) -> None:
    wh = loaded
    result = runner.invoke(app, ["--warehouse", str(wh.root), "sql", query])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_sql_row_and_time_limits(loaded: Warehouse) -> None:
    wh = loaded
    result = runner.invoke(
        app,
        [
            "--warehouse",
            str(wh.root),
            "sql",
            "SELECT * FROM range(50)",
            "--limit",
            "10",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0
    assert result.output.count("\n") >= 11 and "row limit of 10" in result.output
    result = runner.invoke(
        app,
        [
            "--warehouse",
            str(wh.root),
            "sql",
            "SELECT count(*) FROM range(100000000000)",
            "--timeout",
            "0.5",
        ],
    )
    assert result.exit_code == 1
    assert "time limit" in result.output


def test_sql_json_keeps_decimals_exact_and_dates_iso(loaded: Warehouse) -> None:
    wh = loaded
    rows = sql(
        wh,
        "SELECT claim_id, billed_amount, first_submitted_date FROM core.claims WHERE claim_id = 'C12'",
    )
    assert rows == [
        {"claim_id": "C12", "billed_amount": "1000.00", "first_submitted_date": "2026-04-15"}
    ]


def test_worker_processes_load_the_same_rows_and_reject_the_same_files(
    tmp_path: Path, files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (files / "broken.837").write_text("ISA*00*short~")
    serial = Warehouse(tmp_path / "serial")
    parallel = Warehouse(tmp_path / "parallel")
    one = load(serial, [files], workers=1).load
    monkeypatch.setattr(loader, "WORKER_MIN_BYTES", 0)
    two = load(parallel, [files], workers=2).load
    assert [(r.path.name, r.status, r.error) for r in one.results] == [
        (r.path.name, r.status, r.error) for r in two.results
    ]
    assert [r.path.name for r in two.refused] == ["broken.837"]
    query = "SELECT claim_id, billed_amount, paid_amount, insurance_balance FROM mart.claim_summary ORDER BY 1"
    assert sql(serial, query) == sql(parallel, query)


def test_status_shows_the_segments_counted_as_not_used(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "x12" / "professional.837"
    text = fixture.read_text()
    # One more PWK and a K3 (both in the 837P guide, neither read): counted, not dropped.
    assert text.count("PWK*") == 1
    pwk = text[text.index("PWK*") : text.index("~", text.index("PWK*")) + 1]
    text = text.replace(pwk, pwk + pwk + "K3*FILE INFO~")
    count = text[text.index("SE*") + 3 : text.index("*", text.index("SE*") + 3)]
    text = text.replace(f"SE*{count}*", f"SE*{int(count) + 2}*")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "claims.837").write_text(text)
    wh = Warehouse(tmp_path / "wh")
    code, out = rcm(wh, "load", "--no-check", str(folder))
    assert code == 0, out
    unused = sql(
        wh,
        "SELECT segment_id, sum(count)::INTEGER AS n FROM raw.x12_unused_segments"
        " GROUP BY ALL ORDER BY n DESC, segment_id",
    )
    assert {"segment_id": "PWK", "n": 2} in unused and {"segment_id": "K3", "n": 1} in unused
    expected = ", ".join(f"{row['segment_id']} {row['n']}" for row in unused)
    code, out = rcm(wh, "status")
    assert code == 0, out
    assert f"#1 claims.837: not used: {expected}" in out
