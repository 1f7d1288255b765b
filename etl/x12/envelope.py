"""Interchange, group and transaction-set envelopes: checked, then handed on.

The envelope reader walks the segment chunks, validates ISA/IEA, GS/GE and
ST/SE (control numbers, counts) and gives the body of each transaction set to
the parser of its kind. SE01 is checked for free: segment ordinals are
consecutive, so the count is the SE ordinal minus the ST ordinal plus one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NoReturn, Protocol

from rcm.etl.x12.batches import TRANSACTIONS, Output
from rcm.etl.x12.codes import SUPPORTED_VERSIONS, TRANSACTION_NAMES, x12_release
from rcm.etl.x12.errors import X12Error
from rcm.etl.x12.parse_277 import Parser277
from rcm.etl.x12.parse_835 import Parser835
from rcm.etl.x12.parse_837 import Parser837
from rcm.etl.x12.parse_999 import Parser999
from rcm.etl.x12.parser_base import Chunk
from rcm.etl.x12.tokenizer import Delimiters, Segments

T = TRANSACTIONS.index


class TransactionParser(Protocol):
    """A parser of one transaction set: `feed` is its primed segment loop's `send`.

    Fed a chunk, it answers the index where the set stopped (None only while priming).
    """

    feed: Callable[[Chunk], int | None]


# (output, transaction index, delimiters, file name) -> the parser of one transaction set.
ParserFactory = Callable[[Output, int, Delimiters, str], TransactionParser]

# The parser of each transaction kind (codes.SUPPORTED_VERSIONS maps ST01 and the
# version to the kind). A kind loads only once it has a row here.
PARSERS: dict[str, ParserFactory] = {
    "837P": lambda out, index, d, file: Parser837(out, index, "P", d, file),
    "837I": lambda out, index, d, file: Parser837(out, index, "I", d, file),
    "837D": lambda out, index, d, file: Parser837(out, index, "D", d, file),
    "835": Parser835,
    "999": Parser999,
    "277CA": Parser277,
}


def loaded_kinds() -> str:
    """'837P, 837I and 835': the kinds with a parser, for messages."""
    kinds = list(PARSERS)
    return kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} and {kinds[-1]}"


def _century(yymmdd: str) -> str:
    """ISA09 has a two-digit year; X12 files are all from 1970 onwards."""
    if len(yymmdd) == 6 and yymmdd.isdigit():
        return ("19" if yymmdd[:2] >= "70" else "20") + yymmdd
    return yymmdd


def _count(text: str, file: str, ordinal: int, segment_id: str, element: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise X12Error(file, ordinal, segment_id, f"{element} {text!r} is not a number") from None


def _release_of(label: str) -> str:
    """'version 004010X098A1 is 4010; this product reads 5010' (for a label that names one)."""
    return f"version {label} is {x12_release(label)}; this product reads 5010"


def _interchange_release(isa12: str) -> str:
    """What an ISA12 other than 00501 says, for a message about its interchange."""
    release = x12_release(isa12)
    if release is None:
        return f"ISA12 version {isa12!r} names no X12 release; this product reads 5010"
    return f"the interchange is {release} (ISA12 {isa12}); this product reads 5010"


class Envelopes:
    """State of the envelopes open at the current segment."""

    def __init__(self, segments: Segments, out: Output) -> None:
        self.segments = segments
        self.delimiters: Delimiters = segments.delimiters
        self.out = out
        self.file = out.file
        self.isa: list[str] | None = None
        self.isa_ordinal = 0
        self.groups = 0
        self.gs: list[str] | None = None
        self.transactions = 0
        self.st: list[str] | None = None
        self.st_ordinal = 0
        self.kind = ""
        self.parser: TransactionParser | None = None
        self.transaction_count = 0
        self.last: tuple[int, str] = (0, "")
        # ISA12 of the open interchange when it is not 5010's 00501.
        self.foreign_isa = ""

    def run(self) -> Iterator[None]:
        """Process the file chunk by chunk, pausing after each so batches can be flushed."""
        sep = self.delimiters.element
        chunks = iter(self.segments)
        while True:
            try:
                base, segs = next(chunks)
            except StopIteration:
                break
            except X12Error as error:
                raise self._in_context(error) from None
            i = 0
            n = len(segs)
            while i < n:
                if self.parser is not None:
                    stop = self.parser.feed((segs, base, i))
                    assert stop is not None, "a primed parser answers where it stopped"
                    i = stop
                    if i >= n:
                        break
                els = segs[i].split(sep)
                self._envelope(els, base + i)
                i += 1
            self.last = (base + n - 1, segs[-1].split(sep, 1)[0][:3])
            yield
        self._end()

    def _fail(self, ordinal: int, segment_id: str, reason: str) -> NoReturn:
        raise X12Error(self.file, ordinal, segment_id, reason)

    def _in_context(self, error: X12Error) -> X12Error:
        """A malformed segment right after an ISA of another X12 release says so too."""
        if not self.foreign_isa or self.gs is not None:
            return error
        return X12Error(
            error.file,
            error.segment,
            error.segment_id,
            f"{error.reason}; {_interchange_release(self.foreign_isa)}",
        )

    def _envelope(self, els: list[str], ordinal: int) -> None:
        sid = els[0]
        if self.st is not None:
            if sid == "SE":
                self._se(els, ordinal)
                return
            self._fail(
                ordinal,
                sid,
                f"{sid} inside transaction set {self.st[2]!r}, which has no SE before it",
            )
        if sid == "ST":
            self._st(els, ordinal)
        elif sid == "GS":
            self._gs(els, ordinal)
        elif sid == "GE":
            self._ge(els, ordinal)
        elif sid == "ISA":
            self._isa(els, ordinal)
        elif sid == "IEA":
            self._iea(els, ordinal)
        elif sid == "TA1" and self.isa is not None and self.gs is None:
            return  # an interchange acknowledgement riding along: nothing to load
        else:
            self._fail(ordinal, sid, f"{sid} outside a transaction set")

    def _isa(self, els: list[str], ordinal: int) -> None:
        if self.isa is not None:
            self._fail(ordinal, "ISA", f"ISA before the IEA of interchange {self.isa[13]!r}")
        d = self.delimiters
        text = d.element.join(els)
        if len(els) != 17 or len(text) != 105:
            self._fail(
                ordinal,
                "ISA",
                f"ISA is {len(text) + 1} characters with {len(els) - 1} elements, expected "
                "106 characters and 16 elements",
            )
        if text[104] != d.component or (d.repetition is not None and text[82] != d.repetition):
            self._fail(
                ordinal,
                "ISA",
                "this interchange declares other delimiters than the first one in the file; "
                "files that change delimiters between interchanges are not supported",
            )
        self.isa = els
        self.isa_ordinal = ordinal
        self.groups = 0
        self.foreign_isa = "" if els[12] == "00501" else els[12]

    def _gs(self, els: list[str], ordinal: int) -> None:
        if self.isa is None:
            self._fail(ordinal, "GS", "GS outside an interchange (no ISA before it)")
        if self.gs is not None:
            self._fail(ordinal, "GS", f"GS before the GE of group {self.gs[6]!r}")
        if len(els) > 9:
            self._fail(
                ordinal,
                "GS",
                f"GS has {len(els) - 1} elements where X12 has 8: the segments do not end "
                f"with the terminator {self.delimiters.segment!r} the ISA declares",
            )
        els.extend([""] * (9 - len(els)))
        label = els[8]
        release = x12_release(label)
        if release is not None and release != "5010":
            self._fail(ordinal, "GS", f"GS08 {_release_of(label)}")
        if release is None and self.foreign_isa:
            # An unknown GS08 in a 5010 interchange is named at its ST, after ST01.
            self._fail(
                ordinal,
                "GS",
                f"GS08 version {label!r} is no X12 version label and "
                f"{_interchange_release(self.foreign_isa)}",
            )
        self.gs = els
        self.transactions = 0

    def _iea(self, els: list[str], ordinal: int) -> None:
        if self.isa is None:
            self._fail(ordinal, "IEA", "IEA without an ISA before it")
        if self.gs is not None:
            self._fail(ordinal, "IEA", f"IEA before the GE of group {self.gs[6]!r}")
        els.extend([""] * (3 - len(els)))
        control = self.isa[13]
        if els[2] != control:
            self._fail(ordinal, "IEA", f"IEA02 {els[2]!r} does not match ISA13 {control!r}")
        count = _count(els[1], self.file, ordinal, "IEA", "IEA01")
        if count != self.groups:
            self._fail(ordinal, "IEA", f"IEA01 says {count} groups, counted {self.groups}")
        self.isa = None

    def _ge(self, els: list[str], ordinal: int) -> None:
        if self.gs is None:
            self._fail(ordinal, "GE", "GE without a GS before it")
        els.extend([""] * (3 - len(els)))
        control = self.gs[6]
        if els[2] != control:
            self._fail(ordinal, "GE", f"GE02 {els[2]!r} does not match GS06 {control!r}")
        count = _count(els[1], self.file, ordinal, "GE", "GE01")
        if count != self.transactions:
            self._fail(
                ordinal, "GE", f"GE01 says {count} transaction sets, counted {self.transactions}"
            )
        self.gs = None
        self.groups += 1

    def _st(self, els: list[str], ordinal: int) -> None:
        if self.gs is None:
            self._fail(ordinal, "ST", "ST outside a functional group (no GS before it)")
        els.extend([""] * (4 - len(els)))
        code = els[1]
        group_version = self.gs[8]
        version = els[3] or group_version
        versions = {
            label: kind
            for label, kind in SUPPORTED_VERSIONS.get(code, {}).items()
            if kind in PARSERS
        }
        if not versions:
            name = TRANSACTION_NAMES.get(code)
            what = f"transaction set {code} ({name})" if name else f"transaction set {code!r}"
            self._fail(
                ordinal,
                "ST",
                f"{what} is not supported; this product loads {loaded_kinds()}",
            )
        # ST03, when sent, names the guide of this set in place of GS08 (X12's rule),
        # so a set whose ST03 differs from its group's GS08 is read by its ST03.
        kind = versions.get(version)
        if kind is None:
            release = x12_release(version)
            field = "ST03" if els[3] else "GS08"
            if release is None:
                self._fail(
                    ordinal,
                    "ST",
                    f"{field} version {version!r} is no X12 version label; this product reads "
                    f"5010 ({code}: {', '.join(versions)})",
                )
            if release != "5010":
                self._fail(ordinal, "ST", f"{field} {_release_of(version)}")
            self._fail(
                ordinal,
                "ST",
                f"{code} implementation version {version!r} is not supported "
                f"(expected one of {', '.join(versions)})",
            )
        self.transaction_count += 1
        self.st = els
        self.st_ordinal = ordinal
        self.kind = kind
        self.parser = PARSERS[kind](self.out, self.transaction_count, self.delimiters, self.file)

    def _se(self, els: list[str], ordinal: int) -> None:
        st = self.st
        assert st is not None
        els.extend([""] * (3 - len(els)))
        counted = ordinal - self.st_ordinal + 1
        said = _count(els[1], self.file, ordinal, "SE", "SE01")
        if said != counted:
            self._fail(ordinal, "SE", f"SE01 says {said} segments, counted {counted}")
        if els[2] != st[2]:
            self._fail(ordinal, "SE", f"SE02 {els[2]!r} does not match ST02 {st[2]!r}")
        isa, gs = self.isa, self.gs
        assert isa is not None and gs is not None
        row = [""] * TRANSACTIONS.width
        row[T["transaction_index"]] = str(self.transaction_count)
        row[T["interchange_control_number"]] = isa[13]
        row[T["sender_qualifier"]] = isa[5]
        row[T["sender_id"]] = isa[6].strip()
        row[T["receiver_qualifier"]] = isa[7]
        row[T["receiver_id"]] = isa[8].strip()
        row[T["interchange_date"]] = _century(isa[9])
        row[T["usage_indicator"]] = isa[15]
        row[T["functional_id"]] = gs[1]
        row[T["application_sender"]] = gs[2]
        row[T["application_receiver"]] = gs[3]
        row[T["group_control_number"]] = gs[6]
        row[T["transaction_set_id"]] = st[1]
        row[T["transaction_control_number"]] = st[2]
        row[T["implementation_version"]] = st[3] or gs[8]
        row[T["transaction_kind"]] = self.kind
        row[T["segment_count"]] = str(counted)
        row[T["first_segment"]] = str(self.st_ordinal)
        row[T["_isa_segment"]] = str(self.isa_ordinal)
        self.out.rows("transactions").append(self.delimiters.element.join(row))
        self.st = None
        # The parser and its generator refer to each other; cut the cycle so the
        # pair is freed now rather than by the (paused) cyclic collector.
        if self.parser is not None:
            # None is no feed; the parser is dropped on the next line and never fed again.
            self.parser.feed = None  # type: ignore[assignment]
        self.parser = None
        self.transactions += 1

    def _end(self) -> None:
        ordinal, sid = self.last
        if self.st is not None:
            self._fail(ordinal, sid, f"the file ends inside transaction set {self.st[2]!r}: no SE")
        if self.gs is not None:
            self._fail(ordinal, sid, f"the file ends inside group {self.gs[6]!r}: no GE")
        if self.isa is not None:
            self._fail(ordinal, sid, f"the file ends inside interchange {self.isa[13]!r}: no IEA")
