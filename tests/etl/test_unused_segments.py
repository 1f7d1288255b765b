"""Segments outside the implementation guide reject the file; the guide's unread ones are counted."""

from __future__ import annotations

import pytest

from rcm.etl.x12 import X12Error, iter_batches


def _unused(parsed) -> list[tuple[int, str, int]]:
    table = parsed.get("unused_segments")
    if table is None:
        return []
    return [(r["transaction_index"], r["segment_id"], r["count"]) for r in table.to_pylist()]


def test_professional_counts_what_it_does_not_read(fixture_text, tables) -> None:
    # 1000A PER (segment 6) and 2300 PWK (segment 23): the only segments no branch reads.
    assert _unused(tables(fixture_text("professional.837"))) == [(1, "PER", 1), (1, "PWK", 1)]


def test_counts_add_up_within_a_transaction_set(fixture_text, tables) -> None:
    text = fixture_text("professional.837")
    extra = "PWK*OZ*BM***AC*DMN0012~\nPWK*77*FX~\nK3*STATE DATA~\n"
    text = text.replace("HI*ABK:J069~\n", "HI*ABK:J069~\n" + extra).replace("SE*48*", "SE*51*")
    assert _unused(tables(text)) == [(1, "PER", 1), (1, "PWK", 3), (1, "K3", 1)]


def test_counts_are_per_transaction_set(fixture_text, tables) -> None:
    # Set 1 is the professional 837 (PER, PWK); set 2 the 835, whose payer N3/N4 are not read.
    parsed = tables(fixture_text("two_interchanges.x12"))
    assert _unused(parsed) == [(1, "PER", 1), (1, "PWK", 1), (2, "N3", 1), (2, "N4", 1)]


def test_remittance_counts(fixture_text, tables) -> None:
    assert _unused(tables(fixture_text("remit.835"))) == [(1, "N3", 1), (1, "N4", 1)]


def test_chunk_boundaries_change_no_count(fixture_text) -> None:
    data = fixture_text("two_interchanges.x12").encode()
    rows = []
    for table, batch in iter_batches(data, chunk_size=64):
        if table == "unused_segments":
            rows.extend(batch.to_pylist())
    assert [(r["transaction_index"], r["segment_id"], r["count"]) for r in rows] == [
        (1, "PER", 1),
        (1, "PWK", 1),
        (2, "N3", 1),
        (2, "N4", 1),
    ]


@pytest.mark.parametrize(
    ("fixture", "old", "new", "message"),
    [
        (
            "professional.837",
            "REF*G1*AUTH55~\n",
            "REF*G1*AUTH55~\nZZZ*NOT*A*REAL*SEGMENT~\n",
            "professional.837: segment 23 (ZZZ): ZZZ is not a segment of 837P 005010X222A1",
        ),
        (  # an institutional line in a professional claim
            "professional.837",
            "SV1*HC:99213*80*UN*1***1~",
            "SV2*0120*HC:99213*80*UN*1~",
            "professional.837: segment 48 (SV2): SV2 is not a segment of 837P 005010X222A1",
        ),
        (
            "professional.837",
            "REF*G1*AUTH55~",
            "CL1*1*7*01~",
            "professional.837: segment 22 (CL1): CL1 is not a segment of 837P 005010X222A1",
        ),
        (  # a dental tooth segment in a professional claim
            "professional.837",
            "REF*6R*LINE001~",
            "TOO*JP*8*M:O~",
            "professional.837: segment 30 (TOO): TOO is not a segment of 837P 005010X222A1",
        ),
        (
            "institutional.837i",
            "SV2*0120*HC:99223*9000*UN*4~",
            "SV1*HC:99223*9000*UN*4***1~",
            "institutional.837i: segment 37 (SV1): SV1 is not a segment of 837I 005010X223A2",
        ),
        (
            "remit.835",
            "MOA***MA01*MA15~",
            "ZZZ*1~",
            "remit.835: segment 22 (ZZZ): ZZZ is not a segment of 835 005010X221A1",
        ),
        (  # a claim segment inside a remittance
            "remit.835",
            "MOA***MA01*MA15~",
            "CLM*PCN001*150.50***11:B:1~",
            "remit.835: segment 22 (CLM): CLM is not a segment of 835 005010X221A1",
        ),
    ],
)
def test_segment_outside_the_guide_rejects_the_file(
    fixture_text, tables, fixture, old, new, message
) -> None:
    text = fixture_text(fixture)
    assert old in text
    with pytest.raises(X12Error) as caught:
        tables(text.replace(old, new, 1), fixture)
    assert str(caught.value) == message
