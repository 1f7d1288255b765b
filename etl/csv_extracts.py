"""CSV extracts from practice-management systems: detected by header, validated, typed.

Each extract is known by its header row (see docs/csv-extracts.md): its column
names in order, compared without case, surrounding spaces, quotes or a UTF-8
byte-order mark. Rows stream in batches; every value is read as bytes, checked
to be UTF-8 and converted column by column in Arrow. A value that does not
convert (a bad date, bad money, a missing key, bytes that are not UTF-8)
rejects the whole file with its row number and column named. Rows are
numbered as a spreadsheet numbers them: the header is row 1, and a quoted
value spanning several lines is still one row.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from rcm.etl.x12.tokenizer import ByteStream

MONEY = pa.decimal128(18, 2)
QUANTITY = pa.decimal128(15, 3)
DATE = pa.date32()
TEXT = pa.string()
INTEGER = pa.int32()
BATCH_BYTES = 8 << 20

_MONEY_TEXT = re.compile(r"^-?\d{1,16}(\.\d{1,2})?$")
_QUANTITY_TEXT = re.compile(r"^-?\d{1,12}(\.\d{1,3})?$")
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER_TEXT = re.compile(r"^\d{1,9}$")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class CsvExtractError(ValueError):
    """A CSV extract that cannot be loaded, located by file, row and column."""


@dataclass(frozen=True)
class Column:
    name: str
    kind: pa.DataType = TEXT
    required: bool = False


@dataclass(frozen=True)
class Extract:
    """One known extract: its name (raw table `csv_<name>`), columns and meaning."""

    name: str
    columns: tuple[Column, ...]
    description: str

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field("row_number", pa.int64())] + [pa.field(c.name, c.kind) for c in self.columns]
        )


def _cols(spec: str) -> tuple[Column, ...]:
    """Columns from a compact spec: `name:type!` (type money/qty/date/text, ! = required)."""
    kinds = {"money": MONEY, "qty": QUANTITY, "date": DATE, "int": INTEGER, "text": TEXT}
    columns = []
    for item in spec.split():
        name, _, kind = item.partition(":")
        required = kind.endswith("!") or name.endswith("!")
        columns.append(
            Column(name.rstrip("!"), kinds[kind.rstrip("!") or "text"], required=required)
        )
    return tuple(columns)


EXTRACTS: tuple[Extract, ...] = (
    Extract(
        "providers",
        _cols(
            "provider_npi! provider_last_name provider_first_name specialty taxonomy_code"
            " billing_npi billing_name billing_tax_id billing_system location_id"
            " location_name location_npi location_address location_city location_state"
            " location_zip place_of_service"
        ),
        "Providers: NPI, name, specialty, taxonomy, billing organisation and location.",
    ),
    Extract(
        "payers",
        _cols(
            "payer_id! payer_name! payer_type claim_filing_indicator remit_claim_filing_code"
            " payment_method payer_tax_id address city state zip"
        ),
        "Payers: id as sent on claims and remittances, name, type.",
    ),
    Extract(
        "patients",
        _cols(
            "patient_mrn! patient_last_name patient_first_name birth_date:date sex address"
            " city state zip payer_id member_id group_number relationship_to_subscriber"
            " subscriber_last_name subscriber_first_name subscriber_birth_date:date"
        ),
        "Patients: medical record number, name, birth date, sex, primary payer.",
    ),
    Extract(
        "adjustments",
        _cols(
            "adjustment_id! billing_npi! claim_id! adjustment_date:date! amount:money!"
            " reason_code reason"
        ),
        "Write-offs and other balance adjustments posted outside the 835s.",
    ),
    Extract(
        "claims",
        _cols(
            "pm_claim_id! billing_npi! frequency_code! original_payer_claim_number"
            " submission_date:date! payer_id! claim_filing_indicator patient_mrn member_id"
            " patient_last_name patient_first_name patient_birth_date:date patient_sex"
            " rendering_npi rendering_taxonomy place_of_service location_npi diagnosis_codes"
            " claim_total_charge:money! line_number:int! service_date:date! procedure_code!"
            " modifiers units:qty! line_charge:money! diagnosis_pointers"
        ),
        "Claims from a billing system that does not send X12, one row per service line.",
    ),
)


def header_names(head: bytes) -> tuple[str, ...]:
    """The first line's column names, normalised: no BOM, case, quotes or surrounding spaces."""
    text = head.decode("utf-8-sig", errors="replace")
    first = text.splitlines()[0] if text else ""
    return tuple(part.strip().strip('"').strip().lower() for part in first.split(","))


