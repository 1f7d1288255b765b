"""835 remittance advice: payment header, claims, service lines, adjustments, PLB.

Like the 837 parser, a generator that keeps its loop state in locals across
chunks. Claims are taken as sent: a CLP whose amounts do not balance is loaded
unchanged, since judging it is the data-quality checks' job, not the parser's.
"""

from __future__ import annotations

from collections.abc import Generator

from etl.x12.batches import (
    ADJUSTMENTS,
    PAYMENTS,
    PROVIDER_ADJUSTMENTS,
    REMIT_CLAIMS,
    REMIT_LINES,
    Output,
)
from etl.x12.errors import X12Error
from etl.x12.tokenizer import Delimiters, components

HEADER, PAYER, PAYEE, HEADER_NUMBER, CLAIM, LINE, SUMMARY = range(7)
ENVELOPE = frozenset({"SE", "ST", "GE", "GS", "IEA", "ISA"})
PAD = ("",) * 24

P = PAYMENTS.index
R = REMIT_CLAIMS.index
S = REMIT_LINES.index
A = ADJUSTMENTS.index
B = PROVIDER_ADJUSTMENTS.index

# CAS: a group code, then up to six reason/amount/quantity triples.
CAS_TRIPLES = tuple((k, f"CAS{k + 1:02d}", f"CAS{k + 2:02d}") for k in range(2, 20, 3))
# PLB: provider, fiscal date, then up to six reason:reference / amount pairs.
PLB_PAIRS = tuple((k, f"PLB{k + 1:02d}") for k in range(3, 15, 2))
# MOA03-07 and MIA05, MIA20-23 carry remark codes.
MOA_REMARKS = (3, 4, 5, 6, 7)
MIA_REMARKS = (5, 20, 21, 22, 23)


