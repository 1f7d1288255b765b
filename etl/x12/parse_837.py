"""837P, 837I and 837D claims: the HL hierarchy and its loops, segment by segment.

The parser is a generator so that its loop state lives in local variables
across chunks: the envelope reader sends `(segments, first_ordinal, start)` and
gets back the index where the transaction set stopped (its SE, or any envelope
segment), or the chunk's length when it needs more. Loops are tracked with a
level number set by HL, CLM, SBR (2320), LX and SVD; every segment is read in
the light of the level it arrives at, and segments a level does not know are
skipped, so they never land in another loop. A segment id the transaction's
implementation guide does not have rejects the file; one it has that no branch
reads is counted into `unused_segments` (the count happens only in the final,
fall-through branch, so the segments the parser reads pay nothing for it).

This module is the segment loop; the rows it opens, fills and closes are
built in `claims_837` (parties, claims, HI codes, other payers) and `lines_837`
(service lines, 837D teeth). Rows are built as list displays in schema order
(the fastest way CPython has to make them); the exact-row tests in
`tests/etl/test_parse_837.py` pin that order.
"""

from __future__ import annotations

from collections.abc import Generator

from rcm.etl.x12.batches import Output
from rcm.etl.x12.claims_837 import (
    C_ADMISSION_DATE,
    C_ADMISSION_SEGMENT,
    C_ADMISSION_SOURCE,
    C_ADMISSION_TYPE,
    C_PATIENT_STATUS,
    C_STATEMENT_FROM,
    C_STATEMENT_SEGMENT,
    C_STATEMENT_TO,
    CLAIM_DATES,
    CLAIM_REFS,
    NO_SBR,
    O_ADJUDICATION,
    O_ADJUDICATION_SEGMENT,
    O_MEMBER,
    O_PAID,
    O_PAID_SEGMENT,
    O_PAYER_ID,
    O_PAYER_NAME,
    O_REMAINING,
    O_REMAINING_SEGMENT,
    P_ADDRESS_1,
    P_ADDRESS_2,
    P_BIRTH,
    P_CITY,
    P_DMG,
    P_ROLE,
    P_SEX,
    P_STATE,
    P_TAXONOMY,
    P_ZIP,
    PAD,
    ClaimRows837,
)
from rcm.etl.x12.codes import ROLES, role_of
from rcm.etl.x12.errors import X12Error
from rcm.etl.x12.guides import GUIDES
from rcm.etl.x12.lines_837 import (
    L_CONTROL,
    L_DATE_SEGMENT,
    L_NDC,
    L_REFERRING,
    L_RENDERING,
    L_SERVICE_DATE,
    L_SERVICE_DATE_END,
    LINE_DATES,
    POINTERS,
    LineRows837,
)
from rcm.etl.x12.parser_base import ENVELOPE, UNREADABLE, Chunk
from rcm.etl.x12.tokenizer import Delimiters

# Loop levels, named by the guide's loop ids, in the order they nest: the header
# (BHT, 1000A submitter, 1000B receiver), 2000A billing provider, 2000B subscriber,
# 2000C patient, 2300 claim, 2320 other subscriber, 2400 service line, 2430 line
# adjudication. The 2010, 2310, 2330 and 2420 names (NM1) belong to the level they are in.
HEADER, LOOP_2000A, LOOP_2000B, LOOP_2000C, LOOP_2300, LOOP_2320, LOOP_2400, LOOP_2430 = range(8)


def _date_range(fmt: str, value: str) -> tuple[str, str]:
    """DTP03 as (start, end): D8 is one day, RD8 a range, DT a timestamp."""
    if not value:
        return "", ""
    if fmt == "RD8":
        start, _, end = value.partition("-")
        return start, end
    if fmt == "DT":
        return value[:8], value[:8]
    return value, value


