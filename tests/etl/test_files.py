"""The loader and the file system: what is hashed, what is skipped and why, odd names,
rejected bytes met again, workers that die with the loader, a warehouse that cannot be
written, and quarantine copies that cannot fill the disk."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from rcm import cli
from rcm.etl import ledger, loader
from rcm.etl.loader import discover
from rcm.pipeline import load
from rcm.warehouse import Warehouse

HEADER = "adjustment_id,billing_npi,claim_id,adjustment_date,amount,reason_code,reason\n"


def adjustments(*ids: str) -> bytes:
    rows = "".join(f"{i},1234567893,C{i},2026-05-01,10.00,TFWO,Timely filing\n" for i in ids)
    return (HEADER + rows).encode()


def bad(n: int = 1) -> bytes:
    """An extract whose row 2 has an impossible date; `n` makes the bytes differ."""
    return (HEADER + f"A{n},1234567893,C{n},2026-02-30,10.00,TFWO,x\n").encode()


BAD = bad()


def ledger_rows(wh: Warehouse) -> list[tuple]:
    with wh.reader() as con:
        return con.execute(
            "SELECT file_name, status, sha256, size_bytes, read_again, error, quarantine_path"
            " FROM meta.files ORDER BY file_id"
        ).fetchall()


def write_offs(wh: Warehouse) -> int:
    with wh.reader() as con:
        return con.execute("SELECT count(*) FROM raw.csv_adjustments").fetchone()[0]


# -- the hash is of the bytes parsed ------------------------------------------------


@pytest.mark.parametrize("streamed", [False, True], ids=["whole", "streamed"])
def test_file_growing_between_discovery_and_parse_is_rejected_then_loaded_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    growing = folder / "adjustments.csv"
    growing.write_bytes(adjustments("A1", "A2"))
    if streamed:
        monkeypatch.setattr(loader, "WORKER_FILE_LIMIT", 0)
    hash_when_found = ledger.sha256_of

    def found_then_grows(path: Path) -> str:
        digest = hash_when_found(path)
        with open(path, "ab") as handle:  # the sender is still writing
            handle.write(b"A3,1234567893,CA3,2026-05-01,10.00,TFWO,Timely filing\n")
        return digest

    monkeypatch.setattr(ledger, "sha256_of", found_then_grows)
    wh = Warehouse(tmp_path / "wh")
    report = load(wh, [folder]).load
    [result] = report.results
    assert result.status == "rejected" and result.read_again
    assert "changed while it was read" in str(result.error)
    assert result.sha256 == hashlib.sha256(growing.read_bytes()).hexdigest()
    assert result.size_bytes == growing.stat().st_size
    assert write_offs(wh) == 0
    assert list(wh.quarantine_dir.iterdir()) == []

    monkeypatch.setattr(ledger, "sha256_of", hash_when_found)
    again = load(wh, [folder]).load
    assert [r.status for r in again.results] == ["loaded"]
    assert write_offs(wh) == 3
    rows = ledger_rows(wh)
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("rejected", result.sha256, result.size_bytes),
        ("loaded", hashlib.sha256(growing.read_bytes()).hexdigest(), growing.stat().st_size),
    ]
    assert load(wh, [folder]).load.results[0].status == "already_loaded"


@pytest.mark.parametrize("streamed", [False, True], ids=["whole", "streamed"])
def test_ledger_hash_is_of_the_bytes_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    path = tmp_path / "adjustments.csv"
    path.write_bytes(adjustments("A1"))
    if streamed:
        monkeypatch.setattr(loader, "WORKER_FILE_LIMIT", 0)
    wh = Warehouse(tmp_path / "wh")
    load(wh, [path])
    [(_, status, sha, size, read_again, _, _)] = ledger_rows(wh)
    assert (status, sha, size, read_again) == (
        "loaded",
        hashlib.sha256(adjustments("A1")).hexdigest(),
        len(adjustments("A1")),
        False,
    )


# -- rejected bytes met again ---------------------------------------------------------


def test_reloading_rejected_bytes_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.csv").write_bytes(BAD)
    (folder / "good.csv").write_bytes(adjustments("A1"))
    wh = Warehouse(tmp_path / "wh")
    first = load(wh, [folder]).load
    assert [r.status for r in first.results] == ["rejected", "loaded"]
    published = wh.current()

    again = load(wh, [folder]).load
    assert [(r.status, r.error) for r in again.results] == [
        ("already_rejected", "same bytes as bad.csv, already rejected"),
        ("already_loaded", "same bytes as good.csv, already loaded"),
    ]
    assert wh.current() == published  # nothing new: no snapshot

    (folder / "copy of bad.csv").write_bytes(BAD)
    (folder / "more.csv").write_bytes(adjustments("A2"))
    third = load(wh, [folder]).load
    assert [r.status for r in third.results] == [
        "already_rejected",  # bad.csv
        "already_rejected",  # copy of bad.csv
        "already_loaded",  # good.csv
        "loaded",  # more.csv
    ]
    assert [(r[0], r[1]) for r in ledger_rows(wh)] == [
        ("bad.csv", "rejected"),
        ("good.csv", "loaded"),
        ("more.csv", "loaded"),
    ]


# -- odd names ------------------------------------------------------------------------


def test_names_not_utf8_with_newlines_or_very_long_load_and_quarantine_safely(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    odd = {
        os.fsencode(folder) + b"/caf\xe9.csv": adjustments("A1"),  # Latin-1 name
        os.fsencode(folder) + b"/bad caf\xe9.csv": BAD,
        os.fsencode(folder / "two\nlines.csv"): bad(2),
        os.fsencode(folder / ("x" * 246 + ".csv")): bad(3),
    }
    for name, data in odd.items():
        with open(name, "wb") as handle:
            handle.write(data)
    wh = Warehouse(tmp_path / "wh")
    code, out, err = run_cli(["--warehouse", str(wh.root), "load", "--no-check", str(folder)])
    assert code == 1, err
    assert "Traceback" not in out + err
    rows = {r[0]: r for r in ledger_rows(wh)}
    assert set(rows) == {"caf\\xe9.csv", "bad caf\\xe9.csv", "two\nlines.csv", "x" * 246 + ".csv"}
    assert rows["caf\\xe9.csv"][1] == "loaded"
    assert rows["bad caf\\xe9.csv"][5].startswith("bad caf\\xe9.csv: row 2, column adjustment_date")
    assert rows["two\nlines.csv"][5].startswith("two\\nlines.csv: row 2")  # one line
    for row in rows.values():
        if row[1] != "rejected":
            continue
        kept = Path(row[6])
        assert kept.read_bytes() in (BAD, bad(2), bad(3))
        assert kept.parent == wh.quarantine_dir
        assert len(kept.name) <= 13 + loader.QUARANTINE_NAME_CHARS
        assert kept.name.isascii() and "\n" not in kept.name and " " not in kept.name
        note = kept.with_name(kept.name + ".error.txt").read_text(encoding="utf-8")
        assert note.startswith(row[5])
    assert write_offs(wh) == 1
    code, out, _ = run_cli(["--warehouse", str(wh.root), "status"])
    assert code == 0 and "caf\\xe9.csv" in out


# -- what is skipped, and why ---------------------------------------------------------


def test_links_are_followed_once_and_oddities_are_skipped_with_a_reason(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "day1").mkdir(parents=True)
    (root / "day1" / "a.csv").write_bytes(adjustments("A1"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.csv").write_bytes(adjustments("B1"))
    (root / "linked").symlink_to(elsewhere, target_is_directory=True)
    (root / "day1" / "up").symlink_to(root, target_is_directory=True)  # a loop
    (root / "dangling.csv").symlink_to(tmp_path / "gone.csv")
    os.mkfifo(root / "pipe.csv")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "sock"))
    (root / ".partial.csv").write_bytes(b"half")
    (root / "README.md").write_text("what these files are")
    (root / "z-again.csv").hardlink_to(root / "day1" / "a.csv")
    try:
        found = discover([root])
    finally:
        sock.close()
    assert [f.path for f in found.files] == [root / "day1" / "a.csv", root / "linked" / "b.csv"]
    reasons = {Path(s.path).name: s.reason for s in found.skipped}
    assert reasons == {
        ".partial.csv": "hidden (name starts with a dot)",
        "README.md": "a README, not data",
        "z-again.csv": f"the same file as {root / 'day1' / 'a.csv'}",
        "dangling.csv": "a broken symbolic link",
        "up": f"the folder {root} again (already read)",
        "pipe.csv": "a named pipe (FIFO), not a file: never opened",
        "sock": "a socket, not a file",
    }


def test_fifo_does_not_hang_the_load_and_skipped_things_are_printed(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.csv").write_bytes(adjustments("A1"))
    os.mkfifo(root / "b.csv")
    (root / "c.csv").symlink_to(tmp_path / "nowhere")
    wh = Warehouse(tmp_path / "wh")
    signal.alarm(60)  # a FIFO opened for reading would block here forever
    try:
        code, out, err = run_cli(["--warehouse", str(wh.root), "load", "--no-check", str(root)])
    finally:
        signal.alarm(0)
    assert code == 0, err
    assert f"skipped: {root / 'b.csv'}: a named pipe (FIFO), not a file: never opened" in out
    assert f"skipped: {root / 'c.csv'}: a broken symbolic link" in out
    assert [r[0] for r in ledger_rows(wh)] == ["a.csv"]


def test_unreadable_file_is_skipped_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.csv").write_bytes(adjustments("A1"))
    locked = root / "locked.csv"
    locked.write_bytes(adjustments("A2"))
    if os.geteuid() == 0:  # root reads whatever the mode says: refuse the open instead
        opened = ledger.open_regular

        def refuse(path):  # type: ignore[no-untyped-def]
            if Path(path) == locked:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return opened(path)

        monkeypatch.setattr(ledger, "open_regular", refuse)
    else:
        locked.chmod(0)
    wh = Warehouse(tmp_path / "wh")
    report = load(wh, [root]).load
    assert [r.path.name for r in report.results] == ["a.csv"]
    assert [(s.path, s.reason) for s in report.skipped] == [
        (str(locked), "cannot be read: Permission denied")
    ]


# -- workers die with the loader ------------------------------------------------------

STALLED_LOAD = textwrap.dedent(
    """
    import sys, time
    from rcm.etl import loader
    loader.WORKER_MIN_BYTES = 0
    load_one = loader._load_one

    def slow(*args, **kwargs):
        print("loading", flush=True)
        time.sleep(60)
        return load_one(*args, **kwargs)

    loader._load_one = slow
    from rcm.cli import main
    sys.argv = ["rcm", *sys.argv[1:]]
    main()
    """
)


def _children(pid: int) -> set[int]:
    """Every live descendant of `pid` (zombies are dead already)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_killing_the_load_leaves_no_worker_behind(tmp_path: Path, how: signal.Signals) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(6):
        (folder / f"adj{n}.csv").write_bytes(adjustments(*(f"A{n}{i}" for i in range(50))))
    wh = Warehouse(tmp_path / "wh")
    child = subprocess.Popen(
        [sys.executable, "-c", STALLED_LOAD, "--warehouse", str(wh.root), "load", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    workers: set[int] = set()
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "loading"
        deadline = time.monotonic() + 60
        while not workers and time.monotonic() < deadline:
            workers = _children(child.pid)
            time.sleep(0.2)
        assert workers, "the load started no worker process"
        os.kill(child.pid, how)
        child.wait(timeout=60)
        deadline = time.monotonic() + 30
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [p for p in workers if _alive(p)]
        assert not wh.exists()
        if how != signal.SIGKILL:  # the loader cleaned up; after SIGKILL the next writer does
            assert not list((wh.root / "snapshots").glob("*.building"))
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()  # reaps it and closes its pipes
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


# -- a warehouse that cannot be written ------------------------------------------------


def run_cli(args: list[str]) -> tuple[int, str, str]:
    """`rcm` as its entry point runs it (main(): one line and exit 1 on a warehouse error)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["rcm", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            cli.main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.argv = saved
    return code, out.getvalue(), err.getvalue()


def _warehouse_files(wh: Warehouse) -> set[str]:
    return {str(p.relative_to(wh.root)) for p in wh.root.rglob("*")} - {"writer.lock"}


@pytest.fixture
def published(tmp_path: Path) -> Warehouse:
    first = tmp_path / "first"
    first.mkdir()
    (first / "a.csv").write_bytes(adjustments("A1"))
    wh = Warehouse(tmp_path / "wh")
    load(wh, [first])
    return wh


def _no_space(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_while_copying_the_snapshot_is_one_line_and_leaves_nothing(
    tmp_path: Path, published: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rcm.warehouse

    before = _warehouse_files(published)
    current = published.current()

    def half_then_full(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
        data = Path(src).read_bytes()
        Path(dst).write_bytes(data[: len(data) // 2])
        _no_space()

    monkeypatch.setattr(rcm.warehouse.shutil, "copyfile", half_then_full)
    (tmp_path / "b.csv").write_bytes(adjustments("B1"))
    code, out, err = run_cli(["--warehouse", str(published.root), "load", str(tmp_path / "b.csv")])
    assert code == 1
    assert err.count("\n") == 1 and "No space left on device" in err, err
    assert "Traceback" not in out + err
    assert published.current() == current
    assert _warehouse_files(published) == before


def test_disk_full_while_quarantining_is_one_line_and_leaves_nothing(
    tmp_path: Path, published: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _warehouse_files(published)
    write = os.pwrite

    def full_in_quarantine(fd: int, data: bytes, offset: int) -> int:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(published.quarantine_dir)):
            write(fd, data[:10], offset)
            _no_space()
        return write(fd, data, offset)

    monkeypatch.setattr(loader.os, "pwrite", full_in_quarantine)
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "bad.csv").write_bytes(BAD)
    (folder / "good.csv").write_bytes(adjustments("B1"))
    code, out, err = run_cli(["--warehouse", str(published.root), "load", str(folder)])
    assert code == 1
    assert err.count("\n") == 1 and "No space left on device" in err, err
    assert "Traceback" not in out + err
    assert _warehouse_files(published) == before
    assert write_offs(published) == 1


def test_read_only_warehouse_is_one_line(
    tmp_path: Path, published: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rcm.warehouse

    before = _warehouse_files(published)
    if os.geteuid() == 0:  # root writes through any mode: the file system says no instead
        opened = rcm.warehouse.os.open

        def read_only(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
            if flags & (os.O_WRONLY | os.O_RDWR) and str(path).startswith(str(published.root)):
                raise OSError(errno.EROFS, "Read-only file system", str(path))
            return opened(path, flags, *args, **kwargs)

        monkeypatch.setattr(rcm.warehouse.os, "open", read_only)
    else:
        for path in (published.root, published.snapshot_dir, published.quarantine_dir):
            path.chmod(0o555)
    (tmp_path / "b.csv").write_bytes(adjustments("B1"))
    try:
        code, out, err = run_cli(
            ["--warehouse", str(published.root), "load", str(tmp_path / "b.csv")]
        )
    finally:
        for path in (published.root, published.snapshot_dir, published.quarantine_dir):
            path.chmod(0o755)
    assert code == 1
    assert err.count("\n") == 1 and "the load could not write to" in err, err
    assert "Read-only file system" in err or "Permission denied" in err
    assert "Traceback" not in out + err
    assert _warehouse_files(published) == before


FULL_DISK = textwrap.dedent(
    """
    import resource, signal, sys
    if __name__ == "__main__":
        # Writes past this size fail with EFBIG, in DuckDB's own code as anywhere.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (512 << 10, 512 << 10))
        from rcm.cli import main
        sys.argv = ["rcm", *sys.argv[1:]]
        main()
    """
)


def test_warehouse_file_that_cannot_grow_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.csv").write_bytes(adjustments("A1"))
    (folder / "bad.csv").write_bytes(BAD)
    wh = Warehouse(tmp_path / "wh")
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK, "--warehouse", str(wh.root), "load", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error: the load could not write to"), done.stderr
    assert done.stderr.count("\n") == 1 and "File too large" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not wh.exists()
    assert _warehouse_files(wh) == {"snapshots", "quarantine"}


# -- quarantine copies cannot fill the disk --------------------------------------------


def test_sparse_rejected_file_is_quarantined_with_its_holes(tmp_path: Path) -> None:
    sparse = tmp_path / "huge.dat"
    with open(sparse, "wb") as handle:
        handle.write(b"not a known file")
        handle.truncate(2 << 30)  # 2 GB apparent, one block real
        handle.seek((2 << 30) - 4)
        handle.write(b"tail")
    wh = Warehouse(tmp_path / "wh")
    [result] = load(wh, [sparse]).load.results
    assert result.status == "rejected"
    kept = Path(str(result.quarantine_path))
    assert kept.stat().st_size == 2 << 30
    assert kept.stat().st_blocks * 512 < 1 << 20
    with open(kept, "rb") as handle:
        assert handle.read(16) == b"not a known file"
        handle.seek((2 << 30) - 4)
        assert handle.read() == b"tail"


def test_quarantine_copy_keeps_at_most_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "QUARANTINE_KEEP_BYTES", 1 << 20)
    big = tmp_path / "big.dat"
    data = b"not a known file\n" + os.urandom(3 << 20)
    big.write_bytes(data)
    wh = Warehouse(tmp_path / "wh")
    [result] = load(wh, [big]).load.results
    kept = Path(str(result.quarantine_path))
    assert kept.read_bytes() == data[: 1 << 20]
    note = kept.with_name(kept.name + ".error.txt").read_text()
    assert f"only the first 1,048,576 of {len(data):,} bytes are kept here" in note


@pytest.mark.parametrize("name", ["professional.837", "remit.835"])
def test_streamed_and_whole_reads_agree_on_rows_and_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "x12" / name
    path = tmp_path / name
    path.write_bytes(fixture.read_bytes())
    whole = load(Warehouse(tmp_path / "whole"), [path]).load.results
    monkeypatch.setattr(loader, "WORKER_FILE_LIMIT", 0)  # every file through the stream
    streamed = load(Warehouse(tmp_path / "streamed"), [path]).load.results
    assert [(r.status, r.sha256, r.size_bytes, r.row_counts) for r in streamed] == [
        (r.status, r.sha256, r.size_bytes, r.row_counts) for r in whole
    ]
    assert whole[0].status == "loaded" and whole[0].row_counts["x12_transactions"] == 1
    assert whole[0].sha256 == hashlib.sha256(fixture.read_bytes()).hexdigest()
