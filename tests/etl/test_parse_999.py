"""999: hand-made acknowledgements whose every row was worked out by hand, and the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from rcm.etl.x12 import X12Error

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "x12-corpus" / "files"


@pytest.fixture
def rejects(fixture_text, tables):
    return tables(fixture_text("ack_999_rejects.x12"), "ack_999_rejects.x12")


def test_group_response_and_counts(rejects, expect) -> None:
    assert rejects["ack_groups"].to_pylist() == [
        expect(
            "ack_groups",
            transaction_index=1,
            segment=4,
            functional_id="HC",
            group_control_number="201",
            version="005010X222A1",
            group_status="P",
            sets_included=2,
            sets_received=2,
            sets_accepted=1,
            status_segment=15,
        )
    ]


def test_each_set_with_its_response(rejects, expect) -> None:
    common = dict(transaction_index=1, set_id="837", implementation_reference="005010X222A1")
    assert rejects["ack_transaction_sets"].to_pylist() == [
        expect(
            "ack_transaction_sets",
            **common,
            segment=5,
            control_number="0001",
            status="R",
            status_segment=11,
        ),
        expect(
            "ack_transaction_sets",
            **common,
            segment=12,
            control_number="0002",
            status="E",
            status_segment=14,
        ),
    ]


def test_errors_of_segments_elements_sets_and_group(rejects, expect) -> None:
    clm = dict(
        transaction_index=1,
        set_segment=5,
        segment_id="CLM",
        segment_position=16,
        loop_id="2300",
        context_name="CLM01",
        context_reference="PCN-A1",
    )
    assert rejects["ack_errors"].to_pylist() == [
        expect(
            "ack_errors",
            **clm,
            segment=6,
            level="segment",
            error_code="8",
            error_text="Segment has data element errors",
        ),
        # The element error repeats its IK3 and the claim the IK3's CTX named;
        # its own CTX is the trigger segment.
        expect(
            "ack_errors",
            **clm,
            segment=8,
            level="element",
            error_code="6",
            error_text="Invalid character in data element",
            element_position=2,
            element_reference="782",
            bad_value="15O",
            context_segment_id="CLM",
            context_segment_position=16,
        ),
        expect(
            "ack_errors",
            transaction_index=1,
            set_segment=5,
            segment=10,
            level="segment",
            error_code="1",
            error_text="Unrecognized segment ID",
            segment_id="ZZZ",
            segment_position=30,
        ),
        expect(
            "ack_errors",
            transaction_index=1,
            set_segment=5,
            segment=11,
            level="transaction_set",
            error_code="I5",
            error_text="Implementation one or more segments in error",
        ),
        expect(
            "ack_errors",
            transaction_index=1,
            set_segment=5,
            segment=11,
            level="transaction_set",
            error_code="5",
            error_text="One or more segments in error",
        ),
        expect(
            "ack_errors",
            transaction_index=1,
            set_segment=12,
            segment=13,
            level="segment",
            error_code="I4",
            error_text='Implementation "Not Used" segment present',
            segment_id="REF",
            segment_position=14,
            loop_id="2010AA",
        ),
        expect(
            "ack_errors",
            transaction_index=1,
            segment=15,
            level="group",
            error_code="5",
            error_text="Number of included transaction sets does not match actual count",
        ),
    ]


def test_envelope_row_names_the_kind(rejects) -> None:
    [row] = rejects["transactions"].to_pylist()
    assert (row["transaction_kind"], row["functional_id"], row["transaction_set_id"]) == (
        "999",
        "FA",
        "999",
    )


def test_group_rejected_without_sets(fixture_text, tables, expect) -> None:
    parsed = tables(fixture_text("ack_999_never_loaded.x12"))
    assert "ack_transaction_sets" not in parsed
    assert parsed["ack_groups"].to_pylist()[0]["group_status"] == "R"
    assert parsed["ack_errors"].to_pylist() == [
        expect(
            "ack_errors",
            transaction_index=1,
            segment=5,
            level="group",
            error_code="2",
            error_text="Functional group version not supported",
        )
    ]


def test_element_position_composite_and_unknown_code(fixture_text, tables) -> None:
    text = fixture_text("ack_999_accepts.x12").replace(
        "IK5*A~", "IK3*HI*21**8~\nIK4*2:1:3*1270*Q9*8901~\nIK5*E~"
    )
    text = text.replace("SE*6*9002", "SE*8*9002")
    [row] = [r for r in tables(text)["ack_errors"].to_pylist() if r["level"] == "element"]
    assert (row["element_position"], row["component_position"], row["repetition_position"]) == (
        2,
        1,
        3,
    )
    assert (row["error_code"], row["error_text"], row["bad_value"]) == ("Q9", None, "8901")


BAD = [
    ("NM1*41*2*X~", "NM1", "NM1 is not a segment of a 999"),
    ("IK4*1*66*1~", "IK4", "IK4 without an IK3 before it"),
    ("CTX*CLM01:X~", "CTX", "CTX outside an IK3 or IK4"),
    ("IK3*CLM*X**8~", "IK3", "IK302 'X' is not a number in range"),
]


@pytest.mark.parametrize(("segment", "sid", "reason"), BAD)
def test_bad_segments_reject_the_file_naming_them(
    fixture_text, tables, segment, sid, reason
) -> None:
    text = fixture_text("ack_999_accepts.x12").replace("IK5*A~", segment + "\nIK5*A~")
    text = text.replace("SE*6*9002", "SE*7*9002")
    with pytest.raises(X12Error) as caught:
        tables(text, "bad.999")
    error = caught.value
    assert (error.file, error.segment, error.segment_id) == ("bad.999", 6, sid)
    assert reason in error.reason


def test_corpus_999_made_by_pyx12(tables) -> None:
    parsed = tables((CORPUS / "ims__x12_many_claims_se01_fixed.997").read_bytes())
    [group] = parsed["ack_groups"].to_pylist()
    assert (group["group_control_number"], group["group_status"], group["sets_accepted"]) == (
        "1",
        "R",
        0,
    )
    [answer] = parsed["ack_transaction_sets"].to_pylist()
    assert (answer["control_number"], answer["status"]) == ("987654", "R")
    errors = parsed["ack_errors"]
    segment_errors = [r for r in errors.to_pylist() if r["level"] == "segment"]
    assert segment_errors[0]["segment_id"] == "HI"
    assert segment_errors[0]["segment_position"] == 21
    # Every IK3 and IK4 of the file is a row, and the IK5 code one more.
    text = (CORPUS / "ims__x12_many_claims_se01_fixed.997").read_text()
    assert errors.num_rows == text.count("~\nIK3*") + text.count("~\nIK4*") + 1


def test_corpus_999_once_refused_now_loads(tables) -> None:
    parsed = tables((CORPUS / "bad_ims__x12_999_unsupported_transaction.txt").read_bytes())
    [answer] = parsed["ack_transaction_sets"].to_pylist()
    assert (answer["control_number"], answer["status"], answer["implementation_reference"]) == (
        "0028",
        "R",
        None,
    )
    assert [r["error_code"] for r in parsed["ack_errors"].to_pylist()] == ["1", "5"]
