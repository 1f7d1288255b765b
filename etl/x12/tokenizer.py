"""Streaming X12 tokenizer: delimiters from the ISA, segments in chunks.

The file is read in fixed-size chunks and each chunk is split with `str.split`,
which is what keeps CPython fast here; a segment cut by a chunk boundary is
carried over to the next chunk. Segments come out as raw strings in lists, with
the 1-based ordinal of the first one, so memory stays flat whatever the size.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from etl.x12.errors import X12Error

CHUNK_SIZE = 1 << 20
ISA_LENGTH = 106
BOM = b"\xef\xbb\xbf"
_WHITESPACE = b" \t\r\n\x0b\x0c"
_FIRST_TOKEN = re.compile(rb"[A-Za-z0-9]{1,3}")


@dataclass(frozen=True)
class Delimiters:
    """The four delimiters an interchange declares in its ISA."""

    element: str
    repetition: str | None  # None when ISA11 is a letter (the 4010 'U' style)
    component: str
    segment: str


def _strip_prefix(head: bytes) -> bytes:
    if head.startswith(BOM):
        head = head[len(BOM) :]
    return head.lstrip(_WHITESPACE)


def looks_like_x12(head: bytes) -> bool:
    """Sniff: do the first non-blank bytes (after an optional BOM) open an ISA?"""
    return _strip_prefix(head).startswith(b"ISA")


def read_delimiters(isa: str, name: str, ordinal: int = 1) -> Delimiters:
    """Read the delimiters from an ISA and check that it has its fixed width.

    The ISA is the only fixed-width segment: the element separator is its 4th
    character, and the component separator and segment terminator sit at
    characters 105 and 106. A short or long ISA moves them, so it is refused.
    """
    element = isa[3] if len(isa) > 3 else ""
    if not element or element.isalnum() or element.isspace():
        raise X12Error(name, ordinal, "ISA", f"ISA04 element separator {element!r} is not usable")
    position = -1
    for _ in range(16):
        position = isa.find(element, position + 1)
        if position < 0:
            raise X12Error(name, ordinal, "ISA", "ISA is incomplete: it has fewer than 16 elements")
    length = position + 3
    if length != ISA_LENGTH or len(isa) < ISA_LENGTH:
        raise X12Error(
            name,
            ordinal,
            "ISA",
            f"ISA is {length} characters through its segment terminator, expected "
            f"{ISA_LENGTH}; the delimiters read from it would be wrong",
        )
    if not all(ch.isascii() for ch in (element, isa[104], isa[105])):
        raise X12Error(name, ordinal, "ISA", "the ISA delimiters must be ASCII characters")
    repetition = isa[82]
    component = isa[104]
    terminator = isa[105]
    if component.isalnum() or component == element:
        raise X12Error(
            name, ordinal, "ISA", f"ISA16 component separator {component!r} is not usable"
        )
    if terminator.isalnum() or terminator in (element, component) or terminator == " ":
        raise X12Error(name, ordinal, "ISA", f"segment terminator {terminator!r} is not usable")
    if repetition.isalnum() or repetition in (element, component, terminator, " "):
        repetition_or_none: str | None = None
    else:
        repetition_or_none = repetition
    return Delimiters(element, repetition_or_none, component, terminator)


class Segments:
    """Raw segments of one X12 byte stream, in chunks, with their ordinals.

    Iterating yields `(ordinal_of_first, [segment, ...])`; empty segments (two
    terminators in a row, blank lines) are dropped and not counted.
    """

    def __init__(self, stream: BinaryIO, name: str, chunk_size: int = CHUNK_SIZE) -> None:
        self.name = name
        self._stream = stream
        self._chunk_size = max(int(chunk_size), 1)
        self._head = self._read_head()
        self.delimiters = read_delimiters(self._head[:200].decode("latin-1"), name)

    def _read(self) -> bytes:
        try:
            data = self._stream.read(self._chunk_size)
        except OSError as error:
            raise X12Error(self.name, None, None, f"cannot read the file: {error}") from None
        return data or b""

    def _read_head(self) -> bytes:
        head = b""
        while True:
            data = self._read()
            head += data
            stripped = _strip_prefix(head)
            # Enough bytes to see the whole ISA (and a little more), or end of file.
            if len(stripped) >= 200 or not data:
                break
        if not stripped:
            raise X12Error(self.name, None, None, "the file is empty")
        if not stripped.startswith(b"ISA"):
            token = _FIRST_TOKEN.match(stripped)
            first = token.group(0).decode("ascii") if token else None
            raise X12Error(
                self.name,
                1,
                first,
                "the file does not begin with an ISA interchange header",
            )
        return stripped

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        terminator = self.delimiters.segment
        noise = [ch for ch in "\r\n" if ch != terminator]
        decoder = codecs.getincrementaldecoder("utf-8")()
        latin = False
        ordinal = 1
        tail = ""
        data = self._head
        while True:
            final = not data
            if latin:
                text = data.decode("latin-1")
            else:
                pending = decoder.getstate()[0]
                try:
                    text = decoder.decode(data, final)
                except UnicodeDecodeError:
                    # Not UTF-8: the rest of the file is read as Latin-1, which
                    # maps every byte and keeps ASCII delimiters where they are.
                    latin = True
                    text = (pending + data).decode("latin-1")
            if tail:
                text = tail + text
            for ch in noise:
                if ch in text:
                    text = text.replace(ch, "")
            parts = text.split(terminator)
            tail = parts.pop()
            if final and tail.strip():
                parts.append(tail)
                tail = ""
            if "" in parts:
                parts = [part for part in parts if part]
            if parts:
                yield ordinal, parts
                ordinal += len(parts)
            if final:
                return
            data = self._read()


# One to three letters or digits, then punctuation that is not part of a value.
_STRAY_SEPARATOR = re.compile(r"[A-Za-z0-9]{1,3}([^A-Za-z0-9\s.\-])")


def components(value: str, component: str) -> list[str]:
    """Split a composite element, tolerating a component separator other than ISA16.

    Published sample files (and some senders) declare `:` in ISA16 but write
    `>` inside composites (`SV1*HC>99213>25`). A composite whose declared
    separator is absent but which opens with a short code followed by
    punctuation is split on that punctuation instead of being read as one
    meaningless code.
    """
    if component in value:
        return value.split(component)
    if value.isalnum():
        return [value]
    stray = _STRAY_SEPARATOR.match(value)
    if stray is not None:
        return value.split(stray.group(1))
    return [value]
