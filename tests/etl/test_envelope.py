"""Envelopes: several interchanges, groups and sets per file, and every way they break."""

from __future__ import annotations

import pytest

from rcm.etl.x12 import X12Error
from rcm.etl.x12.codes import SUPPORTED_VERSIONS
from rcm.etl.x12.envelope import PARSERS, loaded_kinds


def _error(tables, text: str, name: str = "professional.837") -> str:
    with pytest.raises(X12Error) as caught:
        tables(text, name)
    error = caught.value
    assert error.file == name
    return str(error)


def test_two_interchanges_in_one_file(fixture_text, tables) -> None:
    parsed = tables(fixture_text("two_interchanges.x12"))
    transactions = parsed["transactions"].to_pylist()
    assert [
        (t["transaction_index"], t["transaction_kind"], t["first_segment"]) for t in transactions
    ] == [
        (1, "837P", 3),
        (2, "835", 55),
    ]
    assert [t["interchange_control_number"] for t in transactions] == ["000000101", "000000303"]
    # Claim ordinals run on across the file, CLM and CLP alike.
    assert parsed["claims"].column("claim_index").to_pylist() == [1, 2]
    assert parsed["remit_claims"].column("claim_index").to_pylist() == [3, 4, 5]
    assert parsed["remit_claims"].column("transaction_index").to_pylist() == [2, 2, 2]
    assert parsed["remit_claims"].column("claim_segment").to_pylist() == [67, 87, 91]


def test_two_transaction_sets_in_one_group(fixture_text, tables) -> None:
    text = fixture_text("professional.837")
    start, end = text.index("ST*837"), text.index("GE*")
    second = text[start:end].replace("*0001", "*0002")
    doubled = text[:end] + second + text[end:].replace("GE*1*101", "GE*2*101")
    parsed = tables(doubled)
    assert parsed["transactions"].column("transaction_control_number").to_pylist() == [
        "0001",
        "0002",
    ]
    assert parsed["claims"].column("claim_index").to_pylist() == [1, 2, 3, 4]
    assert parsed["claims"].column("transaction_index").to_pylist() == [1, 1, 2, 2]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("SE*48*0001", "SE*47*0001", "segment 50 (SE): SE01 says 47 segments, counted 48"),
        ("SE*48*0001", "SE*48*0009", "segment 50 (SE): SE02 '0009' does not match ST02 '0001'"),
        ("GE*1*101", "GE*1*102", "segment 51 (GE): GE02 '102' does not match GS06 '101'"),
        ("GE*1*101", "GE*2*101", "segment 51 (GE): GE01 says 2 transaction sets, counted 1"),
        (
            "IEA*1*000000101",
            "IEA*1*000000999",
            "segment 52 (IEA): IEA02 '000000999' does not match ISA13 '000000101'",
        ),
        ("IEA*1*000000101", "IEA*3*000000101", "segment 52 (IEA): IEA01 says 3 groups, counted 1"),
        (
            "ST*837*0001*005010X222A1",
            "ST*270*0001*005010X279A1",
            "segment 3 (ST): transaction set 270 (eligibility inquiry) is not supported; "
            f"this product loads {loaded_kinds()}",
        ),
        (
            "ST*837*0001*005010X222A1",
            "ST*834*0001*005010X220A1",
            "segment 3 (ST): transaction set 834 (benefit enrollment) is not supported",
        ),
        (
            "ST*837*0001*005010X222A1",
            "ST*837*0001*004010X098A1",
            "segment 3 (ST): ST03 version 004010X098A1 is 4010; this product reads 5010",
        ),
        (
            "ST*837*0001*005010X222A1",
            "ST*837*0001*005010X299A1",
            "segment 3 (ST): 837 implementation version '005010X299A1' is not supported",
        ),
        ("SE*48*0001~\n", "", "segment 50 (GE): GE inside transaction set '0001', which has no SE"),
        ("HL*1**20*1~", "GS*HC*X*Y*20240105*1200*7*X*005010X222A1~", "segment 8 (GS): GS inside"),
        ("REF*EI*371234567~", "REF*EI*371234567~\nNTE*ADD*STRAY~", None),
    ],
)
def test_envelope_errors(fixture_text, tables, old, new, expected) -> None:
    text = fixture_text("professional.837")
    assert old in text
    changed = text.replace(old, new)
    if expected is None:
        # A stray segment the billing loop does not read is skipped, but it counts for SE01.
        message = _error(tables, changed)
        assert message == "professional.837: segment 51 (SE): SE01 says 48 segments, counted 49"
        return
    assert _error(tables, changed).startswith(f"professional.837: {expected}")


