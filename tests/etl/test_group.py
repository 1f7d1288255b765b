"""Many small files read as one group: the same rows as file by file, and bad files cut out whole."""

from __future__ import annotations

import pyarrow as pa
import pytest

from rcm.etl.x12 import FileGroup, X12Error, parse


def _positions(pairs: list[tuple[pa.RecordBatch, pa.Array]]) -> list[int]:
    return [p for _, positions in pairs for p in positions.to_pylist()]


def _rows(pairs: list[tuple[pa.RecordBatch, pa.Array]]) -> list[dict]:
    return [row for batch, _ in pairs for row in batch.to_pylist()]


def test_group_gives_the_rows_of_each_file_with_its_position(fixture_text) -> None:
    professional = fixture_text("professional.837").encode()
    remit = fixture_text("remit.835").encode()
    group = FileGroup()
    first = group.add(professional, "a.837")
    second = group.add(remit, "b.835")
    third = group.add(professional, "c.837")
    tables, rejected = group.finish()
    assert rejected == {}
    alone = parse(professional, name="a.837")
    assert first.counts == {name: table.num_rows for name, table in alone.items()}
    assert third.counts == first.counts
    assert second.counts == {name: t.num_rows for name, t in parse(remit, name="b").items()}
    assert _rows(tables["claims"]) == alone["claims"].to_pylist() * 2
    assert (
        _positions(tables["claims"]) == [0] * first.counts["claims"] + [2] * third.counts["claims"]
    )
    assert set(_positions(tables["remit_claims"])) == {1}
    # Claim ordinals start again at 1 in every file.
    assert [r["claim_index"] for r in _rows(tables["claims"])] == [1, 2, 1, 2]
    assert first.transactions == [
        {
            "transaction_kind": "837P",
            "transaction_control_number": "0001",
            "sender_id": "SUBMITTER01",
            "interchange_control_number": "000000101",
        }
    ]


def test_a_file_that_fails_to_parse_leaves_no_rows(fixture_text) -> None:
    good = fixture_text("professional.837")
    broken = good.replace(
        "CLM*PCN002*80***11:B:7*Y*A*Y*Y~", "CLM*PCN002*80***11:B:7*Y*A*Y*Y~HL*9**99~"
    )
    group = FileGroup()
    group.add(good.encode(), "good.837")
    with pytest.raises(X12Error) as caught:
        group.add(broken.encode(), "broken.837")
    assert caught.value.file == "broken.837"
    group.add(good.encode(), "after.837")
    tables, rejected = group.finish()
    assert rejected == {}
    assert set(_positions(tables["claims"])) == {0, 2}
    assert len(_rows(tables["claims"])) == 4


def test_a_value_that_does_not_convert_rejects_only_its_file(fixture_text) -> None:
    good = fixture_text("professional.837")
    bad = good.replace("CLM*PCN001*150.50*", "CLM*PCN001*15O.50*")
    group = FileGroup()
    group.add(good.encode(), "one.837")
    group.add(bad.encode(), "bad.837")
    group.add(good.encode(), "two.837")
    tables, rejected = group.finish()
    assert list(rejected) == [1]
    assert rejected[1].file == "bad.837"
    assert rejected[1].segment_id == "CLM"
    assert "CLM02 '15O.50' is not a valid amount" in str(rejected[1])
    with pytest.raises(X12Error) as alone:
        parse(bad.encode(), name="bad.837")
    assert str(alone.value) == str(rejected[1])
    for table, pairs in tables.items():
        assert set(_positions(pairs)) <= {0, 2}, table
    assert len(_rows(tables["claims"])) == 4


@pytest.mark.parametrize("workers", [1, 2])
def test_loader_rows_carry_their_file_and_match_the_ledger(
    tmp_path, fixture_text, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    from rcm import pipeline
    from rcm.etl import loader
    from rcm.warehouse import Warehouse

    good = fixture_text("professional.837")
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "a.837").write_text(good)
    (folder / "b.837").write_text(good.replace("CLM*PCN001*150.50*", "CLM*PCN001*15O.50*"))
    (folder / "c.835").write_text(fixture_text("remit.835"))
    (folder / "d.837").write_text(good)  # the same bytes as a.837: skipped
    (folder / "e.837").write_text(good.replace("PCN001", "PCN101"))
    monkeypatch.setattr(loader, "WORKER_MIN_BYTES", 0)
    monkeypatch.setattr(loader, "GROUP_FILES", 2)
    warehouse = Warehouse(tmp_path / "wh")
    report = pipeline.load(warehouse, [folder], workers=workers).load
    assert [(r.path.name, r.status) for r in report.results] == [
        ("a.837", "loaded"),
        ("b.837", "rejected"),
        ("c.835", "loaded"),
        ("d.837", "already_loaded"),
        ("e.837", "loaded"),
    ]
    assert "b.837: segment 21 (CLM): CLM02 '15O.50' is not a valid amount" in str(
        report.results[1].error
    )
    with warehouse.reader() as con:
        ledger = dict(
            con.execute(
                "SELECT file_name, row_counts FROM meta.files WHERE status = 'loaded'"
            ).fetchall()
        )
        for name, counts in ledger.items():
            for table, count in counts.items():
                found = con.execute(
                    f"SELECT count(*) FROM raw.{table} r JOIN meta.files f USING (file_id)"
                    " WHERE f.file_name = ?",
                    [name],
                ).fetchone()[0]
                assert found == count, (name, table)
        claims = con.execute(
            "SELECT f.file_name, r.claim_id FROM raw.x12_claims r JOIN meta.files f"
            " USING (file_id) ORDER BY 1, 2"
        ).fetchall()
    assert claims == [
        ("a.837", "PCN001"),
        ("a.837", "PCN002"),
        ("e.837", "PCN002"),
        ("e.837", "PCN101"),
    ]
