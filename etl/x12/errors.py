"""The one exception the X12 engine raises for input it cannot load."""

from __future__ import annotations


class X12Error(ValueError):
    """Bad X12 input, located by file name and segment ordinal.

    The loader rejects the whole file on this error and shows `str(e)` to the
    user, so the message must stand on its own: file, segment, what was wrong.
    """

    def __init__(
        self,
        file: str,
        segment: int | None,
        segment_id: str | None,
        reason: str,
    ) -> None:
        self.file = file
        self.segment = segment
        self.segment_id = segment_id
        self.reason = reason
        super().__init__(self._message())

    def _message(self) -> str:
        if self.segment is None:
            return f"{self.file}: {self.reason}"
        label = f" ({self.segment_id})" if self.segment_id else ""
        return f"{self.file}: segment {self.segment}{label}: {self.reason}"

    def __str__(self) -> str:
        return self._message()

    def __reduce__(self) -> tuple[type[X12Error], tuple[str, int | None, str | None, str]]:
        # Keeps the error intact when a loader runs parsers in worker processes.
        return (type(self), (self.file, self.segment, self.segment_id, self.reason))