def detect(head: bytes) -> Extract | None:
    """The extract whose header row opens this file, if any."""
    names = header_names(head)
    for extract in EXTRACTS:
        if names == extract.header:
            return extract
    return None


def check_encoding(head: bytes, name: str) -> None:
    """Refuse UTF-16 text and NUL bytes up front, before any header or row is read."""
    sample = head[:1024]
    if b"\x00" not in sample and not sample.startswith(_UTF16_BOMS):
        return
    even, odd = sample[0::2], sample[1::2]
    if sample.startswith(_UTF16_BOMS) or any(
        half.count(0) > len(half) * 0.9 and other.count(0) < len(other) * 0.1
        for half, other in ((even, odd), (odd, even))
    ):
        raise CsvExtractError(
            f"{name}: row 1: the file is encoded as UTF-16, not UTF-8; "
            "save it as UTF-8 (in a spreadsheet: CSV UTF-8) and load it again"
        )
    raise CsvExtractError(
        f"{name}: row 1: the file holds NUL bytes, so it is not a text file "
        "(neither X12 nor a CSV extract); it may be binary or padded with zeros"
    )


def near_miss(head: bytes) -> str | None:
    """What differs from the extract a header almost matches (most names in common), if any."""
    names = header_names(head)
    best: tuple[int, Extract] | None = None
    for extract in EXTRACTS:
        shared = len(set(names) & set(extract.header))
        if shared * 2 > len(extract.header) and (best is None or shared > best[0]):
            best = (shared, extract)
    if best is None:
        return None
    extract = best[1]
    missing = [n for n in extract.header if n not in names]
    unexpected = [n for n in names if n not in extract.header]
    parts = []
    if missing:
        parts.append(f"missing {', '.join(missing)}")
    if unexpected:
        parts.append(f"unexpected {', '.join(repr(n) for n in unexpected)}")
    if not parts:
        parts.append("columns out of order")
    return (
        f"the header looks like the {extract.name} extract but does not match it "
        f"({'; '.join(parts)}); expected: {','.join(extract.header)}"
    )


def read(source: bytes | ByteStream, extract: Extract, name: str) -> Iterator[pa.RecordBatch]:
    """Typed batches of the extract (row_number: the header is row 1, the first data row 2).

    `source` is the whole file's bytes, or a binary stream positioned at its
    start; with the bytes, a row that does not split into the header's number
    of values is named exactly.
    """
    options = pacsv.ConvertOptions(
        column_types={c.name: pa.binary() for c in extract.columns},
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
    )
    width = len(extract.columns)
    try:
        reader = pacsv.open_csv(
            pa.BufferReader(source) if isinstance(source, bytes) else source,
            read_options=pacsv.ReadOptions(
                block_size=BATCH_BYTES, column_names=list(extract.header), skip_rows=1
            ),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=options,
        )
    except pa.ArrowInvalid as exc:
        # The first block is parsed on opening.
        located = _located(source, name, width)
        raise CsvExtractError(located or f"{name}: near row 2: {exc}") from None
    first_row = 2
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            return
        except pa.ArrowInvalid as exc:
            raise CsvExtractError(
                _located(source, name, width) or f"{name}: near row {first_row}: {exc}"
            ) from None
        yield _typed(name, extract, batch, first_row)
        first_row += batch.num_rows


def _located(source: bytes | ByteStream, name: str, width: int) -> str | None:
    """The first row whose number of values is not the header's, found again with the csv module."""
    if not isinstance(source, bytes):
        return None
    text = io.StringIO(source.decode("utf-8-sig", errors="replace"), newline="")
    rows = csv.reader(text, strict=True)
    row = 0
    try:
        for row, values in enumerate(rows, start=1):
            if len(values) != width:
                return f"{name}: row {row}: {len(values)} values where the header has {width}"
    except csv.Error as exc:
        return f"{name}: row {row + 1}: not valid CSV ({exc})"
    return None


