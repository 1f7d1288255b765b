"""Tokenizer: delimiters from the ISA, line endings, chunk boundaries, encodings."""

from __future__ import annotations

import io
import time

import pytest

from rcm.etl.x12 import X12Error, iter_batches, looks_like_x12, parse
from rcm.etl.x12.tokenizer import MAX_SEGMENT, Delimiters, Segments, components, read_delimiters

ISA_5010 = (
    "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     "
    "*240105*1200*^*00501*000000101*0*P*:~"
)


def _segments(data: bytes, chunk_size: int = 1 << 20) -> list[tuple[int, str]]:
    found = []
    for first, chunk in Segments(io.BytesIO(data), "t.x12", chunk_size):
        found.extend((first + k, segment) for k, segment in enumerate(chunk))
    return found


def _same_tables(a: dict, b: dict) -> None:
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name].equals(b[name]), name


def test_delimiters_from_isa() -> None:
    assert len(ISA_5010) == 106
    assert read_delimiters(ISA_5010, "t") == Delimiters("*", "^", ":", "~")


def test_letter_in_isa11_is_no_repetition_separator() -> None:
    """4010-style ISA11 'U' is a standards identifier, never a delimiter."""
    isa = ISA_5010.replace("*^*00501*", "*U*00501*")
    assert read_delimiters(isa, "t").repetition is None


def test_repetition_separator_is_read_and_left_in_values(fixture_text) -> None:
    text = fixture_text("professional.837").replace("*^*00501*", "*!*00501*", 1)
    text = text.replace(
        "NM1*PR*2*BLUE PAYER*****PI*PAYER01~", "NM1*PR*2*BLUE^PAYER*****PI*PAYER01~"
    )
    assert Segments(io.BytesIO(text.encode()), "t").delimiters.repetition == "!"
    assert parse(text.encode())["claims"].column("payer_name").to_pylist() == [
        "BLUE^PAYER",
        "BLUE^PAYER",
    ]


def test_other_delimiters_parse_the_same(fixture_text) -> None:
    text = fixture_text("professional.837")
    translated = text.replace("\n", "").translate(str.maketrans({"*": "|", ":": ">", "~": "\n"}))
    _same_tables(parse(text.encode()), parse(translated.encode()))


@pytest.mark.parametrize("ending", ["", "\r\n", "\r", "\n\n"])
def test_line_endings_after_terminators(fixture_text, ending: str) -> None:
    text = fixture_text("professional.837")
    variant = text.replace("~\n", "~" + ending)
    _same_tables(parse(text.encode()), parse(variant.encode()))


def test_bom_and_leading_whitespace(fixture_text) -> None:
    text = fixture_text("professional.837")
    _same_tables(parse(text.encode()), parse(b"\xef\xbb\xbf \r\n\t" + text.encode()))


def test_segment_ordinals_are_one_based_and_skip_empty_segments() -> None:
    data = (ISA_5010 + "\nGS*HC~~\nST*837~").encode()
    assert _segments(data) == [(1, ISA_5010[:-1]), (2, "GS*HC"), (3, "ST*837")]


@pytest.mark.parametrize("chunk_size", [1, 7, 106, 107, 333])
def test_chunk_boundaries_change_nothing(fixture_text, chunk_size: int) -> None:
    data = fixture_text("two_interchanges.x12").encode()
    assert _segments(data, chunk_size) == _segments(data)
    small = {}
    for name, batch in iter_batches(data, chunk_size=chunk_size, batch_rows=2):
        assert batch.num_rows <= 2
        small.setdefault(name, []).append(batch)
    whole = parse(data)
    assert sorted(small) == sorted(whole)
    for name, batches in small.items():
        assert sum(b.num_rows for b in batches) == whole[name].num_rows
        assert [r for b in batches for r in b.to_pylist()] == whole[name].to_pylist()


def test_latin1_bytes_are_kept(fixture_text) -> None:
    text = fixture_text("professional.837").replace("NM1*QC*1*ROE*TIM~", "NM1*QC*1*ROE*TIMÉ~")
    latin = parse(text.encode("latin-1"))
    utf8 = parse(text.encode("utf-8"))
    assert latin["claims"].column("patient_first_name").to_pylist()[1] == "TIMÉ"
    assert utf8["claims"].column("patient_first_name").to_pylist()[1] == "TIMÉ"


def test_looks_like_x12() -> None:
    assert looks_like_x12(b"ISA*00*")
    assert looks_like_x12(b"\xef\xbb\xbf\r\n  ISA*00*")
    assert not looks_like_x12(b"GS*HC*")
    assert not looks_like_x12(b"claim_id,amount\n")
    assert not looks_like_x12(b"")
    assert not looks_like_x12(b"name,code\nLISA,00,1\n")


