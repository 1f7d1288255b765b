"""999 implementation acknowledgement: the group, sets and errors a receiver reports.

A 999 answers one functional group of an earlier interchange (AK1: its GS06),
set by set (AK2: the ST02 of each, closed by IK5 with the response), with the
segment (IK3) and element (IK4) errors found and their context (CTX), and
closes with the group's response and counts (AK9). Every segment the guide
allows in the set is read; any other rejects the file naming it. Error codes
carry their text from the guide (`ack_codes`).
"""

from __future__ import annotations

from collections.abc import Generator

from rcm.etl.x12.ack_codes import ERROR_TEXTS
from rcm.etl.x12.batches import ACK_ERRORS, ACK_GROUPS, ACK_TRANSACTION_SETS
from rcm.etl.x12.errors import X12Error
from rcm.etl.x12.parser_base import ENVELOPE, UNREADABLE, Chunk, TransactionSetParser
from rcm.etl.x12.tokenizer import components

SEGMENTS = frozenset({"AK1", "AK2", "IK3", "CTX", "IK4", "IK5", "AK9"})
PAD = ("",) * 10
TRIGGER = "SITUATIONAL TRIGGER"

G = ACK_GROUPS.index
T = ACK_TRANSACTION_SETS.index
E = ACK_ERRORS.index
E_SET_SEGMENT = E["set_segment"]
E_LEVEL = E["level"]
E_ERROR_CODE = E["error_code"]
E_ERROR_TEXT = E["error_text"]
E_SEGMENT_ID = E["segment_id"]
E_SEGMENT_POSITION = E["segment_position"]
E_LOOP_ID = E["loop_id"]
E_ELEMENT_POSITION = E["element_position"]
E_COMPONENT_POSITION = E["component_position"]
E_REPETITION_POSITION = E["repetition_position"]
E_ELEMENT_REFERENCE = E["element_reference"]
E_BAD_VALUE = E["bad_value"]
E_CONTEXT_NAME = E["context_name"]
E_CONTEXT_REFERENCE = E["context_reference"]
E_CONTEXT_SEGMENT_ID = E["context_segment_id"]
E_CONTEXT_SEGMENT_POSITION = E["context_segment_position"]
E_IK3_SEGMENT = E["_ik3_segment"]
E_CTX_SEGMENT = E["_ctx_segment"]
# IK3 fields an element error repeats, so each IK4 row names its segment and claim.
INHERITED = (
    E_SEGMENT_ID,
    E_SEGMENT_POSITION,
    E_LOOP_ID,
    E_CONTEXT_NAME,
    E_CONTEXT_REFERENCE,
    E_IK3_SEGMENT,
)