def test_missing_iea(fixture_text, tables) -> None:
    text = fixture_text("professional.837").replace("IEA*1*000000101~\n", "")
    assert _error(tables, text) == (
        "professional.837: segment 51 (GE): the file ends inside interchange '000000101': no IEA"
    )


def test_truncated_inside_a_transaction(fixture_text, tables) -> None:
    text = fixture_text("professional.837")
    cut = text[: text.index("LX*2~")]
    assert _error(tables, cut) == (
        "professional.837: segment 30 (REF): the file ends inside transaction set '0001': no SE"
    )


def test_no_isa(fixture_text, tables) -> None:
    text = fixture_text("professional.837")
    headless = text[text.index("GS*") :]
    assert _error(tables, headless) == (
        "professional.837: segment 1 (GS): the file does not begin with an ISA interchange header"
    )
    bare = text[text.index("ST*") :]
    assert _error(tables, bare).startswith("professional.837: segment 1 (ST): ")


def test_short_isa(fixture_text, tables) -> None:
    text = fixture_text("professional.837").replace("*00*          *00*", "*00*         *00*", 1)
    assert _error(tables, text) == (
        "professional.837: segment 1 (ISA): ISA is 105 characters through its segment "
        "terminator, expected 106; the delimiters read from it would be wrong"
    )


def test_second_isa_must_keep_the_delimiters(fixture_text, tables) -> None:
    first = fixture_text("professional.837")
    second = fixture_text("remit.835").replace("*P*:~", "*P*>~", 1)
    message = _error(tables, first + second)
    assert message.startswith(
        "professional.837: segment 53 (ISA): this interchange declares other delimiters"
    )


def test_empty_file(tables) -> None:
    assert _error(tables, "  \n") == "professional.837: the file is empty"


def test_transaction_outside_a_group(fixture_text, tables) -> None:
    text = fixture_text("professional.837").replace(
        "GS*HC*SUBMITTER01*RECEIVER01*20240105*1200*101*X*005010X222A1~\n", ""
    )
    assert _error(tables, text) == (
        "professional.837: segment 2 (ST): ST outside a functional group (no GS before it)"
    )


def test_the_not_supported_message_lists_every_kind_with_a_parser() -> None:
    kinds = loaded_kinds()
    assert all(kind in kinds for kind in PARSERS)
    assert kinds.startswith("837P, 837I, ") and " and " in kinds


GS_5010 = "GS*HC*SUBMITTER01*RECEIVER01*20240105*1200*101*X*005010X222A1~"


@pytest.mark.parametrize(
    ("isa12", "gs08", "st03", "expected"),
    [
        (
            "00401",
            "004010X098A1",
            "",
            "segment 2 (GS): GS08 version 004010X098A1 is 4010; this product reads 5010",
        ),
        (
            "00501",
            "004010X098A1",
            "005010X222A1",
            "segment 2 (GS): GS08 version 004010X098A1 is 4010; this product reads 5010",
        ),
        (
            "00401",
            "5010",
            "",
            "segment 2 (GS): GS08 version '5010' is no X12 version label and the interchange "
            "is 4010 (ISA12 00401); this product reads 5010",
        ),
        (
            "99999",
            "999999X999X9",
            "",
            "segment 2 (GS): GS08 version '999999X999X9' is no X12 version label and ISA12 "
            "version '99999' names no X12 release; this product reads 5010",
        ),
        (
            "00501",
            "999999X999X9",
            "",
            "segment 3 (ST): GS08 version '999999X999X9' is no X12 version label; this product "
            "reads 5010 (837: 005010X222A1",
        ),
        (
            "00501",
            "005010X222A1",
            "5010",
            "segment 3 (ST): ST03 version '5010' is no X12 version label; this product reads 5010",
        ),
    ],
)
def test_versions_other_than_5010_are_named(
    fixture_text, tables, isa12: str, gs08: str, st03: str, expected: str
) -> None:
    text = fixture_text("professional.837")
    text = text.replace("*^*00501*", f"*^*{isa12}*", 1)
    text = text.replace(GS_5010, GS_5010.replace("005010X222A1", gs08))
    text = text.replace("ST*837*0001*005010X222A1", "ST*837*0001" + (f"*{st03}" if st03 else ""))
    assert _error(tables, text).startswith(f"professional.837: {expected}")


