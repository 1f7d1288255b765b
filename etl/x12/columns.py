"""Row buffers that turn element text into typed Arrow batches in bulk.

The parsers keep each row as one string: its values joined with the file's
element separator, which no element value can contain. A batch is then one
call to Arrow's C++ delimited-text reader, which splits, types and checks the
values many times faster than building arrays from Python objects would, and
per-value Decimal or datetime work in the segment loop would cost more than
the whole parse. Empty text is a null. When a column does not convert, the
batch is read again as plain text to find the offending row and, from its
hidden columns, the segment and element it came from, so the error still
names them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from rcm.etl.x12.errors import X12Error
from rcm.etl.x12.schemas import TABLES


@dataclass(frozen=True)
class Source:
    """Where a typed column's text comes from, for error messages.

    `ordinal` names the row slot holding the segment ordinal (a schema column
    such as `claim_segment`, or a hidden slot); `element` is the element the
    text was read from, e.g. `CLM02`, or with `element_slot` the name of a
    hidden slot holding it; `segment_slot` does the same for `segment_id`.
    """

    segment_id: str
    element: str
    ordinal: str
    element_slot: bool = False
    segment_slot: bool = False


class Layout:
    """Column positions of one table's rows: schema columns, then hidden slots."""

    def __init__(
        self, table: str, hidden: Sequence[str] = (), sources: dict[str, Source] | None = None
    ) -> None:
        self.table = table
        self.schema: pa.Schema = TABLES[table]
        self.names: list[str] = list(self.schema.names) + list(hidden)
        self.width = len(self.names)
        self.visible = len(self.schema)
        self.index = {name: i for i, name in enumerate(self.names)}
        self.sources = dict(sources or {})
        for column, source in self.sources.items():
            if column not in self.index or source.ordinal not in self.index:
                raise KeyError(f"{table}: bad source for {column}")
        # Dates are read as text and parsed here (see _dates); the rest Arrow types itself.
        self.read_types = {
            field.name: pa.string() if pa.types.is_date32(field.type) else field.type
            for field in self.schema
        }
        self.dates = [field.name for field in self.schema if pa.types.is_date32(field.type)]

    def __getitem__(self, name: str) -> int:
        return self.index[name]


_EIGHT_DIGITS = re.compile(r"[0-9]{8}\Z")


def _date_or_none(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _dates(text: pa.Array) -> tuple[pa.Array, str | None, int]:
    """Parse CCYYMMDD text: (dates, the first bad value's problem, its row).

    Text that is not 8 digits is bad input, and so are eight digits that are
    no calendar date (a published 835 sample has BPR16 `20002316`; `00000101`
    has no year): an impossible date is never rolled over or loaded as a
    null, so the file is rejected naming the element. A file holds few
    distinct dates, so each distinct text is parsed once, in Python, and
    spread back with `take`.
    """
    encoded = pc.dictionary_encode(text)
    distinct = encoded.dictionary.to_pylist()
    parsed: list[date | None] = []
    problems: list[str | None] = []
    for value in distinct:
        if not _EIGHT_DIGITS.match(value):
            parsed.append(None)
            problems.append("is not a CCYYMMDD date")
        else:
            day = _date_or_none(value)
            parsed.append(day)
            problems.append(None if day is not None else "is not a calendar date")
    dates = pa.array(parsed, type=pa.date32()).take(encoded.indices)
    if not any(problems):
        return dates, None, -1
    bad = pa.array([p is not None for p in problems], type=pa.bool_()).take(encoded.indices)
    row = pc.index(pc.fill_null(bad, False), True).as_py()
    return dates, problems[encoded.indices[row].as_py()], row


class TableBuffer:
    """Rows of one table, each a separator-joined string, waiting to become a batch."""

    def __init__(self, layout: Layout, file: str, separator: str = "*") -> None:
        self.layout = layout
        self.file = file
        self.separator = separator
        self.rows: list[str] = []

    def __len__(self) -> int:
        return len(self.rows)

    def take(self, limit: int | None = None) -> pa.RecordBatch:
        """Convert (up to `limit`) buffered rows to a batch and drop them.

        The list is emptied in place: parsers hold on to it (and its `append`).
        """
        buffered = self.rows
        rows = buffered[:limit]
        del buffered[:limit]
        return self.convert(rows)

    def _read(self, data: bytes, types: dict[str, pa.DataType], columns: list[str]) -> pa.Table:
        return pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(
                column_names=self.layout.names,
                use_threads=False,
                block_size=max(len(data) + 1, 1 << 20),
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=self.separator,
                quote_char=False,
                double_quote=False,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=types,
                include_columns=columns,
                strings_can_be_null=True,
                null_values=[""],
            ),
        )

    def convert(self, rows: Sequence[str]) -> pa.RecordBatch:
        layout = self.layout
        if not rows:
            return pa.RecordBatch.from_pylist([], schema=layout.schema)
        data = "\n".join(rows).encode("utf-8")
        try:
            table = self._read(data, layout.read_types, layout.schema.names)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            self._locate(data, rows)
            raise
        if table.num_rows != len(rows):
            raise X12Error(
                self.file, None, None, f"{layout.table}: {len(rows)} rows read as {table.num_rows}"
            )
        arrays = []
        for name, column in zip(table.column_names, table.columns, strict=True):
            array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
            if name in layout.dates:
                array, problem, row = _dates(array)
                if problem is not None:
                    self._raise_at(data, name, row, problem)
            arrays.append(array)
        return pa.RecordBatch.from_arrays(arrays, schema=layout.schema)

    def _text_table(self, data: bytes) -> pa.Table:
        layout = self.layout
        return self._read(data, dict.fromkeys(layout.names, pa.string()), layout.names)

    def _locate(self, data: bytes, rows: Sequence[str]) -> None:
        """A typed column failed to convert: find its first bad value and raise on it."""
        text = self._text_table(data)
        for field in self.layout.schema:
            if pa.types.is_string(field.type) or pa.types.is_date32(field.type):
                continue
            values = text.column(field.name).to_pylist()
            for row, value in enumerate(values):
                if value is None:
                    continue
                try:
                    pa.array([value], type=pa.string()).cast(field.type)
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                    what = (
                        "is not a valid amount"
                        if pa.types.is_decimal(field.type)
                        else ("is not a number in range")
                    )
                    self._raise_row(text, field.name, row, value, what)
        raise X12Error(self.file, None, None, f"{self.layout.table}: rows could not be read")

    def _raise_at(self, data: bytes, name: str, row: int, what: str) -> None:
        text = self._text_table(data)
        self._raise_row(text, name, row, text.column(name)[row].as_py(), what)

    def _raise_row(self, text: pa.Table, name: str, row: int, value: object, what: str) -> None:
        source = self.layout.sources.get(name)
        if source is None:
            raise X12Error(self.file, None, None, f"{self.layout.table}.{name} {value!r} {what}")

        def cell(slot: str) -> str | None:
            return text.column(slot)[row].as_py()

        ordinal_text = cell(source.ordinal)
        ordinal = int(ordinal_text) if ordinal_text and ordinal_text.isdigit() else None
        element = cell(source.element) if source.element_slot else source.element
        segment_id = cell(source.segment_id) if source.segment_slot else source.segment_id
        raise X12Error(self.file, ordinal, segment_id, f"{element} {value!r} {what}")