class Parser999(TransactionSetParser):
    """One 999 transaction set into ack_groups, ack_transaction_sets and ack_errors."""

    def _error(self, level: str, code: str, ordinal: int, set_segment: str) -> list[str]:
        row = [""] * ACK_ERRORS.width
        row[0] = self.tx
        row[E_SET_SEGMENT] = set_segment
        row[E["segment"]] = str(ordinal)
        row[E_LEVEL] = level
        row[E_ERROR_CODE] = code
        row[E_ERROR_TEXT] = ERROR_TEXTS[level].get(code, "")
        return row

    def _codes(
        self, els: list[str], first: int, level: str, ordinal: int, set_segment: str
    ) -> None:
        """IK502-06 / AK905-09: one error row per code sent."""
        rows = self.out.rows("ack_errors")
        for code in els[first : first + 5]:
            if code:
                row = self._error(level, code, ordinal, set_segment)
                rows.append(self.separator.join(row))

    def _context(self, row: list[str], els: list[str], ordinal: int) -> None:
        """CTX: a business unit (e.g. CLM01 and its value) or the trigger segment of an error."""
        els.extend(PAD[:5])
        parts = components(els[1], self.component) if els[1] else [""]
        name = parts[0]
        reference = parts[1] if len(parts) > 1 else ""
        if name != TRIGGER:
            row[E_CONTEXT_NAME] = name
            row[E_CONTEXT_REFERENCE] = reference
        elif not row[E_CONTEXT_NAME]:
            row[E_CONTEXT_NAME] = name
        if els[2]:
            row[E_CONTEXT_SEGMENT_ID] = els[2]
            row[E_CONTEXT_SEGMENT_POSITION] = els[3]
            row[E_CTX_SEGMENT] = str(ordinal)

    def _run(self) -> Generator[int | None, Chunk, None]:
        out = self.out
        tx = self.tx
        sep = self.separator
        comp = self.component
        file = self.file
        error_rows = out.rows("ack_errors")
        set_rows = out.rows("ack_transaction_sets")
        segs, base, i = yield None
        group: list[str] | None = None
        group_done = False
        answer: list[str] | None = None  # the open AK2 ... IK5
        set_segment = ""
        error: list[str] | None = None  # the IK3 or IK4 row CTX segments still add to
        segment_error: list[str] | None = None  # the IK3 its IK4 rows repeat
        while True:
            n = len(segs)
            try:
                while i < n:
                    els = segs[i].split(sep)
                    sid = els[0]
                    ordinal = base + i
                    if sid in ENVELOPE:
                        if error is not None:
                            error_rows.append(sep.join(error))
                            error = None
                        if answer is not None:
                            set_rows.append(sep.join(answer))
                            answer = None
                        if sid == "SE" and not group_done:
                            if group is None:
                                raise X12Error(file, ordinal, sid, "a 999 without an AK1")
                            out.rows("ack_groups").append(sep.join(group))
                            group_done = True
                        segs, base, i = yield i
                        continue
                    if sid not in SEGMENTS:
                        raise X12Error(
                            file,
                            ordinal,
                            sid,
                            f"{sid} is not a segment of a 999 implementation acknowledgement",
                        )
                    if sid != "AK1" and sid != "CTX" and error is not None:
                        error_rows.append(sep.join(error))
                        error = None
                    if sid == "IK4":
                        if segment_error is None:
                            raise X12Error(file, ordinal, sid, "IK4 without an IK3 before it")
                        els.extend(PAD[:5])
                        error = self._error("element", els[3], ordinal, set_segment)
                        for k in INHERITED:
                            error[k] = segment_error[k]
                        position = components(els[1], comp) if els[1] else [""]
                        position.extend(PAD[:3])
                        error[E_ELEMENT_POSITION] = position[0]
                        error[E_COMPONENT_POSITION] = position[1]
                        error[E_REPETITION_POSITION] = position[2]
                        error[E_ELEMENT_REFERENCE] = els[2]
                        error[E_BAD_VALUE] = els[4]
                    elif sid == "IK3":
                        if answer is None:
                            raise X12Error(file, ordinal, sid, "IK3 without an AK2 before it")
                        els.extend(PAD[:5])
                        error = self._error("segment", els[4], ordinal, set_segment)
                        error[E_SEGMENT_ID] = els[1]
                        error[E_SEGMENT_POSITION] = els[2]
                        error[E_LOOP_ID] = els[3]
                        error[E_IK3_SEGMENT] = str(ordinal)
                        segment_error = error
                    elif sid == "CTX":
                        if error is None:
                            raise X12Error(
                                file, ordinal, sid, "CTX outside an IK3 or IK4 error it describes"
                            )
                        self._context(error, els, ordinal)
                    elif sid == "AK2":
                        if group is None:
                            raise X12Error(file, ordinal, sid, "AK2 without an AK1 before it")
                        if answer is not None:
                            set_rows.append(sep.join(answer))
                        els.extend(PAD[:4])
                        set_segment = str(ordinal)
                        segment_error = None
                        answer = [""] * ACK_TRANSACTION_SETS.width
                        answer[0] = tx
                        answer[T["segment"]] = set_segment
                        answer[T["set_id"]] = els[1]
                        answer[T["control_number"]] = els[2]
                        answer[T["implementation_reference"]] = els[3]
                    elif sid == "IK5":
                        if answer is None:
                            raise X12Error(file, ordinal, sid, "IK5 without an AK2 before it")
                        els.extend(PAD[:7])
                        answer[T["status"]] = els[1]
                        answer[T["status_segment"]] = str(ordinal)
                        self._codes(els, 2, "transaction_set", ordinal, set_segment)
                        set_rows.append(sep.join(answer))
                        answer = None
                        segment_error = None
                    elif sid == "AK9":
                        if group is None:
                            raise X12Error(file, ordinal, sid, "AK9 without an AK1 before it")
                        if answer is not None:
                            set_rows.append(sep.join(answer))
                            answer = None
                        els.extend(PAD[:10])
                        group[G["group_status"]] = els[1]
                        group[G["sets_included"]] = els[2]
                        group[G["sets_received"]] = els[3]
                        group[G["sets_accepted"]] = els[4]
                        group[G["status_segment"]] = str(ordinal)
                        self._codes(els, 5, "group", ordinal, "")
                        out.rows("ack_groups").append(sep.join(group))
                        group_done = True
                    else:  # AK1
                        if group is not None:
                            raise X12Error(
                                file, ordinal, sid, "a second AK1 in one 999 transaction set"
                            )
                        els.extend(PAD[:4])
                        group = [""] * ACK_GROUPS.width
                        group[0] = tx
                        group[G["segment"]] = str(ordinal)
                        group[G["functional_id"]] = els[1]
                        group[G["group_control_number"]] = els[2]
                        group[G["version"]] = els[3]
                    i += 1
            except X12Error:
                raise
            except UNREADABLE as error:
                raise self._unreadable(segs[i], base + i, error) from None
            segs, base, i = yield n
