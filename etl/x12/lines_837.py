"""837 service lines and dental segments: the 2400 rows and their column positions.

A line row is made at its service segment (SV1, SV2 or SV3) with the later
2400 columns empty, filled in place as DTP, REF and NM1 (2420) arrive, and
written out when the line closes; its 2420 parties wait for the claim's.
"""

from __future__ import annotations

from rcm.etl.x12.batches import CLAIM_LINES
from rcm.etl.x12.claims_837 import C_DN1_SEGMENT, C_ORTHO_REMAINING, C_ORTHO_TOTAL, PAD
from rcm.etl.x12.errors import X12Error
from rcm.etl.x12.parser_base import TransactionSetParser
from rcm.etl.x12.tokenizer import components

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


class LineRows837(TransactionSetParser):
    """The rows an 837 service line loop (2400) writes, and the 837D tooth segments."""

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

    def _dental(
        self, els: list, sid: str, ordinal: int, claim: list | None, line: list | None
    ) -> None:
        """837D TOO (a line's teeth), DN1 (orthodontic months) and DN2 (tooth status).

        `claim` is the open claim when the segment arrives in its 2300 loop, `line`
        the open line when it arrives in its 2400 loop; either is None elsewhere.
        """
        sep = self.separator
        if len(els) < 5:
            els.extend(PAD[: 5 - len(els)])
        if sid == "TOO":
            if line is None:
                raise X12Error(self.file, ordinal, sid, "TOO outside a dental service line (SV3)")
            surfaces = ""
            if els[3]:
                surfaces = ":".join([s for s in components(els[3], self.component) if s])
            tooth = (self.tx, line[1], line[2], line[3], str(ordinal), els[1], els[2], surfaces)
            self.out.rows("line_teeth").append(sep.join(tooth))
        elif claim is None:
            raise X12Error(self.file, ordinal, sid, f"{sid} outside a claim (2300) loop")
        elif sid == "DN1":
            claim[C_ORTHO_TOTAL] = els[1]
            claim[C_ORTHO_REMAINING] = els[2]
            claim[C_DN1_SEGMENT] = str(ordinal)
        else:
            row = (self.tx, claim[1], str(ordinal), els[1], els[2], els[4])
            self.out.rows("tooth_status").append(sep.join(row))
