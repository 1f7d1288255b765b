"""CSV extracts: what is tolerated (header spelling, quoted line breaks) and what rejects
the file, with its row and column named (bad text encoding, impossible dates, bad money).

Every case is read both ways the loader reads a file: whole, in a group of small
files (`read_group`), and streamed (`read_file`); both must agree.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest

from rcm.etl import csv_extracts
from rcm.etl.reading import read_file, read_group

HEADER = "adjustment_id,billing_npi,claim_id,adjustment_date,amount,reason_code,reason"
ROW_1 = "A1,1234567893,C11,2026-05-01,60.00,TFWO,Timely filing write-off"
ROW_2 = "A2,1234567893,C06,2024-02-29,10.50,SBWO,Small balance"


def read_both(path: Path) -> tuple[list[dict], str | None]:
    """Rows of the file (streamed), or the rejection; the grouped read must say the same."""
    batches: list[pa.RecordBatch] = []
    meta, error, _ = read_file(path, lambda table, batch: batches.append(batch))
    grouped = read_group([str(path)])
    assert grouped.errors == [error]
    if error is not None:
        assert meta is None
        return [], error
    rows = [row for batch in batches for row in batch.to_pylist()]
    assert sum(grouped.metas[0].row_counts.values()) == len(rows)  # type: ignore[union-attr]
    return rows, None


def write(tmp_path: Path, data: bytes, name: str = "adjustments.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "header",
    [
        HEADER.replace(",", ", "),  # spaces after the commas
        HEADER.upper(),
        "\ufeff" + HEADER,  # a UTF-8 byte-order mark, as spreadsheets write
        ",".join(f'"{name}"' for name in HEADER.split(",")),
        " " + HEADER.replace(",", " , ").title() + " ",
    ],
)
def test_header_spelling_is_normalised(tmp_path: Path, header: str) -> None:
    path = write(tmp_path, f"{header}\r\n{ROW_1}\r\n{ROW_2}\r\n".encode())
    rows, error = read_both(path)
    assert error is None
    assert [(r["row_number"], r["adjustment_id"], r["amount"]) for r in rows] == [
        (2, "A1", Decimal("60.00")),
        (3, "A2", Decimal("10.50")),
    ]
    assert rows[1]["adjustment_date"] == dt.date(2024, 2, 29)


def test_header_with_a_missing_column_is_rejected_naming_it(tmp_path: Path) -> None:
    header = HEADER.replace(",reason_code", "")
    path = write(tmp_path, f"{header}\nA1,1234567893,C11,2026-05-01,60.00,Timely\n".encode())
    _, error = read_both(path)
    assert error is not None
    assert error.startswith("adjustments.csv: the header looks like the adjustments extract")
    assert "missing reason_code" in error


def test_latin1_is_rejected_naming_the_encoding_and_the_first_bad_row(tmp_path: Path) -> None:
    data = (
        f"{HEADER}\n{ROW_1}\n".encode()
        + "A2,1234567893,C06,2026-05-02,1.00,SBWO,Caf\xe9 r\xe9duction\n".encode("latin-1")
    )
    _, error = read_both(write(tmp_path, data))
    assert error == (
        "adjustments.csv: row 3, column reason: b'Caf\\xe9 r\\xe9duction' is not UTF-8 text "
        "(it looks like Latin-1 / Windows-1252); save the file as UTF-8 and load it again"
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_rejected_naming_the_encoding(tmp_path: Path, encoding: str) -> None:
    data = f"{HEADER}\n{ROW_1}\n".encode(encoding)
    _, error = read_both(write(tmp_path, data))
    assert error is not None
    assert error.startswith("adjustments.csv: row 1: the file is encoded as UTF-16, not UTF-8")


def test_nul_bytes_are_not_taken_for_utf16(tmp_path: Path) -> None:
    _, error = read_both(write(tmp_path, b"junk" + bytes(5000)))
    assert error is not None and "NUL bytes" in error and "UTF-16" not in error


def test_row_numbers_count_rows_not_lines_after_quoted_line_breaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small batches, so batch boundaries fall inside quoted values as well.
    monkeypatch.setattr(csv_extracts, "BATCH_BYTES", 100)
    lines = [HEADER]
    for n in range(2, 12):
        lines.append(f'A{n},1234567893,C{n},2026-05-01,1.00,TFWO,"first line\nsecond line"')
    lines.append('A12,1234567893,C12,2026-02-30,1.00,TFWO,"one\n\ntwo"')
    _, error = read_both(write(tmp_path, ("\n".join(lines) + "\n").encode()))
    assert error == (
        "adjustments.csv: row 12, column adjustment_date: '2026-02-30' is not a calendar date"
    )


def test_quoted_line_breaks_are_kept_in_the_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_extracts, "BATCH_BYTES", 100)
    lines = [HEADER] + [
        f'A{n},1234567893,C{n},2026-05-01,1.00,TFWO,"line {n}\nmore"' for n in range(2, 9)
    ]
    rows, error = read_both(write(tmp_path, ("\n".join(lines) + "\n").encode()))
    assert error is None
    assert [r["row_number"] for r in rows] == list(range(2, 9))
    assert rows[-1]["reason"] == "line 8\nmore"


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("2026-02-30", "is not a calendar date"),  # pyarrow's strptime makes it 2026-03-02
        ("2025-02-29", "is not a calendar date"),  # not a leap year
        ("2026-04-31", "is not a calendar date"),
        ("0000-01-01", "is not a calendar date"),  # there is no year 0
        ("2026-13-01", "is not a calendar date"),
        ("2026-00-10", "is not a calendar date"),
        ("05/01/2026", "is not a date (YYYY-MM-DD)"),
        ("2026-5-1", "is not a date (YYYY-MM-DD)"),
    ],
)
def test_impossible_date_rejects_naming_row_and_column(
    tmp_path: Path, value: str, what: str
) -> None:
    data = f"{HEADER}\n{ROW_1}\nA2,1234567893,C06,{value},10.00,SBWO,x\n{ROW_2}\n"
    _, error = read_both(write(tmp_path, data.encode()))
    assert error == f"adjustments.csv: row 3, column adjustment_date: '{value}' {what}"


def test_impossible_optional_date_rejects_too(tmp_path: Path) -> None:
    header = (
        "patient_mrn,patient_last_name,patient_first_name,birth_date,sex,address,city,state,"
        "zip,payer_id,member_id,group_number,relationship_to_subscriber,subscriber_last_name,"
        "subscriber_first_name,subscriber_birth_date"
    )
    row = "M1,Doe,Jane,1980-01-31,F,1 Main,Town,ME,04101,P1,X1,,self,Doe,Jane,1980-02-31"
    _, error = read_both(write(tmp_path, f"{header}\n{row}\n".encode(), "patients.csv"))
    assert error == (
        "patients.csv: row 2, column subscriber_birth_date: '1980-02-31' is not a calendar date"
    )


@pytest.mark.parametrize("value", ["abc", "12,50", "1e3", "12.345", "$10.00", "--1"])
def test_non_numeric_amount_rejects_naming_row_and_column(tmp_path: Path, value: str) -> None:
    quoted = f'"{value}"' if "," in value else value
    data = f"{HEADER}\n{ROW_1}\nA2,1234567893,C06,2026-05-02,{quoted},SBWO,x\n"
    _, error = read_both(write(tmp_path, data.encode()))
    assert error == (
        f"adjustments.csv: row 3, column amount: '{value}' is not an amount of money (e.g. 125.00)"
    )


def test_missing_required_value_names_row_and_column(tmp_path: Path) -> None:
    data = f"{HEADER}\n{ROW_1}\n{ROW_2}\nA4,1234567893,,2026-05-02,1.00,SBWO,x\n"
    _, error = read_both(write(tmp_path, data.encode()))
    assert error == "adjustments.csv: row 4, column claim_id: is missing"


def test_row_with_the_wrong_number_of_values_is_named(tmp_path: Path) -> None:
    data = f'{HEADER}\n{ROW_1}\nA2,"x\ny",C06\n{ROW_2}\n'
    path = write(tmp_path, data.encode())
    grouped = read_group([str(path)])
    assert grouped.errors == ["adjustments.csv: row 3: 3 values where the header has 7"]
    _, streamed, _ = read_file(path, lambda table, batch: None)
    assert streamed is not None and streamed.startswith("adjustments.csv: near row 2:")


@pytest.mark.parametrize("text", ["NULL", "NA", "N/A", "null", "nan"])
def test_words_that_look_like_null_stay_text(tmp_path: Path, text: str) -> None:
    data = f"{HEADER}\nA1,1234567893,C11,2026-05-01,60.00,TFWO,{text}\n"
    rows, error = read_both(write(tmp_path, data.encode()))
    assert error is None and rows[0]["reason"] == text