def test_st03_names_the_guide_in_place_of_gs08(fixture_text, tables) -> None:
    """X12's rule: ST03, when sent, is the set's guide, whatever its group's GS08 says."""
    text = fixture_text("professional.837")
    text = text.replace(GS_5010, GS_5010.replace("005010X222A1", "005010X223A2"))
    parsed = tables(text)
    transaction = parsed["transactions"].to_pylist()[0]
    assert (transaction["transaction_kind"], transaction["implementation_version"]) == (
        "837P",
        "005010X222A1",
    )
    assert parsed["claims"].num_rows == 2


@pytest.mark.parametrize(("base", "kind"), [("005010X222", "837P")])
def test_base_labels_read_as_the_guide_they_name(fixture_text, tables, base, kind) -> None:
    text = fixture_text("professional.837").replace("005010X222A1", base)
    parsed = tables(text)
    transaction = parsed["transactions"].to_pylist()[0]
    assert (transaction["transaction_kind"], transaction["implementation_version"]) == (kind, base)
    assert parsed["claims"].num_rows == tables(fixture_text("professional.837"))["claims"].num_rows


def test_malformed_segment_after_a_4010_isa_says_it_is_4010(fixture_text, tables) -> None:
    text = fixture_text("professional.837").replace("*^*00501*", "*^*00401*", 1)
    text = text.replace("~\nGS*HC*", "~\n>GS*HC*", 1)
    assert _error(tables, text) == (
        "professional.837: segment 2 (>GS): '>GS' is not a segment id (2 or 3 capital letters "
        "or digits, the first a letter, then '*' or '~'); the interchange is 4010 (ISA12 00401); "
        "this product reads 5010"
    )


def test_body_with_another_terminator_than_the_isa(fixture_text, tables) -> None:
    text = fixture_text("professional.837")
    isa, body = text.split("\n", 1)
    changed = isa + "\n" + body.replace("~", "")
    assert _error(tables, changed).startswith("professional.837: segment 2 (GS): GS has ")
    assert _error(tables, changed).endswith(
        "elements where X12 has 8: the segments do not end with the terminator '~' the ISA declares"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("SE*48*0001~\n", "SE*48*0001~\n  ", None),
        ("NM1*85*2*", "nm1*85*2*", "segment 10 (nm1): 'nm1' is not a segment id"),
        ("N3*1 MAIN ST*", "N3*1 MAIN\x00ST*", "segment 11 (N3): the segment holds a NUL byte"),
        ("SE*48*0001", "SE*4A*0001", "segment 50 (SE): SE01 '4A' is not a number"),
        ("GE*1*101", "GE**101", "segment 51 (GE): GE01 '' is not a number"),
    ],
)
def test_body_problems_name_their_segment(fixture_text, tables, old, new, expected) -> None:
    text = fixture_text("professional.837")
    assert old in text
    changed = text.replace(old, new, 1)
    if expected is None:
        assert tables(changed)["claims"].num_rows == tables(text)["claims"].num_rows
        return
    assert _error(tables, changed).startswith(f"professional.837: {expected}")


class _Skipping:
    """A parser that reads nothing: it hands back the first SE it is fed."""

    def __init__(self, out, index, delimiters, file) -> None:
        self.index = index

    def feed(self, chunk: tuple[list[str], int, int]) -> int:
        segs, _base, i = chunk
        while i < len(segs) and not segs[i].startswith("SE*"):
            i += 1
        return i


def test_a_kind_plugs_in_with_one_row(fixture_text, tables, monkeypatch) -> None:
    text = fixture_text("professional.837").replace(
        "ST*837*0001*005010X222A1", "ST*270*0001*005010X279A1"
    )
    assert "not supported" in _error(tables, text)
    monkeypatch.setitem(SUPPORTED_VERSIONS, "270", {"005010X279A1": "270"})
    monkeypatch.setitem(PARSERS, "270", _Skipping)
    transaction = tables(text)["transactions"].to_pylist()[0]
    assert (transaction["transaction_kind"], transaction["segment_count"]) == ("270", 48)
    assert loaded_kinds().endswith(" and 270")
