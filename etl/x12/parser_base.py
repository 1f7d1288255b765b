"""What every transaction-set parser shares: its place in the file, and how it is fed.

A parser reads one transaction set (ST..SE) into the `Output` buffers and
nothing else: no database, no files. Its segment loop is the generator
`_run`, so that loop state stays in local variables across chunks; the
envelope reader calls `feed((segments, first_ordinal, start))` and gets back
the index where the set stopped (its SE, or any envelope segment), or the
chunk's length when it needs more.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Generator

from rcm.etl.x12.batches import Output
from rcm.etl.x12.errors import X12Error
from rcm.etl.x12.tokenizer import Delimiters

ENVELOPE = frozenset({"SE", "ST", "GE", "GS", "IEA", "ISA"})
# What a malformed segment raises while it is read (a missing element, a bad number).
UNREADABLE = (IndexError, ValueError, TypeError, KeyError, AttributeError)

Chunk = tuple[list[str], int, int]


class TransactionSetParser(ABC):
    """One transaction set of a file: its ordinal, delimiters, output and segment loop.

    Priming runs `_run` up to its first `yield`, so a subclass sets any state
    of its own before it calls this constructor.
    """

    def __init__(
        self, out: Output, transaction_index: int, delimiters: Delimiters, file: str
    ) -> None:
        self.out = out
        self.tx = str(transaction_index)
        self.separator = delimiters.element
        self.component = delimiters.component
        self.file = file
        run = self._run()
        next(run)
        self.feed = run.send

    @abstractmethod
    def _run(self) -> Generator[int | None, Chunk, None]:
        """The segment loop: yields None once primed, then where each chunk stopped."""

    def _unreadable(self, segment: str, ordinal: int, error: Exception) -> X12Error:
        """A segment whose elements cannot be read as the guide says, named by its id."""
        sid = segment.split(self.separator, 1)[0][:3]
        return X12Error(self.file, ordinal, sid, f"cannot read the segment ({error})")

    def _write_unused(self, unused: dict[str, int]) -> None:
        """Counts of the guide's segments that no branch reads, one row per segment id."""
        sep = self.separator
        tx = self.tx
        self.out.rows("unused_segments").extend(
            [sep.join((tx, sid, str(count))) for sid, count in unused.items()]
        )
