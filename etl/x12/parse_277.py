"""277CA claim acknowledgement: a status (STC) per claim, line, provider and receiver.

The 277CA is a hierarchy: information source (HL 20, the payer or
clearinghouse), information receiver (21, the submitter), billing provider
(19) and patient (PT), whose 2200D loops are the claims (TRN02 = the patient
control number, CLM01) with their service lines (2220D, SVC). Each STC becomes
one row of `claim_statuses` carrying everything above it, so a row names its
claim without a join. Segments that complete a loop after its STC (REF, DTP,
QTY, AMT) are filled in when the loop closes. Every segment the guide allows
is read; any other rejects the file naming it.
"""

from __future__ import annotations

from collections.abc import Generator

from rcm.etl.x12.batches import CLAIM_STATUSES, Output
from rcm.etl.x12.errors import X12Error
from rcm.etl.x12.parser_base import ENVELOPE, UNREADABLE, Chunk, TransactionSetParser
from rcm.etl.x12.tokenizer import Delimiters, components

SEGMENTS = frozenset({"BHT", "HL", "NM1", "TRN", "STC", "REF", "QTY", "AMT", "DTP", "SVC"})
PAD = ("",) * 13
HEADER, SOURCE, RECEIVER, PROVIDER, PATIENT = range(5)
LEVELS = {"20": SOURCE, "21": RECEIVER, "19": PROVIDER, "PT": PATIENT}
LEVEL_NAMES = {RECEIVER: "information_receiver", PROVIDER: "billing_provider"}

C = CLAIM_STATUSES.index
WIDTH = CLAIM_STATUSES.width
# Quantity and amount qualifiers of the receiver (2200B) and provider (2200C) totals.
TOTALS = {
    ("QTY", "90"): ("accepted_quantity", "_accepted_quantity_segment"),
    ("QTY", "QA"): ("accepted_quantity", "_accepted_quantity_segment"),
    ("QTY", "AA"): ("rejected_quantity", "_rejected_quantity_segment"),
    ("QTY", "QC"): ("rejected_quantity", "_rejected_quantity_segment"),
    ("AMT", "YU"): ("accepted_amount", "_accepted_amount_segment"),
    ("AMT", "YY"): ("rejected_amount", "_rejected_amount_segment"),
}


def _date_range(fmt: str, value: str) -> tuple[str, str]:
    """DTP03 as (start, end): D8 is one day, RD8 a range."""
    if fmt == "RD8":
        start, _, end = value.partition("-")
        return start, end
    return value, value