def test_looks_like_x12_for_the_files_the_engine_refuses_by_name(fixture_text) -> None:
    """A loader that asks first must hand these to the engine, which says what they are."""
    text = fixture_text("professional.837")
    assert looks_like_x12(b"Example 1 - a claim\r\n\r\n" + text.encode()[:500])
    assert looks_like_x12(text.encode("utf-16-le")[:500])
    assert looks_like_x12(b"\xfe\xff" + text.encode("utf-16-be")[:500])


def test_components_tolerate_a_stray_separator() -> None:
    assert components("HC:99213:25", ":") == ["HC", "99213", "25"]
    assert components("HC>99213>25", ":") == ["HC", "99213", "25"]
    assert components("1>2", ":") == ["1", "2"]
    assert components("99213", ":") == ["99213"]
    assert components("1.00", ":") == ["1.00"]


def test_isa_with_missing_elements() -> None:
    with pytest.raises(X12Error) as caught:
        parse(b"ISA*00*  *00~GS*HC~")
    assert str(caught.value) == (
        "<stream>: segment 1 (ISA): ISA is incomplete: it has fewer than 16 elements"
    )


def test_path_and_stream_sources(tmp_path, fixture_text) -> None:
    path = tmp_path / "claims_0412.x12"
    path.write_text(fixture_text("professional.837").replace("SE*48*", "SE*52*"))
    with pytest.raises(X12Error) as caught:
        parse(path)
    assert str(caught.value) == (
        "claims_0412.x12: segment 50 (SE): SE01 says 52 segments, counted 48"
    )
    with open(path, "rb") as stream, pytest.raises(X12Error) as caught:
        parse(stream)
    assert caught.value.file == "<stream>"
    assert (caught.value.segment, caught.value.segment_id) == (50, "SE")


@pytest.mark.parametrize("indent", ["  ", "\t", "\r\n    ", "\n\t \t", " \r\n"])
def test_blanks_between_segments_are_not_part_of_them(fixture_text, indent: str) -> None:
    text = fixture_text("professional.837")
    indented = text.replace("~\n", "~" + indent)
    _same_tables(parse(text.encode()), parse(indented.encode()))


@pytest.mark.parametrize("chunk_size", [1, 5, 106, 107, 108, 333])
def test_blanks_at_chunk_boundaries(fixture_text, chunk_size: int) -> None:
    data = fixture_text("two_interchanges.x12").replace("~\n", "~\n    ").encode()
    assert _segments(data, chunk_size) == _segments(fixture_text("two_interchanges.x12").encode())


def test_blanks_inside_values_are_kept() -> None:
    data = (ISA_5010 + "\n  GS*HC~\n\tNM1*85*2* ACME  BILLING *~  REF*EI*12 34  ~").encode()
    assert _segments(data) == [
        (1, ISA_5010[:-1]),
        (2, "GS*HC"),
        (3, "NM1*85*2* ACME  BILLING *"),
        (4, "REF*EI*12 34  "),
    ]
    # The ISA's fixed-width fields keep their padding.
    assert _segments(data)[0][1].split("*")[6] == "SUBMITTER01    "


def test_bom_then_indented_interchange(fixture_text) -> None:
    text = fixture_text("professional.837")
    indented = "\ufeff" + text.replace("~\n", "~\r\n   ")
    _same_tables(parse(text.encode()), parse(indented.encode("utf-8")))


def test_ascii_separator_characters_as_delimiters(fixture_text) -> None:
    """0x1C-0x1F are delimiters some translators use; str.isspace() counts them as blanks."""
    text = fixture_text("professional.837").replace("\n", "")
    table = str.maketrans({"*": "\x1d", ":": "\x1f", "^": "\x1e", "~": "\x1c"})
    translated = text.translate(table)
    assert Segments(io.BytesIO(translated.encode()), "t").delimiters == Delimiters(
        "\x1d", "\x1e", "\x1f", "\x1c"
    )
    _same_tables(parse(text.encode()), parse(translated.encode()))


