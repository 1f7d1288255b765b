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
from typing import Protocol

from rcm.etl.x12.errors import X12Error

CHUNK_SIZE = 1 << 20
ISA_LENGTH = 106
# A segment longer than this is no segment: its terminator is missing or not the ISA's.
MAX_SEGMENT = 1 << 20
# How far into a file that does not open with an ISA to look for one.
HEAD_SEARCH = 1 << 16
BOM = b"\xef\xbb\xbf"
_WHITESPACE = b" \t\r\n\x0b\x0c"
# What may sit between a terminator and the next segment id. Not str.isspace():
# that counts 0x1C-0x1F, which are delimiters (the ASCII separator characters).
_BLANKS = " \t"
_SPACES = " \t\r\n\x0b\x0c"
_FIRST_TOKEN = re.compile(rb"[A-Za-z0-9]{1,3}")
# An ISA header further into the file: ISA, its element separator, then ISA01-04
# with their fixed widths (2, 10, 2, 10).
_ISA = re.compile(rb"(?<![A-Za-z0-9])ISA([^A-Za-z0-9 \t\r\n])[0-9]{2}\1.{10}\1[0-9]{2}\1.{10}\1")
_SEGMENT_ID = re.compile(r"[A-Z][A-Z0-9]{1,2}")


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
    """Sniff: is this X12, even one the engine will refuse (text before the ISA, UTF-16)?

    True when the first non-blank bytes (after an optional BOM) open an ISA, or
    an ISA header follows some text, or the head is UTF-16 holding an ISA; the
    engine then refuses the latter two with a message that says what they are.
    """
    if _strip_prefix(head).startswith(b"ISA"):
        return True
    return _ISA.search(head) is not None or _is_utf16(head)


def read_delimiters(isa: str, name: str, ordinal: int = 1) -> Delimiters:
    """Read the delimiters from an ISA and check that it has its fixed width.

    The ISA is the only fixed-width segment: the element separator is its 4th
    character, and the component separator and segment terminator sit at
    characters 105 and 106. A short or long ISA moves them, so it is refused.
    """
    element = isa[3] if len(isa) > 3 else ""
    if not element or element.isalnum() or element in _SPACES:
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
    if terminator.isalnum() or terminator in (element, component) or terminator in " \t":
        raise X12Error(name, ordinal, "ISA", f"segment terminator {terminator!r} is not usable")
    if repetition.isalnum() or repetition in (element, component, terminator, " "):
        repetition_or_none: str | None = None
    else:
        repetition_or_none = repetition
    return Delimiters(element, repetition_or_none, component, terminator)