class Parser277(TransactionSetParser):
    """One 277CA transaction set into claim_statuses."""

    def __init__(
        self, out: Output, transaction_index: int, delimiters: Delimiters, file: str
    ) -> None:
        self.rows = out.rows("claim_statuses")
        # Column -> value of each open level; a row is all of them at its STC.
        self.header: dict[str, str] = {}
        self.source: dict[str, str] = {}
        self.receiver: dict[str, str] = {}
        self.provider: dict[str, str] = {}
        self.patient: dict[str, str] = {}
        self.claim: dict[str, str] = {}
        self.line: dict[str, str] = {}
        self.totals: dict[str, str] = {}
        # STC rows waiting for the end of their loop.
        self.level_rows: list[list[str]] = []
        self.claim_rows: list[list[str]] = []
        self.line_rows: list[list[str]] = []
        self.line_count = 0
        super().__init__(out, transaction_index, delimiters, file)

    def _status(self, els: list[str], ordinal: int, level: str) -> list[str]:
        """An STC as a row, with the levels above it as they stand now."""
        els.extend(PAD[:13])
        row = [""] * WIDTH
        row[0] = self.tx
        row[C["segment"]] = str(ordinal)
        row[C["level"]] = level
        for values in (self.header, self.source, self.receiver, self.provider, self.patient):
            for column, value in values.items():
                row[C[column]] = value
        comp = self.component
        for k, suffix in ((1, ""), (10, "_2"), (11, "_3")):
            if els[k]:
                parts = components(els[k], comp)
                parts.extend(PAD[:3])
                row[C["category_code" + suffix]] = parts[0]
                row[C["status_code" + suffix]] = parts[1]
                row[C["entity_code" + suffix]] = parts[2]
        row[C["status_date"]] = els[2]
        row[C["action_code"]] = els[3]
        row[C["amount"]] = els[4]
        row[C["message"]] = els[12]
        return row

    def _close_line(self) -> None:
        for row in self.line_rows:
            for column, value in self.line.items():
                row[C[column]] = value
        self.claim_rows.extend(self.line_rows)
        self.line_rows = []
        self.line = {}

    def _close_claim(self) -> None:
        """The claim's STC rows (claim, then lines) with its REF and DTP values."""
        self._close_line()
        sep = self.separator
        for row in self.claim_rows:
            for column, value in self.claim.items():
                row[C[column]] = value
            self.rows.append(sep.join(row))
        self.claim_rows = []
        self.claim = {}

    def _close_level(self) -> None:
        """Receiver or provider STC rows with the loop's QTY and AMT totals."""
        sep = self.separator
        for row in self.level_rows:
            for column, value in self.totals.items():
                row[C[column]] = value
            self.rows.append(sep.join(row))
        self.level_rows = []
        self.totals = {}

    def _hl(self, els: list[str], ordinal: int) -> int:
        els.extend(PAD[:4])
        level = LEVELS.get(els[3])
        if level is None:
            raise X12Error(
                self.file,
                ordinal,
                "HL",
                f"HL03 {els[3]!r} is not a 277CA level (20 source, 21 receiver, "
                "19 billing provider, PT patient)",
            )
        self._close_claim()
        self._close_level()
        if level <= SOURCE:
            self.source = {}
        if level <= RECEIVER:
            self.receiver = {}
        if level <= PROVIDER:
            self.provider = {}
        self.patient = {}
        return level

    def _nm1(self, els: list[str], level: int) -> None:
        els.extend(PAD[:10])
        if level == SOURCE:
            self.source["payer_name"] = els[3]
            self.source["payer_id"] = els[9]
        elif level == RECEIVER:
            self.receiver["receiver_name"] = els[3]
            self.receiver["receiver_id"] = els[9]
        elif level == PROVIDER:
            self.provider["billing_name"] = els[3]
            self.provider["billing_id_qualifier"] = els[8]
            self.provider["billing_id"] = els[9]
            self.provider["billing_npi"] = els[9] if els[8] == "XX" else ""
        elif level == PATIENT:
            self.patient["patient_last_name"] = els[3]
            self.patient["patient_first_name"] = els[4]
            self.patient["patient_member_id"] = els[9]

    def _dtp(self, els: list[str], ordinal: int, level: int) -> None:
        els.extend(PAD[:4])
        qualifier = els[1]
        start, end = _date_range(els[2], els[3])
        if level == SOURCE:
            if qualifier == "050":
                self.source["receipt_date"] = els[3]
                self.source["_receipt_segment"] = str(ordinal)
            elif qualifier == "009":
                self.source["process_date"] = els[3]
                self.source["_process_segment"] = str(ordinal)
        elif qualifier == "472":
            if self.line:
                self.line["line_service_date"] = start
                self.line["line_service_date_end"] = end
                self.line["_line_date_segment"] = str(ordinal)
            elif self.claim:
                self.claim["service_date"] = start
                self.claim["service_date_end"] = end
                self.claim["_service_date_segment"] = str(ordinal)

    def _svc(self, els: list[str], ordinal: int) -> None:
        self._close_line()
        els.extend(PAD[:8])
        self.line_count += 1
        line = self.line = {"line_index": str(self.line_count), "_svc_segment": str(ordinal)}
        if els[1]:
            parts = components(els[1], self.component)
            parts.extend(PAD[:6])
            line["procedure_qualifier"] = parts[0]
            line["procedure_code"] = parts[1]
            line["modifier_1"] = parts[2]
            line["modifier_2"] = parts[3]
            line["modifier_3"] = parts[4]
            line["modifier_4"] = parts[5]
        line["line_charge"] = els[2]
        line["revenue_code"] = els[4]
        line["line_units"] = els[7]

    def _run(self) -> Generator[int | None, Chunk, None]:
        sep = self.separator
        file = self.file
        segs, base, i = yield None
        level = HEADER
        while True:
            n = len(segs)
            try:
                while i < n:
                    els = segs[i].split(sep)
                    sid = els[0]
                    ordinal = base + i
                    if sid in ENVELOPE:
                        self._close_claim()
                        self._close_level()
                        segs, base, i = yield i
                        continue
                    if sid not in SEGMENTS:
                        raise X12Error(
                            file,
                            ordinal,
                            sid,
                            f"{sid} is not a segment of a 277CA claim acknowledgement (005010X214)",
                        )
                    if sid == "STC":
                        if level == PATIENT:
                            if not self.claim:
                                raise X12Error(
                                    file, ordinal, sid, "STC of a patient before its claim's TRN"
                                )
                            if self.line:
                                self.line_rows.append(self._status(els, ordinal, "service_line"))
                            else:
                                self.claim_rows.append(self._status(els, ordinal, "claim"))
                        elif level in LEVEL_NAMES:
                            self.level_rows.append(self._status(els, ordinal, LEVEL_NAMES[level]))
                        else:
                            raise X12Error(
                                file, ordinal, sid, "STC outside a receiver, provider or claim"
                            )
                    elif sid == "REF":
                        els.extend(PAD[:3])
                        qualifier = els[1]
                        if self.line:
                            if qualifier == "FJ":
                                self.line["line_control_number"] = els[2]
                        elif self.claim:
                            if qualifier == "1K":
                                self.claim["payer_claim_control_number"] = els[2]
                            elif qualifier == "D9":
                                self.claim["clearinghouse_trace_number"] = els[2]
                            elif qualifier == "BLT":
                                self.claim["bill_type"] = els[2]
                    elif sid == "TRN":
                        els.extend(PAD[:3])
                        if level == PATIENT:
                            self._close_claim()
                            self.line_count = 0
                            self.claim = {
                                "claim_index": str(self.out.next_claim()),
                                "claim_id": els[2],
                            }
                        elif level == RECEIVER:
                            self.receiver["batch_trace_number"] = els[2]
                    elif sid == "HL":
                        level = self._hl(els, ordinal)
                    elif sid == "NM1":
                        self._nm1(els, level)
                    elif sid == "DTP":
                        self._dtp(els, ordinal, level)
                    elif sid == "SVC":
                        if not self.claim:
                            raise X12Error(file, ordinal, sid, "SVC outside a claim (2200D)")
                        self._svc(els, ordinal)
                    elif sid == "QTY" or sid == "AMT":
                        els.extend(PAD[:3])
                        total = TOTALS.get((sid, els[1]))
                        if total is not None and level in LEVEL_NAMES:
                            self.totals[total[0]] = els[2]
                            self.totals[total[1]] = str(ordinal)
                    else:  # BHT
                        els.extend(PAD[:5])
                        self.header = {"report_date": els[4], "_bht_segment": str(ordinal)}
                    i += 1
            except X12Error:
                raise
            except UNREADABLE as error:
                raise self._unreadable(segs[i], base + i, error) from None
            segs, base, i = yield n