class Parser837(ClaimRows837, LineRows837):
    """One 837 transaction set (professional, institutional or dental) into the claim tables.

    The rows are built by `ClaimRows837` (claims_837) and `LineRows837` (lines_837);
    this class holds the segment loop that decides which loop each segment is in.
    """

    def __init__(
        self, out: Output, transaction_index: int, kind: str, delimiters: Delimiters, file: str
    ) -> None:
        self.kind = kind  # "P", "I" or "D"
        self.guide = GUIDES["837" + kind]
        super().__init__(out, transaction_index, delimiters, file)

    def _foreign(self, segment_id: str, ordinal: int) -> X12Error:
        """A segment id the transaction's implementation guide does not have."""
        return X12Error(
            self.file, ordinal, segment_id, f"{segment_id} is not a segment of {self.guide.label}"
        )

    def _run(self) -> Generator[int | None, Chunk, None]:
        tx = self.tx
        file = self.file
        sep = self.separator
        segs, base, start = yield None
        level = HEADER
        party: list | None = None
        claim: list | None = None
        line: list | None = None
        other: list | None = None
        bht: tuple = ("", "", "", "")
        prefix: tuple | None = None
        hl_party_rows: list[str] = []
        billing_parties: list[list] = []
        billing: list | None = None
        billing_tax = ""
        billing_taxonomy = ""
        subscriber_parties: list[list] = []
        subscriber: list | None = None
        payer: list | None = None
        sbr: tuple = NO_SBR
        patient_parties: list[list] = []
        patient: list | None = None
        patient_relationship = ""
        has_patient = False
        claim_parties: list[list] = []
        line_parties: list[list] = []
        line_party_rows: list[str] = []
        others: list[list] = []
        dx_state: list = [0, []]
        line_number = ""
        line_open = False  # an LX was read and its SV1/SV2 may follow
        allowed = self.guide.segments
        unused: dict[str, int] = {}  # segments of the guide no branch reads
        i = start
        while True:
            n = len(segs)
            stop = n
            try:
                for i in range(start, n):  # i names the segment on errors
                    els = segs[i].split(sep)
                    sid = els[0]
                    if sid == "NM1":
                        if len(els) < 10:
                            els.extend(PAD[: 10 - len(els)])
                        entity = els[1]
                        party = [
                            ROLES.get(entity) or role_of(entity),
                            entity,
                            els[2],
                            els[3],
                            els[4],
                            els[5],
                            els[8],
                            els[9],
                            "",  # taxonomy
                            "",  # address_1
                            "",  # address_2
                            "",  # city
                            "",  # state
                            "",  # postal_code
                            "",  # birth_date
                            "",  # sex
                            "",  # _dmg_segment
                        ]
                        if level == LOOP_2300:
                            claim_parties.append(party)
                        elif level == LOOP_2000B:
                            subscriber_parties.append(party)
                            if entity == "IL":
                                subscriber = party
                            elif entity == "PR":
                                payer = party
                        elif level == LOOP_2000A:
                            billing_parties.append(party)
                            if entity == "85":
                                billing = party
                                party[P_TAXONOMY] = billing_taxonomy
                        elif level >= LOOP_2400:
                            if line is None:
                                party = None
                            else:
                                line_parties.append(party)
                                if els[8] == "XX":
                                    if entity == "82":
                                        line[L_RENDERING] = els[9]
                                    elif entity == "DN":
                                        line[L_REFERRING] = els[9]
                        elif level == LOOP_2000C:
                            patient_parties.append(party)
                            if entity == "QC":
                                patient = party
                        elif level == LOOP_2320:
                            if entity == "IL":
                                party[P_ROLE] = "other_subscriber"
                                other[O_MEMBER] = els[9]  # type: ignore[index]
                            elif entity == "PR":
                                party[P_ROLE] = "other_payer"
                                other[O_PAYER_ID] = els[9]  # type: ignore[index]
                                other[O_PAYER_NAME] = els[3]  # type: ignore[index]
                            else:
                                party[P_ROLE] = "other_payer_" + party[P_ROLE]
                            claim_parties.append(party)
                        else:
                            party = None  # 1000A submitter, 1000B receiver
                    elif sid == "N3":
                        if party is not None:
                            party[P_ADDRESS_1] = els[1] if len(els) > 1 else ""
                            party[P_ADDRESS_2] = els[2] if len(els) > 2 else ""
                    elif sid == "N4":
                        if party is not None:
                            if len(els) < 4:
                                els.extend(PAD[: 4 - len(els)])
                            party[P_CITY] = els[1]
                            party[P_STATE] = els[2]
                            party[P_ZIP] = els[3]
                    elif sid == "REF":
                        if len(els) < 3:
                            els.extend(PAD[: 3 - len(els)])
                        qualifier = els[1]
                        if level == LOOP_2300:
                            if party is None:
                                column = CLAIM_REFS.get(qualifier)
                                if column is not None:
                                    claim[column] = els[2]  # type: ignore[index]
                        elif level == LOOP_2400:
                            if qualifier == "6R" and party is None and line is not None:
                                line[L_CONTROL] = els[2]
                        elif level == LOOP_2000A and party is billing and qualifier in ("EI", "SY"):
                            billing_tax = els[2]
                    elif sid == "DTP":
                        if len(els) < 4:
                            els.extend(PAD[: 4 - len(els)])
                        qualifier = els[1]
                        if level == LOOP_2400:
                            if line is None:
                                pass
                            elif qualifier == "472":
                                start_date, end_date = _date_range(els[2], els[3])
                                line[L_SERVICE_DATE] = start_date
                                line[L_SERVICE_DATE_END] = end_date
                                line[L_DATE_SEGMENT] = str(base + i)
                            elif qualifier in LINE_DATES:
                                value_column, segment_column = LINE_DATES[qualifier]
                                line[value_column] = _date_range(els[2], els[3])[0]
                                line[segment_column] = str(base + i)
                        elif level == LOOP_2300:
                            if qualifier == "434":
                                start_date, end_date = _date_range(els[2], els[3])
                                claim[C_STATEMENT_FROM] = start_date  # type: ignore[index]
                                claim[C_STATEMENT_TO] = end_date  # type: ignore[index]
                                claim[C_STATEMENT_SEGMENT] = str(base + i)  # type: ignore[index]
                            elif qualifier == "435":
                                start_date, _ = _date_range(els[2], els[3])
                                claim[C_ADMISSION_DATE] = start_date  # type: ignore[index]
                                claim[C_ADMISSION_SEGMENT] = str(base + i)  # type: ignore[index]
                            elif qualifier in CLAIM_DATES and party is None:
                                value_column, segment_column = CLAIM_DATES[qualifier]
                                claim[value_column] = _date_range(els[2], els[3])[0]  # type: ignore[index]
                                claim[segment_column] = str(base + i)  # type: ignore[index]
                        elif level == LOOP_2320 and qualifier == "573":
                            start_date, _ = _date_range(els[2], els[3])
                            other[O_ADJUDICATION] = start_date  # type: ignore[index]
                            other[O_ADJUDICATION_SEGMENT] = str(base + i)  # type: ignore[index]
                    elif sid == "HL":
                        self._close_loop_2400(line, line_parties, line_party_rows)
                        self._close_loop_2300(
                            claim, hl_party_rows, claim_parties, line_party_rows, others
                        )
                        claim = line = None
                        code = els[3] if len(els) > 3 else ""
                        party = None
                        prefix = None
                        line_open = False
                        if code == "22":
                            if level == HEADER:
                                raise X12Error(
                                    file, base + i, "HL", "subscriber HL (22) with no billing HL"
                                )
                            level = LOOP_2000B
                            subscriber_parties = []
                            subscriber = payer = None
                            sbr = NO_SBR
                            has_patient = False
                            patient_parties = []
                            patient = None
                            patient_relationship = ""
                        elif code == "20":
                            level = LOOP_2000A
                            billing_parties = []
                            billing = None
                            billing_tax = billing_taxonomy = ""
                        elif code == "23":
                            if level <= LOOP_2000A:
                                raise X12Error(
                                    file, base + i, "HL", "patient HL (23) with no subscriber HL"
                                )
                            level = LOOP_2000C
                            has_patient = True
                            patient_parties = []
                            patient = None
                            patient_relationship = ""
                        else:
                            raise X12Error(
                                file,
                                base + i,
                                "HL",
                                f"HL03 {code!r} is not an 837 level (20 billing, 22 subscriber, "
                                "23 patient)",
                            )
                    elif sid == "SV1" or sid == "SV2" or sid == "SV3":
                        if sid not in allowed:
                            raise self._foreign(sid, base + i)
                        if level < LOOP_2300:
                            continue
                        # A second service segment in one LX closes the first.
                        self._close_loop_2400(line, line_parties, line_party_rows)
                        if not line_open:
                            line_number = ""  # a service line without its LX: kept, unnumbered
                        if len(els) < 12:
                            els.extend(PAD[: 12 - len(els)])
                        line = self._line(els, sid, base + i, claim[1], line_number)  # type: ignore[index]
                        pointers = POINTERS.get(sid)
                        if pointers is not None and els[pointers[0]]:
                            self._pointers(
                                els[pointers[0]], line, dx_state[1], base + i, sid, pointers[1]
                            )
                        level = LOOP_2400
                        line_open = False
                        party = None
                    elif sid == "LX":
                        if level >= LOOP_2300:
                            self._close_loop_2400(line, line_parties, line_party_rows)
                            line = None
                            text = els[1] if len(els) > 1 else ""
                            try:
                                number = int(text) if text else None
                            except ValueError:
                                raise X12Error(
                                    file, base + i, "LX", f"LX01 {text!r} is not a line number"
                                ) from None
                            if number is not None and not -(2**31) < number < 2**31:
                                raise X12Error(
                                    file, base + i, "LX", f"LX01 {text!r} is out of range"
                                )
                            line_number = "" if number is None else str(number)
                            line_open = True
                            level = LOOP_2400
                            party = None
                    elif sid == "CLM":
                        self._close_loop_2400(line, line_parties, line_party_rows)
                        self._close_loop_2300(
                            claim, hl_party_rows, claim_parties, line_party_rows, others
                        )
                        line = None
                        if level < LOOP_2000B:
                            raise X12Error(
                                file, base + i, "CLM", "CLM outside a subscriber (HL 22) loop"
                            )
                        if len(els) < 10:
                            els.extend(PAD[: 10 - len(els)])
                        if prefix is None:
                            prefix = self._prefix(
                                bht,
                                billing,
                                billing_tax,
                                billing_taxonomy,
                                sbr,
                                subscriber,
                                payer,
                                has_patient,
                                patient_relationship,
                                patient,
                            )
                            # The HL's parties are complete once its first CLM arrives.
                            hl_party_rows = [
                                sep.join(party)
                                for party in billing_parties
                                + subscriber_parties
                                + (patient_parties if has_patient else [])
                            ]
                        claim = self._claim(els, base + i, prefix)
                        level = LOOP_2300
                        party = None
                        line_open = False
                        claim_parties = []
                        line_party_rows = []
                        others = []
                        dx_state = [0, []]
                    elif sid == "HI":
                        if level == LOOP_2300:
                            self._hi(els, base + i, claim, dx_state)  # type: ignore[arg-type]
                    elif sid == "SBR":
                        if len(els) < 10:
                            els.extend(PAD[: 10 - len(els)])
                        if level == LOOP_2000B:
                            sbr = (els[1], els[2], els[3], els[9])
                        elif LOOP_2300 <= level <= LOOP_2320:
                            other = [
                                tx,
                                claim[1],  # type: ignore[index]
                                els[1],
                                els[2],
                                els[3],
                                els[9],
                                "",  # payer_id
                                "",  # payer_name
                                "",  # subscriber_member_id
                                "",  # paid_amount
                                "",  # remaining_liability
                                "",  # adjudication_date
                                "",  # _paid_segment
                                "",  # _remaining_segment
                                "",  # _adjudication_segment
                            ]
                            others.append(other)
                            level = LOOP_2320
                            party = None
                    elif sid == "DMG":
                        if party is not None:
                            if len(els) < 4:
                                els.extend(PAD[: 4 - len(els)])
                            party[P_BIRTH] = els[2] if els[1] == "D8" else ""
                            party[P_SEX] = els[3]
                            party[P_DMG] = str(base + i)
                    elif sid == "PRV":
                        taxonomy = els[3] if len(els) > 3 else ""
                        if party is not None:
                            party[P_TAXONOMY] = taxonomy
                        elif level == LOOP_2000A:
                            billing_taxonomy = taxonomy
                    elif sid == "PAT":
                        if level == LOOP_2000C:
                            patient_relationship = els[1] if len(els) > 1 else ""
                    elif sid == "AMT":
                        if level == LOOP_2320:
                            if len(els) < 3:
                                els.extend(PAD[: 3 - len(els)])
                            if els[1] == "D":
                                other[O_PAID] = els[2]  # type: ignore[index]
                                other[O_PAID_SEGMENT] = str(base + i)  # type: ignore[index]
                            elif els[1] == "EAF":
                                other[O_REMAINING] = els[2]  # type: ignore[index]
                                other[O_REMAINING_SEGMENT] = str(base + i)  # type: ignore[index]
                    elif sid == "CL1":
                        if sid not in allowed:
                            raise self._foreign(sid, base + i)
                        if level == LOOP_2300:
                            if len(els) < 4:
                                els.extend(PAD[: 4 - len(els)])
                            claim[C_ADMISSION_TYPE] = els[1]  # type: ignore[index]
                            claim[C_ADMISSION_SOURCE] = els[2]  # type: ignore[index]
                            claim[C_PATIENT_STATUS] = els[3]  # type: ignore[index]
                    elif sid == "LIN":
                        if sid not in allowed:
                            raise self._foreign(sid, base + i)
                        if level == LOOP_2400 and line is not None:
                            line[L_NDC] = els[3] if len(els) > 3 else ""
                            party = None
                    elif sid == "SVD":
                        if level == LOOP_2400:
                            level = LOOP_2430
                            party = None
                    elif sid == "BHT":
                        if len(els) < 7:
                            els.extend(PAD[: 7 - len(els)])
                        bht = (els[3], els[4], els[6], str(base + i))
                    elif sid == "TOO" or sid == "DN1" or sid == "DN2":
                        if sid not in allowed:
                            raise self._foreign(sid, base + i)
                        self._dental(
                            els,
                            sid,
                            base + i,
                            claim if level == LOOP_2300 else None,
                            line if level == LOOP_2400 else None,
                        )
                    elif sid in ENVELOPE:
                        stop = i
                        break
                    elif sid in allowed:
                        unused[sid] = unused.get(sid, 0) + 1
                    else:
                        raise self._foreign(sid, base + i)
            except X12Error:
                raise
            except UNREADABLE as error:
                raise self._unreadable(segs[i], base + i, error) from None
            if stop < n:
                # End of the transaction set (or an envelope segment where none belongs).
                self._close_loop_2400(line, line_parties, line_party_rows)
                self._close_loop_2300(claim, hl_party_rows, claim_parties, line_party_rows, others)
                claim = line = None
                if unused:
                    self._write_unused(unused)
                    unused = {}
            segs, base, start = yield stop
            i = start
