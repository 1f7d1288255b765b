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

Rows are built as list displays in schema order (the fastest way CPython has
to make them); the exact-row tests in `tests/etl/test_parse_837.py` pin that order.
"""

from __future__ import annotations

from collections.abc import Generator

from rcm.etl.x12.batches import CLAIM_LINES, CLAIMS, OTHER_PAYERS, PARTIES, Output
from rcm.etl.x12.codes import (
    DIAGNOSIS_QUALIFIERS,
    DRG_QUALIFIER,
    POINTER_QUALIFIERS,
    ROLES,
    role_of,
)
from rcm.etl.x12.errors import X12Error
from rcm.etl.x12.guides import GUIDES
from rcm.etl.x12.parser_base import ENVELOPE, UNREADABLE, Chunk, TransactionSetParser
from rcm.etl.x12.tokenizer import Delimiters, components

# Loop levels, named by the guide's loop ids, in the order they nest: the header
# (BHT, 1000A submitter, 1000B receiver), 2000A billing provider, 2000B subscriber,
# 2000C patient, 2300 claim, 2320 other subscriber, 2400 service line, 2430 line
# adjudication. The 2010, 2310, 2330 and 2420 names (NM1) belong to the level they are in.
HEADER, LOOP_2000A, LOOP_2000B, LOOP_2000C, LOOP_2300, LOOP_2320, LOOP_2400, LOOP_2430 = range(8)
PAD = ("",) * 24
NO_SBR = ("", "", "", "")

# A party is a parties row without its three keys, plus the hidden DMG ordinal.
PARTY_FIELDS = PARTIES.names[3:]
(
    P_ROLE,
    P_ENTITY,
    P_TYPE,
    P_LAST,
    P_FIRST,
    P_MIDDLE,
    P_IDQ,
    P_ID,
    P_TAXONOMY,
    P_ADDRESS_1,
    P_ADDRESS_2,
    P_CITY,
    P_STATE,
    P_ZIP,
    P_BIRTH,
    P_SEX,
    P_DMG,
) = range(len(PARTY_FIELDS))

C = CLAIMS.index
C_DRG = C["drg_code"]
C_STATEMENT_FROM = C["statement_from"]
C_STATEMENT_TO = C["statement_to"]
C_ADMISSION_DATE = C["admission_date"]
C_ADMISSION_TYPE = C["admission_type"]
C_ADMISSION_SOURCE = C["admission_source"]
C_PATIENT_STATUS = C["patient_status"]
C_STATEMENT_SEGMENT = C["_statement_segment"]
C_ADMISSION_SEGMENT = C["_admission_segment"]
C_FACILITY_NAME = C["service_facility_name"]
C_FACILITY_ZIP = C["service_facility_zip"]
C_ORTHO_TOTAL = C["ortho_months_total"]
C_ORTHO_REMAINING = C["ortho_months_remaining"]
C_DN1_SEGMENT = C["_dn1_segment"]
# 2300 dates read by qualifier (837D): DTP01 -> (value column, segment column).
CLAIM_DATES = {
    "472": (C["claim_service_date"], C["_claim_date_segment"]),
    "452": (C["appliance_placement_date"], C["_appliance_segment"]),
}
CLAIM_REFS = {
    "F8": C["payer_claim_control_number"],
    "G1": C["prior_authorization"],
    "9F": C["referral_number"],
    "EA": C["medical_record_number"],
}
# Claim columns filled from the claim's own 2310 NM1s: entity code -> (npi, taxonomy).
CLAIM_PROVIDERS = {
    "82": (C["rendering_npi"], C["rendering_taxonomy"]),
    "71": (C["attending_npi"], None),
    "72": (C["operating_npi"], None),
    "DN": (C["referring_npi"], None),
    "DQ": (C["supervising_npi"], None),
    "77": (C["service_facility_npi"], None),
}

L = CLAIM_LINES.index
L_NUMBER = L["line_number"]
L_POINTER_1 = L["dx_pointer_1"]
L_CODE_1 = L["dx_code_1"]
L_SERVICE_DATE = L["service_date"]
L_SERVICE_DATE_END = L["service_date_end"]
L_RENDERING = L["rendering_npi"]
L_REFERRING = L["referring_npi"]
L_CONTROL = L["line_control_number"]
L_NDC = L["ndc"]
L_DATE_SEGMENT = L["_date_segment"]
# 2400 dental dates by DTP01 -> (value column, segment column).
LINE_DATES = {
    "441": (L["prior_placement_date"], L["_prior_placement_segment"]),
    "452": (L["appliance_placement_date"], L["_appliance_segment"]),
    "446": (L["replacement_date"], L["_replacement_segment"]),
    "196": (L["treatment_start_date"], L["_treatment_start_segment"]),
    "198": (L["treatment_completion_date"], L["_treatment_completion_segment"]),
}
# The service segment of each 837 kind, with its pointer element (SV107, SV311).
POINTERS = {"SV1": (7, "SV107"), "SV3": (11, "SV311")}

O = OTHER_PAYERS.index  # noqa: E741
O_MEMBER = O["subscriber_member_id"]
O_PAYER_ID = O["payer_id"]
O_PAYER_NAME = O["payer_name"]
O_PAID = O["paid_amount"]
O_REMAINING = O["remaining_liability"]
O_ADJUDICATION = O["adjudication_date"]
O_PAID_SEGMENT = O["_paid_segment"]
O_REMAINING_SEGMENT = O["_remaining_segment"]
O_ADJUDICATION_SEGMENT = O["_adjudication_segment"]


def _npi(party: list | None) -> str:
    if party is None or party[P_IDQ] != "XX":
        return ""
    return party[P_ID]


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


def _pointer(text: str) -> int | None:
    """An SV107 pointer; `1.00` (seen in published examples) is read as 1."""
    try:
        return int(text)
    except ValueError:
        pass
    whole, dot, fraction = text.partition(".")
    if dot and whole.isdigit() and (not fraction or set(fraction) == {"0"}):
        return int(whole)
    return None


class Parser837(TransactionSetParser):
    """One 837 transaction set (professional, institutional or dental) into the claim tables."""

    def __init__(
        self, out: Output, transaction_index: int, kind: str, delimiters: Delimiters, file: str
    ) -> None:
        self.kind = kind  # "P", "I" or "D"
        self.guide = GUIDES["837" + kind]
        super().__init__(out, transaction_index, delimiters, file)

    def _prefix(
        self,
        bht: tuple,
        billing: list | None,
        billing_tax: str | None,
        billing_taxonomy: str | None,
        sbr: tuple,
        subscriber: list | None,
        payer: list | None,
        has_patient: bool,
        patient_relationship: str | None,
        patient: list | None,
    ) -> tuple:
        """Claim columns 4-26 (header, billing, subscriber, patient) and their DMG ordinals.

        They are the same for every claim under one HL, so they are built once per HL.
        """
        if subscriber is None:
            subscriber = [""] * len(PARTY_FIELDS)
        if not has_patient:
            patient_relationship = "18"
            patient = subscriber
        elif patient is None:
            patient = [""] * len(PARTY_FIELDS)
        columns = (
            bht[0],
            bht[1],
            bht[2],
            _npi(billing),
            billing_tax,
            billing[P_LAST] if billing is not None else "",
            billing_taxonomy,
            *sbr,
            subscriber[P_ID],
            subscriber[P_LAST],
            subscriber[P_FIRST],
            subscriber[P_BIRTH],
            subscriber[P_SEX],
            payer[P_ID] if payer is not None else "",
            payer[P_LAST] if payer is not None else "",
            patient_relationship,
            patient[P_LAST],
            patient[P_FIRST],
            patient[P_BIRTH],
            patient[P_SEX],
        )
        return columns, (bht[3], subscriber[P_DMG], patient[P_DMG])

    def _claim(self, els: list, ordinal: int, prefix: tuple) -> list:
        """A claims row from CLM and the HL prefix; 2300 segments fill the rest later."""
        facility = components(els[5], self.component) if els[5] else []
        facility.extend(PAD[:3])
        columns, ordinals = prefix
        return [
            self.tx,
            str(self.out.next_claim()),
            str(ordinal),
            self.kind,
            *columns,
            els[1],  # claim_id
            els[2],  # total_charge
            facility[0],
            facility[1],
            facility[2],
            els[6],
            els[7],
            els[8],
            els[9],
            "",  # payer_claim_control_number
            "",  # prior_authorization
            "",  # referral_number
            "",  # medical_record_number
            "",  # statement_from
            "",  # statement_to
            "",  # admission_date
            "",  # admission_type
            "",  # admission_source
            "",  # patient_status
            "",  # drg_code
            "",  # rendering_npi
            "",  # rendering_taxonomy
            "",  # attending_npi
            "",  # operating_npi
            "",  # referring_npi
            "",  # supervising_npi
            "",  # service_facility_npi
            "",  # service_facility_name
            "",  # service_facility_zip
            "",  # claim_service_date
            "",  # appliance_placement_date
            "",  # ortho_months_total
            "",  # ortho_months_remaining
            els[19] if len(els) > 19 else "",  # submission_reason
            *ordinals,  # _bht_segment, _subscriber_dmg_segment, _patient_dmg_segment
            "",  # _statement_segment
            "",  # _admission_segment
            "",  # _claim_date_segment
            "",  # _appliance_segment
            "",  # _dn1_segment
        ]

    def _close_loop_2300(
        self,
        claim: list | None,
        hl_party_rows: list[str],
        claim_parties: list[list],
        line_party_rows: list[str],
        others: list[list],
    ) -> None:
        """A claim (2300) ends: its provider columns from its 2310 NM1s, then its rows go out.

        With the claim go the HL's parties, its own 2310 and 2330 parties, its
        lines' 2420 parties (close the last line first) and its 2320 other payers.
        """
        if claim is None:
            return
        tx = self.tx
        ci = claim[1]
        for party in claim_parties:
            provider = CLAIM_PROVIDERS.get(party[P_ENTITY])
            if provider is None or party[P_ROLE].startswith("other_"):
                continue
            npi_column, taxonomy_column = provider
            if not claim[npi_column]:
                claim[npi_column] = _npi(party)
                if taxonomy_column is not None:
                    claim[taxonomy_column] = party[P_TAXONOMY]
            if party[P_ENTITY] == "77" and not claim[C_FACILITY_NAME]:
                claim[C_FACILITY_NAME] = party[P_LAST]
                claim[C_FACILITY_ZIP] = party[P_ZIP]
        out = self.out
        sep = self.separator
        out.rows("claims").append(sep.join(claim))
        party_rows = out.rows("parties")
        head = f"{tx}{sep}{ci}{sep}{sep}"
        party_rows.extend([head + row for row in hl_party_rows])
        if claim_parties:
            party_rows.extend([head + sep.join(party) for party in claim_parties])
        if line_party_rows:
            party_rows.extend(line_party_rows)
        if others:
            out.rows("other_payers").extend([sep.join(other) for other in others])

    def _dental(
        self, els: list, sid: str, ordinal: int, level: int, claim: list | None, line: list | None
    ) -> None:
        """837D TOO (a line's teeth), DN1 (orthodontic months) and DN2 (tooth status)."""
        sep = self.separator
        if len(els) < 5:
            els.extend(PAD[: 5 - len(els)])
        if sid == "TOO":
            if level != LOOP_2400 or line is None:
                raise X12Error(self.file, ordinal, sid, "TOO outside a dental service line (SV3)")
            surfaces = ""
            if els[3]:
                surfaces = ":".join([s for s in components(els[3], self.component) if s])
            tooth = (self.tx, line[1], line[2], line[3], str(ordinal), els[1], els[2], surfaces)
            self.out.rows("line_teeth").append(sep.join(tooth))
        elif level != LOOP_2300 or claim is None:
            raise X12Error(self.file, ordinal, sid, f"{sid} outside a claim (2300) loop")
        elif sid == "DN1":
            claim[C_ORTHO_TOTAL] = els[1]
            claim[C_ORTHO_REMAINING] = els[2]
            claim[C_DN1_SEGMENT] = str(ordinal)
        else:
            row = (self.tx, claim[1], str(ordinal), els[1], els[2], els[4])
            self.out.rows("tooth_status").append(sep.join(row))

    def _foreign(self, segment_id: str, ordinal: int) -> X12Error:
        """A segment id the transaction's implementation guide does not have."""
        return X12Error(
            self.file, ordinal, segment_id, f"{segment_id} is not a segment of {self.guide.label}"
        )

    def _close_loop_2400(
        self, line: list | None, parties: list[list], party_rows: list[str]
    ) -> None:
        """A service line (2400) ends: its row goes out, its 2420 parties wait for the claim.

        `parties` is emptied for the next line.
        """
        if line is None:
            return
        sep = self.separator
        self.out.rows("claim_lines").append(sep.join(line))
        if parties:
            head = sep.join(line[:3]) + sep
            party_rows.extend([head + sep.join(party) for party in parties])
            parties.clear()

    def _hi(self, els: list[str], ordinal: int, claim: list, state: list) -> None:
        """HI: diagnoses to claim_diagnoses, DR to the claim, the rest to claim_codes.

        Some senders write qualifier and code as two elements (`HI*BK*8901`);
        such pairs are read as the composite they stand for.
        """
        comp = self.component
        sep = self.separator
        tx = self.tx
        ci = claim[1]
        diagnoses = self.out.rows("claim_diagnoses")
        n = len(els)
        j = 1
        while j < n:
            element = els[j]
            position = j
            j += 1
            if not element:
                continue
            parts = element.split(comp)
            if len(parts) == 1:
                if not element.isalnum():
                    parts = components(element, comp)
                elif j < n and els[j].isalnum():
                    parts.append(els[j])  # qualifier and code sent as two elements
                    j += 1
            qualifier = parts[0]
            code = parts[1] if len(parts) > 1 else ""
            if qualifier in DIAGNOSIS_QUALIFIERS:
                state[0] += 1
                poa = parts[8] if len(parts) > 8 else ""
                diagnoses.append(sep.join((tx, ci, str(state[0]), qualifier, code, poa)))
                if qualifier in POINTER_QUALIFIERS:
                    state[1].append(code)
            elif qualifier == DRG_QUALIFIER:
                claim[C_DRG] = code
            else:
                parts.extend(PAD[:6])
                row = (
                    tx,
                    ci,
                    qualifier,
                    code,
                    parts[2],  # date_format
                    parts[3],  # date_value
                    parts[4],  # amount
                    str(ordinal),  # _hi_segment
                    f"HI{position:02d}-5",  # _amount_element
                )
                self.out.rows("claim_codes").append(sep.join(row))

    def _pointers(
        self,
        value: str,
        line: list,
        codes: list[str],
        ordinal: int,
        sid: str = "SV1",
        element: str = "SV107",
    ) -> None:
        texts = value.split(self.component)
        if len(texts) == 1 and not value.isdigit():
            texts = components(value, self.component)
        for k, text in enumerate(texts[:4]):
            if not text:
                continue
            pointer = int(text) if text.isdigit() else _pointer(text)
            if pointer is None:
                raise X12Error(
                    self.file, ordinal, sid, f"{element} diagnosis pointer {text!r} is not a number"
                )
            if not 0 < pointer < 100:
                raise X12Error(
                    self.file, ordinal, sid, f"{element} diagnosis pointer {text!r} is out of range"
                )
            line[L_POINTER_1 + k] = str(pointer)
            line[L_CODE_1 + k] = codes[pointer - 1] if pointer <= len(codes) else ""

    def _line(self, els: list, sid: str, ordinal: int, ci: str, number: str) -> list:
        """A claims_lines row from SV1 (837P), SV2 (837I) or SV3 (837D)."""
        comp = self.component
        oral_cavity = prosthesis = ""
        if sid == "SV1":
            procedure = els[1]
            revenue = ""
            charge, unit_type, units, place = els[2], els[3], els[4], els[5]
            emergency = els[9]
            elements = ("SV102", "SV104")
        elif sid == "SV3":
            procedure = els[1]
            revenue = unit_type = emergency = ""
            charge, place, units = els[2], els[3], els[6]
            if els[4]:
                oral_cavity = ":".join([code for code in components(els[4], comp) if code])
            prosthesis = els[5]
            elements = ("SV302", "SV306")
        else:
            revenue = els[1]
            procedure = els[2]
            charge, unit_type, units, place = els[3], els[4], els[5], ""
            emergency = ""
            elements = ("SV203", "SV205")
        if procedure:
            c = procedure.split(comp)
            if len(c) == 1:
                c = components(procedure, comp)
            c.extend(PAD[:6])
        else:
            c = [""] * 6
        return [
            self.tx,
            ci,
            number,
            str(ordinal),  # line_segment
            c[0],
            c[1],
            c[2],
            c[3],
            c[4],
            c[5],
            revenue,
            charge,
            unit_type,
            units,
            place,
            "",  # dx_pointer_1..4
            "",
            "",
            "",
            "",  # dx_code_1..4
            "",
            "",
            "",
            emergency,
            "",  # service_date
            "",  # service_date_end
            "",  # rendering_npi
            "",  # referring_npi
            "",  # line_control_number
            "",  # ndc
            oral_cavity,
            prosthesis,
            "",  # prior_placement_date
            "",  # appliance_placement_date
            "",  # replacement_date
            "",  # treatment_start_date
            "",  # treatment_completion_date
            sid,  # _service_segment_id
            elements[0],  # _charge_element
            elements[1],  # _units_element
            "",  # _date_segment
            "",  # _prior_placement_segment
            "",  # _appliance_segment
            "",  # _replacement_segment
            "",  # _treatment_start_segment
            "",  # _treatment_completion_segment
        ]

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
                        self._dental(els, sid, base + i, level, claim, line)
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
