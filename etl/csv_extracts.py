"""CSV extracts from practice-management systems: detected by header, validated, typed.

Each extract is known by its exact header row (see docs/csv-extracts.md).
Rows stream in batches; every value is read as text and converted column by
column in Arrow. A value that does not convert (a bad date, bad money, a
missing key) rejects the whole file with its row number and column named.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

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


def detect(head: bytes) -> Extract | None:
    """The extract whose header row opens this file, if any."""
    text = head.decode("utf-8-sig", errors="replace")
    first = text.splitlines()[0] if text else ""
    names = tuple(part.strip().strip('"').lower() for part in first.split(","))
    for extract in EXTRACTS:
        if names == extract.header:
            return extract
    return None


def read(path: Path, extract: Extract) -> Iterator[pa.RecordBatch]:
    """Typed batches of the extract (row_number = line in the file, header is line 1)."""
    options = pacsv.ConvertOptions(
        column_types={c.name: pa.string() for c in extract.columns},
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
    )
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=BATCH_BYTES),
            convert_options=options,
        )
    except (pa.ArrowInvalid, OSError) as exc:
        raise CsvExtractError(f"{path.name}: cannot read as CSV: {exc}") from None
    first_row = 2
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            return
        except pa.ArrowInvalid as exc:
            raise CsvExtractError(f"{path.name}: near row {first_row}: {exc}") from None
        yield _typed(path, extract, batch, first_row)
        first_row += batch.num_rows


def _typed(path: Path, extract: Extract, batch: pa.RecordBatch, first_row: int) -> pa.RecordBatch:
    arrays = [pa.array(range(first_row, first_row + batch.num_rows), pa.int64())]
    for column in extract.columns:
        values = pc.utf8_trim_whitespace(batch.column(column.name))
        values = pc.if_else(pc.equal(values, ""), pa.scalar(None, TEXT), values)
        if column.required:
            _check(path, column, values, pc.is_valid(values), first_row, "is missing")
        arrays.append(_convert(path, column, values, first_row))
    return pa.RecordBatch.from_arrays(arrays, schema=extract.schema)


def _convert(path: Path, column: Column, values: pa.Array, first_row: int) -> pa.Array:
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
    _check(path, column, values, good, first_row, what)
    try:
        if column.kind == DATE:
            return pc.cast(pc.strptime(values, format="%Y-%m-%d", unit="s"), DATE)
        return pc.cast(values, column.kind)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        # Well-formed text that still does not convert (e.g. 2026-02-30): find it.
        for offset, value in enumerate(values.to_pylist()):
            try:
                pc.cast(
                    pc.strptime(pa.array([value]), format="%Y-%m-%d", unit="s")
                    if column.kind == DATE
                    else pa.array([value]),
                    column.kind,
                )
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                raise CsvExtractError(
                    f"{path.name}: row {first_row + offset}, column {column.name}: {value!r} {what}"
                ) from None
        raise


def _check(
    path: Path, column: Column, values: pa.Array, good: pa.Array, first_row: int, what: str
) -> None:
    """Raise on the first row where `good` is false, naming its row and column."""
    if pc.all(good).as_py():
        return
    offset = pc.index(good, False).as_py()
    value = values[offset].as_py()
    shown = "" if value is None else f"{value!r} "
    raise CsvExtractError(
        f"{path.name}: row {first_row + offset}, column {column.name}: {shown}{what}"
    )
