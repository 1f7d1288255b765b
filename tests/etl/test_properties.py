"""Malformed input of every kind gives tables or an X12Error, never anything else."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcm.etl.x12 import X12Error, iter_batches
from rcm.etl.x12.schemas import TABLES
from rcm.etl.x12.tokenizer import Segments

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "x12"
VALID = [
    (FIXTURES / name).read_bytes()
    for name in ("professional.837", "institutional.837i", "remit.835", "two_interchanges.x12")
]
# Bytes that matter to the grammar, so mutations hit delimiters and codes, not just names.
NASTY = [*b"*:~^>|\n\r ISAGESTCLMPHLNVX0123456789.-", 0, 0xFF, 0xC3]
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _load_or_reject(data: bytes, chunk_size: int = 1 << 20) -> None:
    try:
        for name, batch in iter_batches(data, name="fuzz.x12", batch_rows=7, chunk_size=chunk_size):
            assert isinstance(batch, pa.RecordBatch)
            assert batch.schema == TABLES[name]
    except X12Error as error:
        assert str(error).startswith("fuzz.x12")


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    _load_or_reject(data)


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_after_a_valid_isa(data: bytes) -> None:
    _load_or_reject(VALID[0][:107] + data)


@SETTINGS
@given(st.sampled_from(VALID), st.data())
def test_truncations(valid: bytes, data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(valid)))
    _load_or_reject(valid[:cut])


@SETTINGS
@given(
    st.sampled_from(VALID),
    st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.sampled_from(NASTY), st.integers(0, 2)),
        min_size=1,
        max_size=6,
    ),
    st.integers(1, 400),
)
def test_mutations(valid: bytes, edits: list[tuple[float, int, int]], chunk_size: int) -> None:
    data = bytearray(valid)
    for where, byte, how in edits:
        position = int(where * len(data))
        if how == 0:
            data[position] = byte
        elif how == 1:
            del data[position]
        else:
            data.insert(position, byte)
    _load_or_reject(bytes(data), chunk_size)


@SETTINGS
@given(st.sampled_from(VALID), st.data())
def test_segments_shuffled_or_repeated(valid: bytes, data: st.DataObject) -> None:
    segments = valid.split(b"~")
    picked = data.draw(st.lists(st.sampled_from(segments), max_size=60))
    _load_or_reject(segments[0] + b"~" + b"~".join(picked))


@SETTINGS
@given(st.binary(max_size=300), st.integers(1, 50))
def test_tokenizer_alone(data: bytes, chunk_size: int) -> None:
    try:
        for first, chunk in Segments(io.BytesIO(data), "fuzz.x12", chunk_size):
            assert first >= 1
            assert all(isinstance(segment, str) and segment for segment in chunk)
    except X12Error as error:
        assert error.file == "fuzz.x12"
