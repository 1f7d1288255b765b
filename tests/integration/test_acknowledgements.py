"""999 and 277CA through the loader: matched to the 837 submissions they acknowledge.

The files (tests/fixtures/x12/ack_*) and what each must give, worked out by hand:
- ack_claims.837.x12: group 201 from SUBMITTER01, set 0001 (PCN-A1, PCN-A2) and
  set 0002 (PCN-B1, PCN-B2), dated 2024-01-05.
- ack_claims_replacement.837.x12: group 202, PCN-B1 replaced (frequency 7), 2024-01-10.
- ack_999_rejects.x12 (2024-01-06): set 0001 rejected (IK5 R, a CLM element error),
  set 0002 accepted with errors (IK5 E).
- ack_999_accepts.x12 (2024-01-06): set 0002 again, accepted: a second acknowledgement.
- ack_999_never_loaded.x12: group 555, never loaded: kept unmatched.
- ack_277ca.x12 (2024-01-07): PCN-B1 accepted (A2), PCN-B2 rejected (A3, then A7),
  PCN-Z9 unknown: kept unmatched. PCN-B1's 277CA predates its replacement, so it
  acknowledges the original.
- ack_277ca_tax_id.x12 (2024-01-11): the billing provider sent by tax id 37-1234567
  (the 837s' REF*EI 371234567); PCN-B1 accepted: the replacement, the latest
  submission by then; PCN-B9 (A4, not found) unknown: kept unmatched.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from rcm.pipeline import load
from rcm.warehouse import Warehouse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "x12"
CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "x12-corpus" / "files"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    root = tmp_path_factory.mktemp("acks")
    files = root / "files"
    files.mkdir()
    for path in sorted(FIXTURES.glob("ack_*.x12")):
        shutil.copy(path, files / path.name)
    wh = Warehouse(root / "wh")
    report = load(wh, [files]).load
    assert [r.error for r in report.results if r.error] == []
    return wh


def rows(wh: Warehouse, query: str) -> list[tuple]:
    with wh.reader() as con:
        return con.execute(query).fetchall()


def test_each_999_response_names_the_837_set_it_answers(warehouse: Warehouse) -> None:
    assert rows(
        warehouse,
        "SELECT a.transaction_control_number, a.set_status, a.rejected, a.accepted_with_errors,"
        " a.error_count, a.matched, f.file_name"
        " FROM core.acknowledgements AS a"
        " LEFT JOIN meta.files AS f ON f.file_id = a.submission_file_id"
        " ORDER BY a.ack_file_id, a.ack_segment",
    ) == [
        # in load (file name) order: accepts, never_loaded, rejects
        ("0002", "A", False, False, 0, True, "ack_claims.837.x12"),
        (None, None, True, False, 1, False, None),
        ("0001", "R", True, False, 6, True, "ack_claims.837.x12"),
        ("0002", "E", False, True, 2, True, "ack_claims.837.x12"),
    ]


def test_rejection_evidence_names_segment_element_and_code(warehouse: Warehouse) -> None:
    [(summary,)] = rows(
        warehouse,
        "SELECT error_summary FROM core.acknowledgements WHERE set_status = 'R'",
    )
    assert summary.startswith(
        "segment CLM at position 16 (loop 2300): 8 Segment has data element errors "
        "[CLM01 PCN-A1]; element CLM02 of the segment at position 16: 6 Invalid character "
        "in data element (sent '15O') [CLM01 PCN-A1]; segment ZZZ at position 30: 1 "
        "Unrecognized segment ID; transaction set: I5 "
    )


def test_277ca_claims_match_the_submission_they_acknowledge(warehouse: Warehouse) -> None:
    assert rows(
        warehouse,
        "SELECT claim_id, level, statuses, rejected, matched, submission_seq, unmatched_reason"
        " FROM core.claim_status_events ORDER BY ack_file_id, segment",
    ) == [
        ("PCN-B1", "claim", "A2:20:PR", False, True, 1, None),
        ("PCN-B1", "service_line", "A2:20", False, True, 1, None),
        ("PCN-B2", "claim", "A3:21:77 A7:562:85", True, True, 1, None),
        (
            "PCN-Z9",
            "claim",
            "A3:21",
            True,
            False,
            None,
            "no loaded 837 submission of claim PCN-Z9 at billing provider 1234567893",
        ),
        ("PCN-B1", "claim", "A2:20:PR", False, True, 2, None),
        (
            "PCN-B9",
            "claim",
            "A4:35",
            True,
            False,
            None,
            "no loaded 837 submission of claim PCN-B9 at billing provider 1234567893",
        ),
    ]


def test_front_end_rejected_per_submission(warehouse: Warehouse) -> None:
    assert rows(
        warehouse,
        "SELECT claim_id, submission_seq, acknowledgements_999, acknowledgements_277ca,"
        " has_acknowledgement, front_end_rejected, rejected_date, split_part(rejection_evidence, ':', 1)"
        " FROM core.submission_acknowledgements ORDER BY claim_id, submission_seq",
    ) == [
        ("PCN-A1", 1, 1, 0, True, True, date(2024, 1, 6), "999 IK5 R (Rejected)"),
        ("PCN-A2", 1, 1, 0, True, True, date(2024, 1, 6), "999 IK5 R (Rejected)"),
        # two 999s (E, then A) and an accepting 277CA: not rejected
        ("PCN-B1", 1, 2, 1, True, False, None, None),
        # the replacement: the 277CA sent by tax id after it
        ("PCN-B1", 2, 0, 1, True, False, None, None),
        ("PCN-B2", 1, 2, 1, True, True, date(2024, 1, 7), "277CA claim status A3"),
    ]


def test_unmatched_acknowledgements_are_listed(warehouse: Warehouse) -> None:
    assert rows(
        warehouse,
        "SELECT ack_kind, group_control_number, claim_id, rejected, unmatched_reason"
        " FROM core.unmatched_acknowledgements ORDER BY ack_kind, claim_id",
    ) == [
        (
            "277CA",
            None,
            "PCN-B9",
            True,
            "no loaded 837 submission of claim PCN-B9 at billing provider 1234567893",
        ),
        (
            "277CA",
            None,
            "PCN-Z9",
            True,
            "no loaded 837 submission of claim PCN-Z9 at billing provider 1234567893",
        ),
        (
            "999",
            "555",
            None,
            True,
            "no loaded 837 group 555 (HC) sent by SUBMITTER01 on or before 2024-01-06",
        ),
    ]


def test_corpus_999_rejects_every_claim_of_its_837(tmp_path: Path) -> None:
    """pyx12's 999 of the many-claims 837 rejects its one set: all 820 claims; the
    other corpus 999 answers an 837 that is not loaded and is kept unmatched."""
    files = tmp_path / "files"
    files.mkdir()
    for name in (
        "ims__x12_many_claims_se01_fixed.txt",
        "ims__x12_many_claims_se01_fixed.997",
        "bad_ims__x12_999_unsupported_transaction.txt",
    ):
        shutil.copy(CORPUS / name, files / name)
    wh = Warehouse(tmp_path / "wh")
    report = load(wh, [files]).load
    assert [r.error for r in report.results if r.error] == []
    assert rows(
        wh,
        "SELECT count(*), count(*) FILTER (WHERE front_end_rejected),"
        " min(rejection_evidence) FROM core.submission_acknowledgements",
    ) == [
        (
            820,
            820,
            "999 IK5 R (Rejected): segment HI at position 21: 8 Segment has data element errors;"
            " element HI01-2 of the segment at position 21: 1 Required data element missing;"
            " element HI02-1 of the segment at position 21: 5 Data element too long (sent '8901');"
            " element HI02-1 of the segment at position 21: 7 Invalid code value (sent '8901');"
            " element HI02-2 of the segment at position 21: 1 Required data element missing",
        )
    ]
    assert rows(
        wh,
        "SELECT ack_kind, group_control_number, transaction_control_number, rejected,"
        " unmatched_reason FROM core.unmatched_acknowledgements",
    ) == [
        (
            "999",
            "28",
            "0028",
            True,
            "no loaded 837 group 28 (HC) sent by ETIN on or before 2011-03-11",
        )
    ]


def _999(date: str, control: str, body: list[str]) -> str:
    """A 999 interchange from RECEIVER01 back to SUBMITTER01, its counts computed."""
    segments = [
        f"ISA*00*          *00*          *ZZ*RECEIVER01     *ZZ*SUBMITTER01    *{date}*1200*^"
        f"*00501*{control}*0*P*:",
        f"GS*FA*RECEIVER01*SUBMITTER01*20{date}*1200*{int(control)}*X*005010X231A1",
        "ST*999*0001*005010X231A1",
        *body,
        f"SE*{len(body) + 2}*0001",
        f"GE*1*{int(control)}",
        f"IEA*1*{control}",
    ]
    return "~\n".join(segments) + "~\n"


def _load(tmp_path: Path, texts: dict[str, str]) -> Warehouse:
    files = tmp_path / "files"
    files.mkdir()
    for name, text in texts.items():
        (files / name).write_text(text, encoding="ascii")
    wh = Warehouse(tmp_path / "wh")
    report = load(wh, [files]).load
    assert [r.error for r in report.results if r.error] == []
    return wh


def test_group_rejected_with_no_set_accepted_rejects_the_sets_it_does_not_list(
    tmp_path: Path,
) -> None:
    claims = (FIXTURES / "ack_claims.837.x12").read_text()
    reject = _999(
        "240106",
        "000000911",
        ["AK1*HC*201*005010X222A1", "AK2*837*0001*005010X222A1", "IK5*R*5", "AK9*R*2*2*0"],
    )
    wh = _load(tmp_path, {"a.837": claims, "b.999": reject})
    assert rows(
        wh,
        "SELECT transaction_control_number, set_status, group_status, rejected, matched"
        " FROM core.acknowledgements ORDER BY transaction_control_number",
    ) == [("0001", "R", "R", True, True), ("0002", None, "R", True, True)]
    assert rows(
        wh,
        "SELECT claim_id, front_end_rejected FROM core.submission_acknowledgements"
        " ORDER BY claim_id",
    ) == [("PCN-A1", True), ("PCN-A2", True), ("PCN-B1", True), ("PCN-B2", True)]


def test_group_control_number_reused_matches_the_latest_group_sent_before_the_999(
    tmp_path: Path,
) -> None:
    """The same submitter sends group 201 on 2024-01-05 and again on 2024-01-08; a
    999 of 2024-01-09 that lists no set accepts both sets of the second."""
    first = (FIXTURES / "ack_claims.837.x12").read_text()
    second = first.replace("*240105*1200*^*00501*000000201*", "*240108*1200*^*00501*000000301*")
    second = second.replace("IEA*1*000000201", "IEA*1*000000301").replace("PCN-", "PCN-X")
    accept = _999("240109", "000000912", ["AK1*HC*201*005010X222A1", "AK9*A*2*2*2"])
    wh = _load(tmp_path, {"a.837": first, "b.837": second, "c.999": accept})
    assert rows(
        wh,
        "SELECT a.transaction_control_number, a.set_status, a.group_status, a.rejected,"
        " f.file_name FROM core.acknowledgements AS a"
        " JOIN meta.files AS f ON f.file_id = a.submission_file_id"
        " ORDER BY a.transaction_control_number",
    ) == [("0001", None, "A", False, "b.837"), ("0002", None, "A", False, "b.837")]
    assert rows(
        wh,
        "SELECT claim_id, has_acknowledgement, front_end_rejected"
        " FROM core.submission_acknowledgements ORDER BY claim_id",
    ) == [
        ("PCN-A1", False, False),
        ("PCN-A2", False, False),
        ("PCN-B1", False, False),
        ("PCN-B2", False, False),
        ("PCN-XA1", True, False),
        ("PCN-XA2", True, False),
        ("PCN-XB1", True, False),
        ("PCN-XB2", True, False),
    ]


def test_errors_are_evidence_rows_under_the_set_they_are_about(warehouse: Warehouse) -> None:
    assert rows(
        warehouse,
        "SELECT transaction_control_number, e.level, e.segment_id, e.segment_position,"
        " e.element_position, e.error_code, e.context_reference"
        " FROM core.acknowledgement_errors AS e"
        " JOIN core.acknowledgements AS a"
        " ON a.ack_file_id = e.ack_file_id AND a.ack_segment = e.ack_segment"
        " WHERE a.matched ORDER BY e.ack_file_id, e.ack_segment, e.segment, e.error_code",
    ) == [
        ("0001", "segment", "CLM", 16, None, "8", "PCN-A1"),
        ("0001", "element", "CLM", 16, 2, "6", "PCN-A1"),
        ("0001", "segment", "ZZZ", 30, None, "1", None),
        ("0001", "transaction_set", None, None, None, "5", None),
        ("0001", "transaction_set", None, None, None, "I5", None),
        ("0001", "group", None, None, None, "5", None),
        ("0002", "segment", "REF", 14, None, "I4", None),
        ("0002", "group", None, None, None, "5", None),
    ]
