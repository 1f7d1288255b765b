"""835 remittance advice: payment header, claims, service lines, adjustments, PLB.

Like the 837 parser, a generator that keeps its loop state in locals across
chunks. Claims are taken as sent: a CLP whose amounts do not balance is loaded
unchanged, since judging it is the data-quality checks' job, not the parser's.
What 5010 does not allow is rejected: a second payee loop, or a payee after
the claims began (later CLPs would be paid to the wrong provider), and the
4010 CAS group CR.
"""

from __future__ import annotations

from collections.abc import Generator

from rcm.etl.x12.batches import (
    ADJUSTMENTS,
    PAYMENTS,
    PROVIDER_ADJUSTMENTS,
    REMIT_CLAIMS,
    REMIT_LINES,
    Output,
)
from rcm.etl.x12.errors import X12Error
from rcm.etl.x12.guides import GUIDES
from rcm.etl.x12.parser_base import ENVELOPE, UNREADABLE, Chunk, TransactionSetParser
from rcm.etl.x12.tokenizer import Delimiters, components

# Loop levels, named by the guide's loop ids, in the order they nest: the header
# (BPR, TRN, REF*EV), 1000A payer, 1000B payee, 2000 header number (LX), 2100 claim
# payment (CLP), 2110 service payment (SVC), then the summary (PLB).
HEADER, LOOP_1000A, LOOP_1000B, LOOP_2000, LOOP_2100, LOOP_2110, SUMMARY = range(7)
PAD = ("",) * 24

P = PAYMENTS.index
R = REMIT_CLAIMS.index
S = REMIT_LINES.index
A = ADJUSTMENTS.index
B = PROVIDER_ADJUSTMENTS.index
# Column positions used in the segment loop, looked up once.
P_BPR_SEGMENT = P["_bpr_segment"]
P_PRODUCTION_SEGMENT = P["_production_segment"]
P_CREDIT_DEBIT = P["credit_debit"]
P_HANDLING_CODE = P["handling_code"]
P_ORIGINATOR_ID = P["originator_id"]
P_PAYEE_ID = P["payee_id"]
P_PAYEE_ID_QUALIFIER = P["payee_id_qualifier"]
P_PAYEE_NAME = P["payee_name"]
P_PAYEE_NPI = P["payee_npi"]
P_PAYEE_TAX_ID = P["payee_tax_id"]
P_PAYER_ID = P["payer_id"]
P_PAYER_NAME = P["payer_name"]
P_PAYMENT_AMOUNT = P["payment_amount"]
P_PAYMENT_DATE = P["payment_date"]
P_PAYMENT_FORMAT = P["payment_format"]
P_PAYMENT_METHOD = P["payment_method"]
P_PRODUCTION_DATE = P["production_date"]
P_RECEIVER_ID = P["receiver_id"]
P_TRACE_NUMBER = P["trace_number"]
P_TRACE_TYPE = P["trace_type"]
R_COVERAGE_SEGMENT = R["_coverage_segment"]
R_FROM_SEGMENT = R["_from_segment"]
R_RECEIVED_SEGMENT = R["_received_segment"]
R_TO_SEGMENT = R["_to_segment"]
R_BILLED_AMOUNT = R["billed_amount"]
R_CLAIM_FILING_INDICATOR = R["claim_filing_indicator"]
R_CLAIM_ID = R["claim_id"]
R_COVERAGE_AMOUNT = R["coverage_amount"]
R_CROSSOVER_PAYER_NAME = R["crossover_payer_name"]
R_DRG_CODE = R["drg_code"]
R_FACILITY_CODE = R["facility_code"]
R_FREQUENCY_CODE = R["frequency_code"]
R_HEADER_NUMBER = R["header_number"]
R_INSURED_MEMBER_ID = R["insured_member_id"]
R_PAID_AMOUNT = R["paid_amount"]
R_PATIENT_FIRST_NAME = R["patient_first_name"]
R_PATIENT_LAST_NAME = R["patient_last_name"]
R_PATIENT_MEMBER_ID = R["patient_member_id"]
R_PATIENT_RESPONSIBILITY = R["patient_responsibility"]
R_PAYER_CLAIM_CONTROL_NUMBER = R["payer_claim_control_number"]
R_RECEIVED_DATE = R["received_date"]
R_RENDERING_NPI = R["rendering_npi"]
R_STATEMENT_FROM = R["statement_from"]
R_STATEMENT_TO = R["statement_to"]
R_STATUS_CODE = R["status_code"]
S_ALLOWED_SEGMENT = S["_allowed_segment"]
S_DATE_END_SEGMENT = S["_date_end_segment"]
S_DATE_SEGMENT = S["_date_segment"]
S_ALLOWED_AMOUNT = S["allowed_amount"]
S_CHARGE = S["charge"]
S_LINE_CONTROL_NUMBER = S["line_control_number"]
S_MODIFIER_1 = S["modifier_1"]
S_MODIFIER_2 = S["modifier_2"]
S_MODIFIER_3 = S["modifier_3"]
S_MODIFIER_4 = S["modifier_4"]
S_ORIGINAL_PROCEDURE_CODE = S["original_procedure_code"]
S_PAID = S["paid"]
S_PROCEDURE_CODE = S["procedure_code"]
S_PROCEDURE_QUALIFIER = S["procedure_qualifier"]
S_REVENUE_CODE = S["revenue_code"]
S_SERVICE_DATE = S["service_date"]
S_SERVICE_DATE_END = S["service_date_end"]
S_UNITS_BILLED = S["units_billed"]
S_UNITS_PAID = S["units_paid"]

