"""Snapshot publishing: readers never see a half-written warehouse, writers never corrupt one."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from rcm.warehouse import NoWarehouse, Warehouse, WarehouseBusy


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _count(wh: Warehouse) -> int:
    with wh.reader() as con:
        return con.execute("SELECT count(*) FROM t").fetchall()[0][0]


def _publish_rows(wh: Warehouse, n: int) -> None:
    with wh.writer(reason="test") as w:
        w.connection.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
        w.connection.execute("INSERT INTO t SELECT range FROM range(?)", [n])


def _spawn(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_line(proc: subprocess.Popen[str], expected: str, timeout: float = 60) -> None:
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.strip() == expected:
            return
        if not line and proc.poll() is not None:
            raise AssertionError(f"child exited early: {proc.stderr.read() if proc.stderr else ''}")
    raise AssertionError(f"child never printed {expected!r}")


def test_nothing_published_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NoWarehouse, match="rcm load"):
        Warehouse(tmp_path / "wh").connect()


def test_publish_then_read(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    _publish_rows(wh, 3)
    assert _count(wh) == 3
    assert wh.current().number == 1
    _publish_rows(wh, 4)
    assert _count(wh) == 7
    assert wh.current().number == 2
    with wh.reader() as con:
        rows = con.execute(
            "SELECT snapshot_number, based_on FROM meta.snapshots ORDER BY 1"
        ).fetchall()
    assert rows == [(1, None), (2, 1)]


def test_failed_writer_leaves_published_warehouse_untouched(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    _publish_rows(wh, 5)
    before = _digest(wh.current().path)
    pointer_before = wh.pointer.read_bytes()
    with pytest.raises(ZeroDivisionError), wh.writer() as w:
        w.connection.execute("INSERT INTO t VALUES (99)")
        _ = 1 / 0
    assert wh.pointer.read_bytes() == pointer_before
    assert _digest(wh.current().path) == before
    assert _count(wh) == 5
    assert sorted(p.name for p in wh.snapshot_dir.iterdir()) == ["rcm-000001.duckdb"]


@pytest.mark.parametrize("step", ["copy", "publish"])
def test_a_writer_that_fails_to_copy_or_publish_leaves_no_part_of_its_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    import errno
    import shutil

    import rcm.warehouse as warehouse_module

    wh = Warehouse(tmp_path / "wh")
    _publish_rows(wh, 3)
    before = sorted(p.name for p in wh.snapshot_dir.iterdir())

    def no_space(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    if step == "copy":

        def half_copy(source: Path, target: Path) -> None:
            Path(target).write_bytes(Path(source).read_bytes()[:100])
            no_space()

        monkeypatch.setattr(shutil, "copyfile", half_copy)
    else:
        monkeypatch.setattr(warehouse_module, "_fsync_dir", no_space)
    with pytest.raises(OSError, match="No space"):
        _publish_rows(wh, 5)
    monkeypatch.undo()
    assert sorted(p.name for p in wh.snapshot_dir.iterdir()) == before
    assert _count(wh) == 3


def test_killed_writer_leaves_published_warehouse_byte_for_byte(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    _publish_rows(wh, 10)
    published = wh.current().path
    before = _digest(published)
    pointer_before = wh.pointer.read_bytes()

    child = _spawn(
        """
        import sys, time
        from rcm.warehouse import Warehouse
        with Warehouse(sys.argv[1]).writer(reason="doomed") as w:
            w.connection.execute("INSERT INTO t SELECT range FROM range(100000)")
            w.connection.execute("CHECKPOINT")
            print("writing", flush=True)
            time.sleep(60)
        """,
        str(wh.root),
    )
    try:
        _wait_for_line(child, "writing")
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()  # reaps it and closes its pipes

    assert wh.pointer.read_bytes() == pointer_before
    assert wh.current().path == published
    assert _digest(published) == before
    assert _count(wh) == 10
    assert any(p.name.endswith(".building") for p in wh.snapshot_dir.iterdir())

    # The next writer is not blocked by the dead one and clears its orphan.
    _publish_rows(wh, 1)
    assert _count(wh) == 11
    assert not any(p.name.endswith(".building") for p in wh.snapshot_dir.iterdir())


def test_reader_during_publish_keeps_working_and_then_sees_new_data(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    _publish_rows(wh, 1)
    reader = _spawn(
        """
        import sys, time
        from rcm.warehouse import Warehouse
        wh = Warehouse(sys.argv[1])
        held = wh.connect()        # opened before the publish, kept open across it
        print("open", flush=True)
        seen = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            old = held.execute("SELECT count(*) FROM t").fetchall()[0][0]
            with wh.reader() as con:   # resolves the pointer on every request
                new = con.execute("SELECT count(*) FROM t").fetchall()[0][0]
            seen.append((old, new))
            if new == 3:
                break
        print("seen", sorted(set(seen)), flush=True)
        """,
        str(wh.root),
    )
    try:
        _wait_for_line(reader, "open")
        _publish_rows(wh, 2)
        out, err = reader.communicate(timeout=90)
    finally:
        if reader.poll() is None:
            reader.kill()
    assert reader.returncode == 0, err
    # The held connection kept answering from the old snapshot; fresh ones moved to the new one.
    assert "seen [(1, 1), (1, 3)]" in out or "seen [(1, 3)]" in out, out


def test_second_writer_fails_clearly_then_waits(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    _publish_rows(wh, 1)
    holder = _spawn(
        """
        import sys, time
        from rcm.warehouse import Warehouse
        with Warehouse(sys.argv[1]).writer() as w:
            w.connection.execute("INSERT INTO t VALUES (1)")
            print("holding", flush=True)
            time.sleep(float(sys.argv[2]))
        print("done", flush=True)
        """,
        str(wh.root),
        "3",
    )
    try:
        _wait_for_line(holder, "holding")
        with pytest.raises(WarehouseBusy, match=r"another writer \(pid \d+"), wh.writer():
            pass
        started = time.monotonic()
        with wh.writer(wait_seconds=60) as w:
            waited = time.monotonic() - started
            w.connection.execute("INSERT INTO t VALUES (2)")
        holder.wait(timeout=30)
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.communicate()  # reaps it and closes its pipes
    assert waited > 0.5
    assert _count(wh) == 3  # both writers' rows, one after the other


def test_garbage_collection_keeps_current_and_previous(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    for _ in range(4):
        _publish_rows(wh, 1)
    names = sorted(p.name for p in wh.snapshot_dir.iterdir())
    assert names == ["rcm-000003.duckdb", "rcm-000004.duckdb"]
    assert wh.pointer.read_text().strip() == "snapshots/rcm-000004.duckdb"


def test_garbage_collection_leaves_what_it_does_not_own(tmp_path: Path, caplog) -> None:
    """A reader's spill folder beside a snapshot (the old default) no longer breaks every load."""
    wh = Warehouse(tmp_path / "wh")
    _publish_rows(wh, 1)
    spill = wh.snapshot_dir / f"{wh.current().path.name}.tmp"
    spill.mkdir()
    (spill / "duckdb_temp_storage-0.tmp").write_bytes(b"x" * 1000)
    stranger = wh.snapshot_dir / "notes.txt"
    stranger.write_text("mine", encoding="utf-8")
    # leftovers of a killed writer: its half-built file, log and spill folder
    orphan = wh.snapshot_dir / "rcm-000007.duckdb.building"
    orphan.write_bytes(b"half")
    Path(str(orphan) + ".wal").write_bytes(b"log")
    orphan_spill = Path(str(orphan) + ".tmp")
    orphan_spill.mkdir()
    (orphan_spill / "duckdb_temp_block-1.block").write_bytes(b"y")
    with caplog.at_level("WARNING", logger="rcm.warehouse"):
        _publish_rows(wh, 2)
    assert _count(wh) == 3
    names = sorted(p.name for p in wh.snapshot_dir.iterdir())
    assert names == [
        "notes.txt",
        "rcm-000001.duckdb",
        "rcm-000001.duckdb.tmp",
        "rcm-000002.duckdb",
    ]
    assert (spill / "duckdb_temp_storage-0.tmp").exists()
    assert sorted(wh.garbage_warnings) == [
        f"{stranger} was not written by a warehouse writer; left in place",
        f"{spill} was not written by a warehouse writer; left in place",
    ]
    assert any("notes.txt" in r.getMessage() for r in caplog.records)


