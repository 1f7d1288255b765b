"""Mutants of real corpus files: each is refused by name, or loads with the bytes' own numbers.

A cut, a changed byte, a few inserted or deleted bytes, a repeated segment or a
segment id in another case: the engine must either reject the file with an
X12Error naming the file and a segment, or load it with every count and sum
equal to an independent reading of the mutant's bytes. Never another
exception, never a silent difference.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcm.etl.x12 import X12Error, parse
from rcm.etl.x12.schemas import TABLES

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "x12-corpus" / "files"
# Small files of each kind and quirk: 837P, 837I, 837D, 835, 999, indented with a BOM,
# CR terminators, stray component separators, '|' delimiters.
SAMPLES = [
    "lfh__837_005010X222A2__demo.example1.837",
    "lfh__837_005010X223A3__two-claims-single-provider.837i",
    "lfh__835_005010X221A1__secondary-payment.835",
    "k835__emedny_sample.txt",
    "oop___837P__5010_MedicaidExample.txt",
    "oop___837P__5010_ST1309-XX.txt",
    "pyx12__835_mult_loops.txt",
    "bad_ims__x12_999_unsupported_transaction.txt",
    "sedi__X224A2_HC837_pass_multiple-tooth-numbers.edi",
]
DATA = {name: (CORPUS / name).read_bytes() for name in SAMPLES}
NAME = "mutant.x12"
# Problems of the whole file, which have no segment to name.
WHOLE_FILE = ("the file is empty", "UTF-16 text; X12 is ASCII")
MUTANTS = settings(
    derandomize=True,
    database=None,
    max_examples=34,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# Bytes a mutation writes: delimiters, blanks, line breaks, NUL, letters, digits, Latin-1.
BYTES = st.sampled_from(list(b"*~:^|>\n\r \t\x00\x1cAZaz09.-\xe9\xff"))


def read_segments(data: bytes) -> list[list[str]]:
    """An independent reading: delimiters from the ISA, split, blanks between segments off."""
    raw = data.decode("latin-1").removeprefix("\xef\xbb\xbf").lstrip(" \t\r\n")
    element, terminator = raw[3], raw[105]
    for ch in "\r\n":
        if ch != terminator:
            raw = raw.replace(ch, "")
    pieces = (piece.lstrip(" \t") for piece in raw.split(terminator))
    return [piece.split(element) for piece in pieces if piece]


def _of(segments: list[list[str]], segment_id: str) -> list[list[str]]:
    return [s for s in segments if s[0] == segment_id]


def _sum(segments: list[list[str]], position: int) -> Decimal:
    return sum(
        (Decimal(s[position]) for s in segments if len(s) > position and s[position]), Decimal(0)
    )


def _total(tables: dict[str, pa.Table], table: str, column: str) -> Decimal:
    if table not in tables:
        return Decimal(0)
    return sum((v for v in tables[table].column(column).to_pylist() if v is not None), Decimal(0))


def _rows(tables: dict[str, pa.Table], table: str) -> int:
    return tables[table].num_rows if table in tables else 0


def _check(mutant: bytes) -> None:
    try:
        tables = parse(mutant, name=NAME)
    except X12Error as error:
        message = str(error)
        assert error.file == NAME and message.startswith(f"{NAME}: "), message
        if error.segment is None:
            assert error.reason.startswith(WHOLE_FILE), message
        else:
            assert error.segment >= 1 and message.startswith(f"{NAME}: segment {error.segment}")
        return
    segments = read_segments(mutant)
    for table in tables:
        assert table in TABLES
    assert _rows(tables, "transactions") == len(_of(segments, "ST"))
    clm, clp, bpr = _of(segments, "CLM"), _of(segments, "CLP"), _of(segments, "BPR")
    assert _rows(tables, "claims") == len(clm)
    assert _rows(tables, "claim_lines") == sum(len(_of(segments, s)) for s in ("SV1", "SV2", "SV3"))
    assert _rows(tables, "remit_claims") == len(clp)
    assert _rows(tables, "remit_lines") == len(_of(segments, "SVC"))
    assert _rows(tables, "payments") == len(bpr)
    assert _rows(tables, "ack_transaction_sets") == len(_of(segments, "AK2"))
    try:
        sums = (_sum(clm, 2), _sum(clp, 3), _sum(clp, 4), _sum(bpr, 2))
    except InvalidOperation:
        raise AssertionError("loaded although an amount is not a number") from None
    assert _total(tables, "claims", "total_charge") == sums[0]
    assert _total(tables, "remit_claims", "billed_amount") == sums[1]
    assert _total(tables, "remit_claims", "paid_amount") == sums[2]
    assert _total(tables, "payments", "payment_amount") == sums[3]


def _terminator(data: bytes) -> int:
    start = data.find(b"ISA")
    return data[start + 105]


def _segment_spans(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each segment's bytes, its terminator included."""
    terminator = _terminator(data)
    spans, start = [], 0
    for end, byte in enumerate(data):
        if byte == terminator:
            spans.append((start, end + 1))
            start = end + 1
    return spans


def test_the_samples_load_unchanged() -> None:
    for name, data in DATA.items():
        _check(data)
        assert "transactions" in parse(data, name=name), name


@MUTANTS
@given(st.sampled_from(SAMPLES), st.floats(0, 1))
def test_truncated(name: str, where: float) -> None:
    data = DATA[name]
    _check(data[: int(len(data) * where)])


@MUTANTS
@given(st.sampled_from(SAMPLES), st.floats(0, 1, exclude_max=True), BYTES)
def test_one_byte_changed(name: str, where: float, byte: int) -> None:
    data = DATA[name]
    at = int(len(data) * where)
    _check(data[:at] + bytes([byte]) + data[at + 1 :])


@MUTANTS
@given(st.sampled_from(SAMPLES), st.floats(0, 1), st.lists(BYTES, min_size=1, max_size=4))
def test_bytes_inserted(name: str, where: float, inserted: list[int]) -> None:
    data = DATA[name]
    at = int(len(data) * where)
    _check(data[:at] + bytes(inserted) + data[at:])


@MUTANTS
@given(st.sampled_from(SAMPLES), st.floats(0, 1), st.integers(1, 40))
def test_bytes_deleted(name: str, where: float, length: int) -> None:
    data = DATA[name]
    at = int(len(data) * where)
    _check(data[:at] + data[at + length :])


@MUTANTS
@given(st.sampled_from(SAMPLES), st.floats(0, 1, exclude_max=True))
def test_segment_repeated(name: str, where: float) -> None:
    data = DATA[name]
    spans = _segment_spans(data)
    start, end = spans[int(len(spans) * where)]
    _check(data[:end] + data[start:end] + data[end:])


@MUTANTS
@given(st.sampled_from(SAMPLES), st.floats(0, 1, exclude_max=True), st.booleans())
def test_segment_id_in_another_case(name: str, where: float, lower: bool) -> None:
    data = DATA[name]
    spans = _segment_spans(data)
    start, end = spans[int(len(spans) * where)]
    segment = data[start:end]
    blanks = len(segment) - len(segment.lstrip(b" \t\r\n"))
    id_end = start + blanks + 3
    head = data[start + blanks : id_end]
    changed = head.lower() if lower else head[:1] + head[1:].lower()
    _check(data[: start + blanks] + changed + data[id_end:])