ONE_PAYEE = (
    "a 5010 835 transaction set has exactly one payee loop (1000B), before its claims; "
    "send each payee in its own transaction set"
)
# CAS: a group code, then up to six reason/amount/quantity triples.
CAS_TRIPLES = tuple((k, f"CAS{k + 1:02d}", f"CAS{k + 2:02d}") for k in range(2, 20, 3))
# PLB: provider, fiscal date, then up to six reason:reference / amount pairs.
PLB_PAIRS = tuple((k, f"PLB{k + 1:02d}") for k in range(3, 15, 2))
# MOA03-07 and MIA05, MIA20-23 carry remark codes.
MOA_REMARKS = (3, 4, 5, 6, 7)
MIA_REMARKS = (5, 20, 21, 22, 23)


class Parser835(TransactionSetParser):
    """One 835 transaction set into the payment, remittance and adjustment tables."""

    def __init__(
        self, out: Output, transaction_index: int, delimiters: Delimiters, file: str
    ) -> None:
        self.adjustment_rows = out.rows("adjustments")
        self.claim_rows = out.rows("remit_claims")
        self.line_rows = out.rows("remit_lines")
        super().__init__(out, transaction_index, delimiters, file)

    def _close_loop_2100(self, claim: list | None, line: list | None) -> None:
        """A claim payment (2100) ends: its last service line (2110), then the claim, go out."""
        sep = self.separator
        if line is not None:
            self.line_rows.append(sep.join(line))
        if claim is not None:
            self.claim_rows.append(sep.join(claim))

    def _payment(self, payment: list, refs: dict[str, str], payer_n1: list, payee_n1: list) -> None:
        """Payer and payee identifiers, by the precedence the schema documents.

        The payer is 1000A REF*2U, else N1*PR N104, never TRN03: that is the
        payer's tax-id-based originator id, not the id its 837s were sent to.
        """
        payment[P_PAYER_ID] = refs.get("2U") or payer_n1[4]
        payment[P_PAYER_NAME] = payer_n1[2]
        payment[P_PAYEE_NAME] = payee_n1[2]
        payment[P_PAYEE_ID_QUALIFIER] = payee_n1[3]
        payment[P_PAYEE_ID] = payee_n1[4]
        payment[P_PAYEE_NPI] = payee_n1[4] if payee_n1[3] == "XX" else refs.get("HPI", "")
        payment[P_PAYEE_TAX_ID] = payee_n1[4] if payee_n1[3] == "FI" else refs.get("TJ", "")
        self.out.rows("payments").append(self.separator.join(payment))

    def _cas(self, els: list, ordinal: int, ci: str, line_index: str) -> None:
        sent = len(els)
        els.extend(PAD[:20])
        group = els[1]
        if group == "CR":
            raise X12Error(
                self.file,
                ordinal,
                "CAS",
                "CAS01 group code 'CR' (corrections and reversals) is 4010; 5010 has no group CR",
            )
        tx = self.tx
        sep = self.separator
        segment = str(ordinal)
        rows = self.adjustment_rows
        for k, amount_element, quantity_element in CAS_TRIPLES:
            if k >= sent:
                break  # the padding: nothing more was sent
            reason = els[k]
            if not reason and not els[k + 1]:
                continue
            rows.append(
                sep.join(
                    (
                        tx,
                        ci,
                        line_index,
                        segment,
                        group,
                        reason,
                        els[k + 1],
                        els[k + 2],
                        amount_element,
                        quantity_element,
                    )
                )
            )

    def _plb(self, els: list, ordinal: int) -> None:
        els.extend(PAD[:16])
        rows = self.out.rows("provider_adjustments")
        comp = self.component
        for k, amount_element in PLB_PAIRS:
            composite = els[k]
            if not composite and not els[k + 1]:
                continue
            parts = components(composite, comp)
            reference = parts[1] if len(parts) > 1 else ""
            row = (self.tx, str(ordinal), els[1], els[2], parts[0], reference, els[k + 1])
            rows.append(self.separator.join((*row, amount_element)))

    def _remarks(self, els: list, positions: tuple[int, ...], source: str, ci: str) -> None:
        rows = self.out.rows("remarks")
        sep = self.separator
        for k in positions:
            if k < len(els) and els[k]:
                rows.append(sep.join((self.tx, ci, "", source, "", els[k])))

    def _run(self) -> Generator[int | None, Chunk, None]:
        out = self.out
        tx = self.tx
        sep = self.separator
        comp = self.component
        file = self.file
        line_rows = self.line_rows
        remarks_append = out.rows("remarks").append
        guide = GUIDES["835"]
        allowed = guide.segments
        unused: dict[str, int] = {}  # segments of the guide no branch reads
        segs, base, i = yield None
        level = HEADER
        payment: list = [""] * PAYMENTS.width
        payment[0] = tx
        refs: dict[str, str] = {}
        payer_n1: list = [""] * 5
        payee_n1: list = [""] * 5
        header_number = ""
        claim: list | None = None
        line: list | None = None
        ci = ""
        line_index = 0
        while True:
            n = len(segs)
            try:
                while i < n:
                    els = segs[i].split(sep)
                    sid = els[0]
                    if sid == "CAS":
                        if level == LOOP_2110:
                            self._cas(els, base + i, ci, str(line_index))
                        elif level == LOOP_2100:
                            self._cas(els, base + i, ci, "")
                    elif sid == "SVC":
                        if LOOP_2100 <= level <= LOOP_2110:
                            if line is not None:
                                line_rows.append(sep.join(line))
                            els.extend(PAD[:8])
                            line_index += 1
                            line = [""] * REMIT_LINES.width
                            line[0] = tx
                            line[1] = ci
                            line[2] = str(line_index)
                            line[3] = str(base + i)
                            if els[1]:
                                c = els[1].split(comp)
                                if len(c) == 1:
                                    c = components(els[1], comp)
                                c.extend(PAD[:6])
                                line[S_PROCEDURE_QUALIFIER] = c[0]
                                line[S_PROCEDURE_CODE] = c[1]
                                line[S_MODIFIER_1] = c[2]
                                line[S_MODIFIER_2] = c[3]
                                line[S_MODIFIER_3] = c[4]
                                line[S_MODIFIER_4] = c[5]
                            line[S_CHARGE] = els[2]
                            line[S_PAID] = els[3]
                            line[S_REVENUE_CODE] = els[4]
                            line[S_UNITS_PAID] = els[5]
                            if els[6]:
                                original = components(els[6], comp)
                                line[S_ORIGINAL_PROCEDURE_CODE] = (
                                    original[1] if len(original) > 1 else ""
                                )
                            line[S_UNITS_BILLED] = els[7]
                            level = LOOP_2110
                    elif sid == "DTM":
                        els.extend(PAD[:3])
                        qualifier = els[1]
                        if level == LOOP_2110:
                            if qualifier == "472" or qualifier == "150":
                                line[S_SERVICE_DATE] = els[2]  # type: ignore[index]
                                line[S_DATE_SEGMENT] = str(base + i)  # type: ignore[index]
                            elif qualifier == "151":
                                line[S_SERVICE_DATE_END] = els[2]  # type: ignore[index]
                                line[S_DATE_END_SEGMENT] = str(base + i)  # type: ignore[index]
                        elif level == LOOP_2100:
                            column = _CLAIM_DATES.get(qualifier)
                            if column is not None:
                                claim[column[0]] = els[2]  # type: ignore[index]
                                claim[column[1]] = str(base + i)  # type: ignore[index]
                        elif level <= LOOP_1000B and qualifier == "405":
                            payment[P_PRODUCTION_DATE] = els[2]
                            payment[P_PRODUCTION_SEGMENT] = str(base + i)
                    elif sid == "AMT":
                        els.extend(PAD[:3])
                        if level == LOOP_2110:
                            if els[1] == "B6":
                                line[S_ALLOWED_AMOUNT] = els[2]  # type: ignore[index]
                                line[S_ALLOWED_SEGMENT] = str(base + i)  # type: ignore[index]
                        elif level == LOOP_2100 and els[1] == "AU":
                            claim[R_COVERAGE_AMOUNT] = els[2]  # type: ignore[index]
                            claim[R_COVERAGE_SEGMENT] = str(base + i)  # type: ignore[index]
                    elif sid == "REF":
                        els.extend(PAD[:3])
                        if level == LOOP_2110:
                            if els[1] == "6R":
                                line[S_LINE_CONTROL_NUMBER] = els[2]  # type: ignore[index]
                        elif level == HEADER:
                            if els[1] == "EV":
                                payment[P_RECEIVER_ID] = els[2]
                        elif level == LOOP_1000A:
                            if els[1] == "2U":
                                refs.setdefault("2U", els[2])
                        elif level == LOOP_1000B and els[1] in ("TJ", "HPI"):
                            refs.setdefault(els[1], els[2])
                    elif sid == "CLP":
                        self._close_loop_2100(claim, line)
                        line = None
                        els.extend(PAD[:12])
                        ci = str(out.next_claim())
                        line_index = 0
                        claim = [""] * REMIT_CLAIMS.width
                        claim[0] = tx
                        claim[1] = ci
                        claim[2] = str(base + i)
                        claim[R_HEADER_NUMBER] = header_number
                        claim[R_CLAIM_ID] = els[1]
                        claim[R_STATUS_CODE] = els[2]
                        claim[R_BILLED_AMOUNT] = els[3]
                        claim[R_PAID_AMOUNT] = els[4]
                        claim[R_PATIENT_RESPONSIBILITY] = els[5]
                        claim[R_CLAIM_FILING_INDICATOR] = els[6]
                        claim[R_PAYER_CLAIM_CONTROL_NUMBER] = els[7]
                        claim[R_FACILITY_CODE] = els[8]
                        claim[R_FREQUENCY_CODE] = els[9]
                        claim[R_DRG_CODE] = els[11]
                        level = LOOP_2100
                    elif sid == "NM1":
                        if level == LOOP_2100:
                            els.extend(PAD[:10])
                            entity = els[1]
                            if entity == "QC":
                                claim[R_PATIENT_LAST_NAME] = els[3]  # type: ignore[index]
                                claim[R_PATIENT_FIRST_NAME] = els[4]  # type: ignore[index]
                                claim[R_PATIENT_MEMBER_ID] = els[9]  # type: ignore[index]
                            elif entity == "IL":
                                claim[R_INSURED_MEMBER_ID] = els[9]  # type: ignore[index]
                            elif entity == "82":
                                if els[8] == "XX":
                                    claim[R_RENDERING_NPI] = els[9]  # type: ignore[index]
                            elif entity == "TT":
                                claim[R_CROSSOVER_PAYER_NAME] = els[3]  # type: ignore[index]
                    elif sid == "LQ":
                        if level == LOOP_2110:
                            els.extend(PAD[:3])
                            remarks_append(
                                sep.join((tx, ci, str(line_index), "LQ", els[1], els[2]))
                            )
                    elif sid == "MOA":
                        if level == LOOP_2100:
                            self._remarks(els, MOA_REMARKS, "MOA", ci)
                    elif sid == "MIA":
                        if level == LOOP_2100:
                            self._remarks(els, MIA_REMARKS, "MIA", ci)
                    elif sid == "LX":
                        if level >= LOOP_2000 or level == LOOP_1000B:
                            self._close_loop_2100(claim, line)
                            claim = line = None
                            header_number = els[1] if len(els) > 1 else ""
                            level = LOOP_2000
                    elif sid == "N1":
                        els.extend(PAD[:5])
                        if level <= LOOP_1000B:
                            if els[1] == "PR":
                                payer_n1 = els[:5]
                                level = LOOP_1000A
                            elif els[1] == "PE":
                                if payee_n1[1]:
                                    raise X12Error(
                                        file, base + i, sid, "a second payee (N1*PE); " + ONE_PAYEE
                                    )
                                payee_n1 = els[:5]
                                level = LOOP_1000B
                            else:
                                level = HEADER
                        elif els[1] == "PE":
                            raise X12Error(
                                file, base + i, sid, "N1*PE after the first LX/CLP; " + ONE_PAYEE
                            )
                    elif sid == "BPR":
                        if level == HEADER:
                            els.extend(PAD[:17])
                            payment[P_HANDLING_CODE] = els[1]
                            payment[P_PAYMENT_AMOUNT] = els[2]
                            payment[P_CREDIT_DEBIT] = els[3]
                            payment[P_PAYMENT_METHOD] = els[4]
                            payment[P_PAYMENT_FORMAT] = els[5]
                            payment[P_PAYMENT_DATE] = els[16]
                            payment[P_BPR_SEGMENT] = str(base + i)
                    elif sid == "TRN":
                        if level == HEADER:
                            els.extend(PAD[:4])
                            payment[P_TRACE_TYPE] = els[1]
                            payment[P_TRACE_NUMBER] = els[2]
                            payment[P_ORIGINATOR_ID] = els[3]
                    elif sid == "PLB":
                        self._close_loop_2100(claim, line)
                        claim = line = None
                        self._plb(els, base + i)
                        level = SUMMARY
                    elif sid in ENVELOPE:
                        self._close_loop_2100(claim, line)
                        claim = line = None
                        if sid == "SE":
                            self._payment(payment, refs, payer_n1, payee_n1)
                        if unused:
                            self._write_unused(unused)
                            unused = {}
                        segs, base, i = yield i
                        continue
                    elif sid in allowed:
                        unused[sid] = unused.get(sid, 0) + 1
                    else:
                        raise X12Error(
                            file, base + i, sid, f"{sid} is not a segment of {guide.label}"
                        )
                    i += 1
            except X12Error:
                raise
            except UNREADABLE as error:
                raise self._unreadable(segs[i], base + i, error) from None
            segs, base, i = yield n


_CLAIM_DATES = {
    "232": (R_STATEMENT_FROM, R_FROM_SEGMENT),
    "233": (R_STATEMENT_TO, R_TO_SEGMENT),
    "050": (R_RECEIVED_DATE, R_RECEIVED_SEGMENT),
}
