"""Tokenizer: delimiters from the ISA, line endings, chunk boundaries, encodings."""

from __future__ import annotations

import io

import pytest

from etl.x12 import X12Error, iter_batches, looks_like_x12, parse
from etl.x12.tokenizer import Delimiters, Segments, components, read_delimiters

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