@pytest.mark.parametrize(
    ("segment", "shown"),
    [
        ("nm1*85*2*ACME", "nm1"),
        ("Nm1*85*2*ACME", "Nm1"),
        ("NM12*85*2*ACME", "NM12"),
        ("*85*2*ACME", ""),
        ("\x01NM1*85*2*ACME", "\x01NM1"),
        ("1NM*85", "1NM"),
        ("N*85", "N"),
    ],
)
def test_malformed_segment_ids_are_refused(segment: str, shown: str) -> None:
    data = (ISA_5010 + "GS*HC~ST*837~BHT*0019~" + segment + "~SE*4*1~").encode()
    with pytest.raises(X12Error) as caught:
        list(Segments(io.BytesIO(data), "t.x12"))
    error = caught.value
    assert (error.segment, error.segment_id) == (5, shown or None)
    if shown:
        assert error.reason.startswith(f"{shown!r} is not a segment id (2 or 3 capital letters")
    else:
        assert error.reason.startswith(f"the segment {segment!r} has no segment id (2 or 3")


def test_malformed_id_after_good_segments_of_a_chunk_keeps_their_order() -> None:
    data = (ISA_5010 + "GS*HC~ST*837~nm1*85~").encode()
    seen = []
    with pytest.raises(X12Error) as caught:
        for _first, chunk in Segments(io.BytesIO(data), "t.x12"):
            seen.extend(chunk)
    assert seen == [ISA_5010[:-1], "GS*HC", "ST*837"]
    assert caught.value.segment == 4


def test_nul_byte_names_its_segment() -> None:
    data = (ISA_5010 + "GS*HC~ST*837~NM1*85*2*AC\x00ME~SE*3*1~").encode()
    with pytest.raises(X12Error) as caught:
        list(Segments(io.BytesIO(data), "t.x12"))
    assert str(caught.value) == "t.x12: segment 4 (NM1): the segment holds a NUL byte"


@pytest.mark.parametrize("prefix", [b"Example 1\r\n\r\nA claim.\r\n", b"\xef\xbb\xbfnotes\n"])
def test_text_before_the_isa(fixture_text, prefix: bytes) -> None:
    data = prefix + fixture_text("professional.837").encode()
    with pytest.raises(X12Error) as caught:
        parse(data, name="c.x12")
    assert str(caught.value) == (
        f"c.x12: segment 1 (ISA): {len(prefix)} bytes before the ISA; an interchange must "
        "begin with its ISA header"
    )


def test_a_name_ending_in_isa_is_no_isa() -> None:
    with pytest.raises(X12Error) as caught:
        parse(b"NM1*QC*1*DOE*LISA~NM1*IL*1*DOE*ISA~", name="c.x12")
    assert str(caught.value) == (
        "c.x12: segment 1 (NM1): the file does not begin with an ISA interchange header"
    )


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-16-le"),
        lambda t: t.encode("utf-16-be"),
        lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
        lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    ],
)
def test_utf16_is_refused_as_such(fixture_text, encode) -> None:
    data = encode(fixture_text("professional.837"))
    with pytest.raises(X12Error) as caught:
        parse(data, name="c.x12")
    assert str(caught.value).startswith("c.x12: UTF-16 text; X12 is ASCII")


def test_no_terminator_is_refused_in_linear_time() -> None:
    """20 MB without a '~' after the ISA: refused at the cap, without re-scanning."""
    line = b"GS*HC*SUBMITTER01*RECEIVER01*20240105*1200*101*X*005010X222A1\n"
    data = ISA_5010.encode() + line * (20_000_000 // len(line))
    started = time.perf_counter()
    with pytest.raises(X12Error) as caught:
        parse(data, name="c.x12")
    elapsed = time.perf_counter() - started
    assert str(caught.value) == (
        f"c.x12: segment 1 (ISA): no segment terminator '~' in the {MAX_SEGMENT:,} characters "
        "after segment 1; the file's segments do not end with the terminator its ISA declares"
    )
    assert elapsed < 3


@pytest.mark.parametrize("chunk_size", [1000, 1 << 16, 1 << 20])
def test_a_huge_segment_names_the_one_before(chunk_size: int) -> None:
    data = (ISA_5010 + "GS*HC~ST*837~NTE*ADD*" + "X" * (MAX_SEGMENT + 10) + "~SE*3*1~").encode()
    with pytest.raises(X12Error) as caught:
        list(Segments(io.BytesIO(data), "c.x12", chunk_size))
    assert (caught.value.segment, caught.value.segment_id) == (3, "ST")
    assert "no segment terminator '~'" in caught.value.reason


def test_a_long_segment_under_the_cap_is_read() -> None:
    value = "X" * (MAX_SEGMENT // 2)
    data = (ISA_5010 + "GS*HC~NTE*ADD*" + value + "~").encode()
    assert _segments(data, 4096)[-1] == (3, "NTE*ADD*" + value)