class ByteStream(Protocol):
    """What the readers take of a binary stream: a file, a BytesIO, or a stream that
    hashes what passes through it on the way (the loader's)."""

    def read(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


class Segments:
    """Raw segments of one X12 byte stream, in chunks, with their ordinals.

    Iterating yields `(ordinal_of_first, [segment, ...])`; empty segments (two
    terminators in a row, blank lines) are dropped and not counted. Spaces and
    tabs between a terminator and the next segment id (indented files) are not
    part of the segment; line breaks are dropped wherever they are, unless one
    is the terminator. Every segment must open with a well-formed segment id
    and hold no NUL byte; a segment longer than MAX_SEGMENT is refused.
    """

    def __init__(self, stream: ByteStream, name: str, chunk_size: int = CHUNK_SIZE) -> None:
        self.name = name
        self._stream = stream
        # Never more than MAX_SEGMENT, so only a chunk's first segment can exceed it.
        self._chunk_size = min(max(int(chunk_size), 1), MAX_SEGMENT)
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
        if _is_utf16(head):
            raise X12Error(
                self.name, None, None, "UTF-16 text; X12 is ASCII (save the file as ASCII or UTF-8)"
            )
        if not stripped.startswith(b"ISA"):
            found = _ISA.search(head)
            while found is None and data and len(head) < HEAD_SEARCH:
                data = self._read()
                head += data
                found = _ISA.search(head)
            if found is not None:
                raise X12Error(
                    self.name,
                    1,
                    "ISA",
                    f"{found.start():,} bytes before the ISA; an interchange must begin "
                    "with its ISA header",
                )
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
        d = self.delimiters
        terminator = d.segment
        noise = [ch for ch in "\r\n" if ch != terminator]
        strict, first = _id_patterns(d.element, terminator)
        decoder = codecs.getincrementaldecoder("utf-8")()
        latin = False
        ordinal = 1
        last_id = "ISA"
        pending: list[str] = []
        pending_length = 0
        tail = ""
        data = self._head
        while True:
            final = not data
            if latin:
                text = data.decode("latin-1")
            else:
                state = decoder.getstate()[0]
                try:
                    text = decoder.decode(data, final)
                except UnicodeDecodeError:
                    # Not UTF-8: the rest of the file is read as Latin-1, which
                    # maps every byte and keeps ASCII delimiters where they are.
                    latin = True
                    text = (state + data).decode("latin-1")
            if not final and terminator not in text:
                # No segment ends here: hold the text without re-scanning it, so a
                # file without terminators costs time in proportion to its size.
                pending.append(text)
                pending_length += len(text)
                if len(tail) + pending_length > MAX_SEGMENT:
                    self._too_long(ordinal - 1, last_id, terminator)
                data = self._read()
                continue
            if pending:
                text = "".join(pending) + text
                pending.clear()
                pending_length = 0
            if tail:
                text = tail + text
            for ch in noise:
                if ch in text:
                    text = text.replace(ch, "")
            parts = text.split(terminator)
            tail = parts.pop()
            if parts and len(parts[0]) > MAX_SEGMENT:
                self._too_long(ordinal - 1, last_id, terminator)
            # Where the check for malformed ids may look: up to the last terminator
            # (the tail is checked as the next chunk's first segment).
            checked = max(len(text) - len(tail) - 1, 0)
            if final and tail.strip(_BLANKS):
                parts.append(tail)
                tail = ""
                checked = len(text)
            if (
                strict.search(text, 0, checked) is not None
                or (parts and first.match(parts[0]) is None)
                or text.find("\x00", 0, checked) >= 0
            ):
                # Blanks after terminators, empty segments or a malformed id: the
                # per-segment path, which only indented or broken files take.
                parts = [part.lstrip(_BLANKS) for part in parts]
                if "" in parts:
                    parts = [part for part in parts if part]
                joined = terminator.join(parts)
                if (
                    strict.search(joined) is not None
                    or (parts and first.match(parts[0]) is None)
                    or "\x00" in joined
                ):
                    good, error = self._locate(parts, ordinal, d.element, terminator)
                else:
                    error = None
                if error is not None:
                    # Segments before the bad one go on first, so that an earlier
                    # problem (a wrong count, a 4010 version) is the one reported.
                    if good:
                        yield ordinal, good
                    raise error
            if parts:
                yield ordinal, parts
                ordinal += len(parts)
                last_id = parts[-1].split(d.element, 1)[0]
            if len(tail) > MAX_SEGMENT:
                self._too_long(ordinal - 1, last_id, terminator)
            if final:
                return
            data = self._read()

    def _too_long(self, ordinal: int, segment_id: str, terminator: str) -> None:
        raise X12Error(
            self.name,
            ordinal,
            segment_id,
            f"no segment terminator {terminator!r} in the {MAX_SEGMENT:,} characters after "
            f"segment {ordinal}; the file's segments do not end with the terminator its "
            "ISA declares",
        )

    def _locate(
        self, parts: list[str], ordinal: int, element: str, terminator: str
    ) -> tuple[list[str], X12Error | None]:
        """The segments before the first one with a malformed id or a NUL byte, and its error."""
        for k, part in enumerate(parts):
            segment_id = part.split(element, 1)[0]
            if "\x00" in part:
                shown = segment_id.replace("\x00", "")[:3] or None
                error = X12Error(self.name, ordinal + k, shown, "the segment holds a NUL byte")
                return parts[:k], error
            if _SEGMENT_ID.fullmatch(segment_id) is None:
                shown = segment_id if len(segment_id) <= 20 else segment_id[:20] + "..."
                rule = (
                    f"(2 or 3 capital letters or digits, the first a letter, then {element!r} "
                    f"or {terminator!r})"
                )
                if shown:
                    reason = f"{shown!r} is not a segment id {rule}"
                else:
                    reason = f"the segment {part[:20]!r} has no segment id {rule}"
                return parts[:k], X12Error(self.name, ordinal + k, shown or None, reason)
        return parts, None


def _is_utf16(head: bytes) -> bool:
    """UTF-16 text holding an ISA: 'ISA' with a NUL beside each letter, BOM or not."""
    return b"I\x00S\x00A\x00" in head[:600] or b"\x00I\x00S\x00A" in head[:600]


def _id_patterns(element: str, terminator: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A terminator not right before a segment id, and a segment that opens with one.

    Searched over whole chunks at C speed, the first finds every chunk that needs
    a closer look (a malformed id, blanks before an id, an empty segment) and
    leaves the common one alone, so the per-segment loop stays free of checks.
    """
    e, t = re.escape(element), re.escape(terminator)
    return (
        re.compile(f"{t}(?![A-Z][A-Z0-9](?:{e}|[A-Z0-9][{e}{t}]))"),
        re.compile(f"[A-Z][A-Z0-9](?:{e}|[A-Z0-9](?:{e}|\\Z)|\\Z)"),
    )


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