class Parser835:
    """One 835 transaction set into the payment, remittance and adjustment tables."""

    def __init__(
        self, out: Output, transaction_index: int, delimiters: Delimiters, file: str
    ) -> None:
        self.out = out
        self.tx = str(transaction_index)
        self.separator = delimiters.element
        self.component = delimiters.component
        self.file = file
        self.feed = self._run().send
        self.feed(None)

    def _payment(self, payment: list, refs: dict[str, str], payer_n1: list, payee_n1: list) -> None:
        """Payer and payee identifiers, by the precedence the schema documents."""
        payment[P["payer_id"]] = refs.get("2U") or payer_n1[4] or payment[P["originator_id"]]
        payment[P["payer_name"]] = payer_n1[2]
        payment[P["payee_name"]] = payee_n1[2]
        payment[P["payee_id_qualifier"]] = payee_n1[3]
        payment[P["payee_id"]] = payee_n1[4]
        payment[P["payee_npi"]] = payee_n1[4] if payee_n1[3] == "XX" else refs.get("HPI", "")
        payment[P["payee_tax_id"]] = payee_n1[4] if payee_n1[3] == "FI" else refs.get("TJ", "")
        self.out.rows("payments").append(self.separator.join(payment))

    def _cas(self, els: list, ordinal: int, ci: str, line_index: str) -> None:
        els.extend(PAD[:20])
        group = els[1]
        tx = self.tx
        sep = self.separator
        segment = str(ordinal)
        rows = self.out.rows("adjustments")
        for k, amount_element, quantity_element in CAS_TRIPLES:
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

    def _run(self) -> Generator[int | None, tuple[list[str], int, int], None]:
        out = self.out
        tx = self.tx
        sep = self.separator
        comp = self.component
        file = self.file
        claim_rows = out.rows("remit_claims")
        line_rows = out.rows("remit_lines")
        remarks_append = out.rows("remarks").append
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
                        if level == LINE:
                            self._cas(els, base + i, ci, str(line_index))
                        elif level == CLAIM:
                            self._cas(els, base + i, ci, "")
                    elif sid == "SVC":
                        if CLAIM <= level <= LINE:
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
                                line[S["procedure_qualifier"]] = c[0]
                                line[S["procedure_code"]] = c[1]
                                line[S["modifier_1"]] = c[2]
                                line[S["modifier_2"]] = c[3]
                                line[S["modifier_3"]] = c[4]
                                line[S["modifier_4"]] = c[5]
                            line[S["charge"]] = els[2]
                            line[S["paid"]] = els[3]
                            line[S["revenue_code"]] = els[4]
                            line[S["units_paid"]] = els[5]
                            if els[6]:
                                original = components(els[6], comp)
                                line[S["original_procedure_code"]] = (
                                    original[1] if len(original) > 1 else ""
                                )
                            line[S["units_billed"]] = els[7]
                            level = LINE
                    elif sid == "DTM":
                        els.extend(PAD[:3])
                        qualifier = els[1]
                        if level == LINE:
                            if qualifier == "472" or qualifier == "150":
                                line[S["service_date"]] = els[2]  # type: ignore[index]
                                line[S["_date_segment"]] = str(base + i)  # type: ignore[index]
                            elif qualifier == "151":
                                line[S["service_date_end"]] = els[2]  # type: ignore[index]
                                line[S["_date_end_segment"]] = str(base + i)  # type: ignore[index]
                        elif level == CLAIM:
                            column = _CLAIM_DATES.get(qualifier)
                            if column is not None:
                                claim[column[0]] = els[2]  # type: ignore[index]
                                claim[column[1]] = str(base + i)  # type: ignore[index]
                        elif level <= PAYEE and qualifier == "405":
                            payment[P["production_date"]] = els[2]
                            payment[P["_production_segment"]] = str(base + i)
                    elif sid == "AMT":
                        els.extend(PAD[:3])
                        if level == LINE:
                            if els[1] == "B6":
                                line[S["allowed_amount"]] = els[2]  # type: ignore[index]
                                line[S["_allowed_segment"]] = str(base + i)  # type: ignore[index]
                        elif level == CLAIM and els[1] == "AU":
                            claim[R["coverage_amount"]] = els[2]  # type: ignore[index]
                            claim[R["_coverage_segment"]] = str(base + i)  # type: ignore[index]
                    elif sid == "REF":
                        els.extend(PAD[:3])
                        if level == LINE:
                            if els[1] == "6R":
                                line[S["line_control_number"]] = els[2]  # type: ignore[index]
                        elif level == HEADER:
                            if els[1] == "EV":
                                payment[P["receiver_id"]] = els[2]
                        elif level == PAYER:
                            if els[1] == "2U":
                                refs.setdefault("2U", els[2])
                        elif level == PAYEE and els[1] in ("TJ", "HPI"):
                            refs.setdefault(els[1], els[2])
                    elif sid == "CLP":
                        if line is not None:
                            line_rows.append(sep.join(line))
                            line = None
                        if claim is not None:
                            claim_rows.append(sep.join(claim))
                        els.extend(PAD[:12])
                        ci = str(out.next_claim())
                        line_index = 0
                        claim = [""] * REMIT_CLAIMS.width
                        claim[0] = tx
                        claim[1] = ci
                        claim[2] = str(base + i)
                        claim[R["header_number"]] = header_number
                        claim[R["claim_id"]] = els[1]
                        claim[R["status_code"]] = els[2]
                        claim[R["billed_amount"]] = els[3]
                        claim[R["paid_amount"]] = els[4]
                        claim[R["patient_responsibility"]] = els[5]
                        claim[R["claim_filing_indicator"]] = els[6]
                        claim[R["payer_claim_control_number"]] = els[7]
                        claim[R["facility_code"]] = els[8]
                        claim[R["frequency_code"]] = els[9]
                        claim[R["drg_code"]] = els[11]
                        level = CLAIM
                    elif sid == "NM1":
                        if level == CLAIM:
                            els.extend(PAD[:10])
                            entity = els[1]
                            if entity == "QC":
                                claim[R["patient_last_name"]] = els[3]  # type: ignore[index]
                                claim[R["patient_first_name"]] = els[4]  # type: ignore[index]
                                claim[R["patient_member_id"]] = els[9]  # type: ignore[index]
                            elif entity == "IL":
                                claim[R["insured_member_id"]] = els[9]  # type: ignore[index]
                            elif entity == "82":
                                if els[8] == "XX":
                                    claim[R["rendering_npi"]] = els[9]  # type: ignore[index]
                            elif entity == "TT":
                                claim[R["crossover_payer_name"]] = els[3]  # type: ignore[index]
                    elif sid == "LQ":
                        if level == LINE:
                            els.extend(PAD[:3])
                            remarks_append(
                                sep.join((tx, ci, str(line_index), "LQ", els[1], els[2]))
                            )
                    elif sid == "MOA":
                        if level == CLAIM:
                            self._remarks(els, MOA_REMARKS, "MOA", ci)
                    elif sid == "MIA":
                        if level == CLAIM:
                            self._remarks(els, MIA_REMARKS, "MIA", ci)
                    elif sid == "LX":
                        if level >= HEADER_NUMBER or level == PAYEE:
                            if line is not None:
                                line_rows.append(sep.join(line))
                                line = None
                            if claim is not None:
                                claim_rows.append(sep.join(claim))
                                claim = None
                            header_number = els[1] if len(els) > 1 else ""
                            level = HEADER_NUMBER
                    elif sid == "N1":
                        if level <= PAYEE:
                            els.extend(PAD[:5])
                            if els[1] == "PR":
                                payer_n1 = els[:5]
                                level = PAYER
                            elif els[1] == "PE":
                                payee_n1 = els[:5]
                                level = PAYEE
                            else:
                                level = HEADER
                    elif sid == "BPR":
                        if level == HEADER:
                            els.extend(PAD[:17])
                            payment[P["handling_code"]] = els[1]
                            payment[P["payment_amount"]] = els[2]
                            payment[P["credit_debit"]] = els[3]
                            payment[P["payment_method"]] = els[4]
                            payment[P["payment_format"]] = els[5]
                            payment[P["payment_date"]] = els[16]
                            payment[P["_bpr_segment"]] = str(base + i)
                    elif sid == "TRN":
                        if level == HEADER:
                            els.extend(PAD[:4])
                            payment[P["trace_type"]] = els[1]
                            payment[P["trace_number"]] = els[2]
                            payment[P["originator_id"]] = els[3]
                    elif sid == "PLB":
                        if line is not None:
                            line_rows.append(sep.join(line))
                            line = None
                        if claim is not None:
                            claim_rows.append(sep.join(claim))
                            claim = None
                        self._plb(els, base + i)
                        level = SUMMARY
                    elif sid in ENVELOPE:
                        if line is not None:
                            line_rows.append(sep.join(line))
                            line = None
                        if claim is not None:
                            claim_rows.append(sep.join(claim))
                            claim = None
                        if sid == "SE":
                            self._payment(payment, refs, payer_n1, payee_n1)
                        segs, base, i = yield i
                        continue
                    i += 1
            except X12Error:
                raise
            except (IndexError, ValueError, TypeError, KeyError, AttributeError) as error:
                sid = segs[i].split(sep, 1)[0][:3]
                raise X12Error(file, base + i, sid, f"cannot read the segment ({error})") from None
            segs, base, i = yield n


_CLAIM_DATES = {
    "232": (R["statement_from"], R["_from_segment"]),
    "233": (R["statement_to"], R["_to_segment"]),
    "050": (R["received_date"], R["_received_segment"]),
}