def _rcm_load(root: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from rcm.cli import main; main()"]
    command += ["--warehouse", str(root), "load", "--no-check", *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


def test_a_load_after_a_spilling_reader_succeeds(tmp_path: Path) -> None:
    """The repro: a reader spills (and an old-style spill folder sits beside the snapshot),
    then `rcm load` runs in another process."""
    first, second = [
        p
        for p in sorted((Path(__file__).resolve().parents[2] / "sample_data" / "837").rglob("*"))
        if p.is_file()
    ][:2]
    wh = Warehouse(tmp_path / "wh")
    done = _rcm_load(wh.root, first)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    planted = wh.snapshot_dir / f"{wh.current().path.name}.tmp"
    planted.mkdir()
    (planted / "duckdb_temp_storage_S32K-0.tmp").write_bytes(b"z" * 4096)
    reader = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom rcm import query\nfrom rcm.warehouse import Warehouse\n"
            "print(query.run(Warehouse(sys.argv[1]), 'SELECT count(*) FROM (SELECT DISTINCT "
            "range * 3 FROM range(2000000))').rows[0][0])",
            str(wh.root),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "RCM_READER_MEMORY_LIMIT": "30MB"},
        check=False,
    )
    assert reader.returncode == 0, reader.stderr
    assert reader.stdout.split()[-1] == "2000000"
    before = wh.current().number
    done = _rcm_load(wh.root, second)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "IsADirectoryError" not in done.stderr
    assert wh.current().number == before + 1
    assert "was not written by a warehouse writer" in done.stderr