def _typed(name: str, extract: Extract, batch: pa.RecordBatch, first_row: int) -> pa.RecordBatch:
    arrays = [pa.array(range(first_row, first_row + batch.num_rows), pa.int64())]
    columns = [_text(name, extract, batch, first_row, c) for c in extract.columns]
    for column, text in zip(extract.columns, columns, strict=True):
        values = pc.utf8_trim_whitespace(text)
        values = pc.if_else(pc.equal(values, ""), pa.scalar(None, TEXT), values)
        if column.required:
            _check(name, column, values, pc.is_valid(values), first_row, "is missing")
        arrays.append(_convert(name, column, values, first_row))
    return pa.RecordBatch.from_arrays(arrays, schema=extract.schema)


def _text(
    name: str, extract: Extract, batch: pa.RecordBatch, first_row: int, column: Column
) -> pa.Array:
    """The column as text; bytes that are not UTF-8 reject the file at the first such row."""
    raw = batch.column(column.name)
    try:
        return pc.cast(raw, TEXT)
    except pa.ArrowInvalid:
        pass
    # The first undecodable row of the whole batch, whichever column it is in.
    for offset in range(batch.num_rows):
        for other in extract.columns:
            value = batch.column(other.name)[offset].as_py()
            if value is None:
                continue
            try:
                value.decode("utf-8")
            except UnicodeDecodeError:
                raise CsvExtractError(
                    f"{name}: row {first_row + offset}, column {other.name}: {value!r} "
                    f"is not UTF-8 text ({_guess(value)}); "
                    "save the file as UTF-8 and load it again"
                ) from None
    raise AssertionError("a column failed to decode but no value did")


def _guess(value: bytes) -> str:
    try:
        value.decode("cp1252")
    except UnicodeDecodeError:
        return "unknown encoding"
    return "it looks like Latin-1 / Windows-1252"


def _convert(name: str, column: Column, values: pa.Array, first_row: int) -> pa.Array:
    if column.kind == TEXT:
        return values
    if column.kind == DATE:
        pattern, what = _DATE_TEXT, "is not a date (YYYY-MM-DD)"
    elif column.kind == MONEY:
        pattern, what = _MONEY_TEXT, "is not an amount of money (e.g. 125.00)"
    elif column.kind == INTEGER:
        pattern, what = _INTEGER_TEXT, "is not a whole number"
    else:
        pattern, what = _QUANTITY_TEXT, "is not a number"
    good = pc.or_kleene(pc.is_null(values), pc.match_substring_regex(values, pattern.pattern))
    _check(name, column, values, good, first_row, what)
    if column.kind == DATE:
        return _dates(name, column, values, first_row)
    return pc.cast(values, column.kind)


def _dates(name: str, column: Column, values: pa.Array, first_row: int) -> pa.Array:
    """Dates, strictly: a day the month does not have, or the year 0000, rejects the file.

    Arrow's cast refuses 2026-02-30 but takes year 0, and its strptime rolls
    2026-02-30 over to 2026-03-02; neither may reach the warehouse.
    """
    year_zero = pc.fill_null(pc.starts_with(values, "0000"), False)
    try:
        if not pc.any(year_zero).as_py():
            return pc.cast(values, DATE)
    except pa.ArrowInvalid:
        pass
    for offset, value in enumerate(values.to_pylist()):
        if value is None:
            continue
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise CsvExtractError(
                f"{name}: row {first_row + offset}, column {column.name}: {value!r} "
                "is not a calendar date"
            ) from None
    raise AssertionError("a date failed to convert but every value is a calendar date")


def _check(
    name: str, column: Column, values: pa.Array, good: pa.Array, first_row: int, what: str
) -> None:
    """Raise on the first row where `good` is false, naming its row and column."""
    if pc.all(good).as_py():
        return
    offset = pc.index(good, False).as_py()
    value = values[offset].as_py()
    shown = "" if value is None else f"{value!r} "
    raise CsvExtractError(f"{name}: row {first_row + offset}, column {column.name}: {shown}{what}")
