"""Every table's row layout, and the buffers a file's parse writes into."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa

from rcm.etl.x12.columns import Layout, Source, TableBuffer

TRANSACTIONS = Layout(
    "transactions",
    hidden=["_isa_segment"],
    sources={"interchange_date": Source("ISA", "ISA09", "_isa_segment")},
)

CLAIMS = Layout(
    "claims",
    hidden=[
        "_bht_segment",
        "_subscriber_dmg_segment",
        "_patient_dmg_segment",
        "_statement_segment",
        "_admission_segment",
        "_claim_date_segment",
        "_appliance_segment",
        "_dn1_segment",
    ],
    sources={
        "submission_date": Source("BHT", "BHT04", "_bht_segment"),
        "subscriber_birth_date": Source("DMG", "DMG02", "_subscriber_dmg_segment"),
        "patient_birth_date": Source("DMG", "DMG02", "_patient_dmg_segment"),
        "total_charge": Source("CLM", "CLM02", "claim_segment"),
        "statement_from": Source("DTP", "DTP03", "_statement_segment"),
        "statement_to": Source("DTP", "DTP03", "_statement_segment"),
        "admission_date": Source("DTP", "DTP03", "_admission_segment"),
        "claim_service_date": Source("DTP", "DTP03", "_claim_date_segment"),
        "appliance_placement_date": Source("DTP", "DTP03", "_appliance_segment"),
        "ortho_months_total": Source("DN1", "DN101", "_dn1_segment"),
        "ortho_months_remaining": Source("DN1", "DN102", "_dn1_segment"),
    },
)

CLAIM_DIAGNOSES = Layout("claim_diagnoses")

CLAIM_CODES = Layout(
    "claim_codes",
    hidden=["_hi_segment", "_amount_element"],
    sources={"amount": Source("HI", "_amount_element", "_hi_segment", element_slot=True)},
)

CLAIM_LINES = Layout(
    "claim_lines",
    hidden=[
        "_service_segment_id",
        "_charge_element",
        "_units_element",
        "_date_segment",
        "_prior_placement_segment",
        "_appliance_segment",
        "_replacement_segment",
        "_treatment_start_segment",
        "_treatment_completion_segment",
    ],
    sources={
        "charge": Source(
            "_service_segment_id", "_charge_element", "line_segment", True, segment_slot=True
        ),
        "units": Source(
            "_service_segment_id", "_units_element", "line_segment", True, segment_slot=True
        ),
        "service_date": Source("DTP", "DTP03", "_date_segment"),
        "service_date_end": Source("DTP", "DTP03", "_date_segment"),
        "prior_placement_date": Source("DTP", "DTP03", "_prior_placement_segment"),
        "appliance_placement_date": Source("DTP", "DTP03", "_appliance_segment"),
        "replacement_date": Source("DTP", "DTP03", "_replacement_segment"),
        "treatment_start_date": Source("DTP", "DTP03", "_treatment_start_segment"),
        "treatment_completion_date": Source("DTP", "DTP03", "_treatment_completion_segment"),
    },
)

LINE_TEETH = Layout("line_teeth")

TOOTH_STATUS = Layout("tooth_status")

PARTIES = Layout(
    "parties",
    hidden=["_dmg_segment"],
    sources={"birth_date": Source("DMG", "DMG02", "_dmg_segment")},
)

OTHER_PAYERS = Layout(
    "other_payers",
    hidden=["_paid_segment", "_remaining_segment", "_adjudication_segment"],
    sources={
        "paid_amount": Source("AMT", "AMT02", "_paid_segment"),
        "remaining_liability": Source("AMT", "AMT02", "_remaining_segment"),
        "adjudication_date": Source("DTP", "DTP03", "_adjudication_segment"),
    },
)

PAYMENTS = Layout(
    "payments",
    hidden=["_bpr_segment", "_production_segment"],
    sources={
        "payment_amount": Source("BPR", "BPR02", "_bpr_segment"),
        "payment_date": Source("BPR", "BPR16", "_bpr_segment"),
        "production_date": Source("DTM", "DTM02", "_production_segment"),
    },
)

REMIT_CLAIMS = Layout(
    "remit_claims",
    hidden=["_from_segment", "_to_segment", "_received_segment", "_coverage_segment"],
    sources={
        "billed_amount": Source("CLP", "CLP03", "claim_segment"),
        "paid_amount": Source("CLP", "CLP04", "claim_segment"),
        "patient_responsibility": Source("CLP", "CLP05", "claim_segment"),
        "statement_from": Source("DTM", "DTM02", "_from_segment"),
        "statement_to": Source("DTM", "DTM02", "_to_segment"),
        "received_date": Source("DTM", "DTM02", "_received_segment"),
        "coverage_amount": Source("AMT", "AMT02", "_coverage_segment"),
    },
)

REMIT_LINES = Layout(
    "remit_lines",
    hidden=["_date_segment", "_date_end_segment", "_allowed_segment"],
    sources={
        "charge": Source("SVC", "SVC02", "line_segment"),
        "paid": Source("SVC", "SVC03", "line_segment"),
        "units_paid": Source("SVC", "SVC05", "line_segment"),
        "units_billed": Source("SVC", "SVC07", "line_segment"),
        "service_date": Source("DTM", "DTM02", "_date_segment"),
        "service_date_end": Source("DTM", "DTM02", "_date_end_segment"),
        "allowed_amount": Source("AMT", "AMT02", "_allowed_segment"),
    },
)

ADJUSTMENTS = Layout(
    "adjustments",
    hidden=["_amount_element", "_quantity_element"],
    sources={
        "amount": Source("CAS", "_amount_element", "segment", element_slot=True),
        "quantity": Source("CAS", "_quantity_element", "segment", element_slot=True),
    },
)

REMARKS = Layout("remarks")

UNUSED_SEGMENTS = Layout("unused_segments")

PROVIDER_ADJUSTMENTS = Layout(
    "provider_adjustments",
    hidden=["_amount_element"],
    sources={
        "fiscal_period_date": Source("PLB", "PLB02", "segment"),
        "amount": Source("PLB", "_amount_element", "segment", element_slot=True),
    },
)

ACK_GROUPS = Layout(
    "ack_groups",
    sources={
        "sets_included": Source("AK9", "AK902", "status_segment"),
        "sets_received": Source("AK9", "AK903", "status_segment"),
        "sets_accepted": Source("AK9", "AK904", "status_segment"),
    },
)

ACK_TRANSACTION_SETS = Layout("ack_transaction_sets")

ACK_ERRORS = Layout(
    "ack_errors",
    hidden=["_ik3_segment", "_ctx_segment"],
    sources={
        "segment_position": Source("IK3", "IK302", "_ik3_segment"),
        "element_position": Source("IK4", "IK401-1", "segment"),
        "component_position": Source("IK4", "IK401-2", "segment"),
        "repetition_position": Source("IK4", "IK401-3", "segment"),
        "context_segment_position": Source("CTX", "CTX03", "_ctx_segment"),
    },
)

CLAIM_STATUSES = Layout(
    "claim_statuses",
    hidden=[
        "_bht_segment",
        "_receipt_segment",
        "_process_segment",
        "_service_date_segment",
        "_svc_segment",
        "_line_date_segment",
        "_accepted_quantity_segment",
        "_rejected_quantity_segment",
        "_accepted_amount_segment",
        "_rejected_amount_segment",
    ],
    sources={
        "report_date": Source("BHT", "BHT04", "_bht_segment"),
        "receipt_date": Source("DTP", "DTP03", "_receipt_segment"),
        "process_date": Source("DTP", "DTP03", "_process_segment"),
        "service_date": Source("DTP", "DTP03", "_service_date_segment"),
        "service_date_end": Source("DTP", "DTP03", "_service_date_segment"),
        "line_charge": Source("SVC", "SVC02", "_svc_segment"),
        "line_units": Source("SVC", "SVC07", "_svc_segment"),
        "line_service_date": Source("DTP", "DTP03", "_line_date_segment"),
        "line_service_date_end": Source("DTP", "DTP03", "_line_date_segment"),
        "status_date": Source("STC", "STC02", "segment"),
        "amount": Source("STC", "STC04", "segment"),
        "accepted_quantity": Source("QTY", "QTY02", "_accepted_quantity_segment"),
        "rejected_quantity": Source("QTY", "QTY02", "_rejected_quantity_segment"),
        "accepted_amount": Source("AMT", "AMT02", "_accepted_amount_segment"),
        "rejected_amount": Source("AMT", "AMT02", "_rejected_amount_segment"),
    },
)

LAYOUTS: dict[str, Layout] = {
    layout.table: layout
    for layout in (
        TRANSACTIONS,
        CLAIMS,
        CLAIM_DIAGNOSES,
        CLAIM_CODES,
        CLAIM_LINES,
        LINE_TEETH,
        TOOTH_STATUS,
        PARTIES,
        OTHER_PAYERS,
        PAYMENTS,
        REMIT_CLAIMS,
        REMIT_LINES,
        ADJUSTMENTS,
        REMARKS,
        UNUSED_SEGMENTS,
        PROVIDER_ADJUSTMENTS,
        ACK_GROUPS,
        ACK_TRANSACTION_SETS,
        ACK_ERRORS,
        CLAIM_STATUSES,
    )
}


class Output:
    """The row buffers of one file, and the file-wide claim counter."""

    def __init__(self, file: str, separator: str) -> None:
        self.file = file
        self.separator = separator
        self.buffers = {
            name: TableBuffer(layout, file, separator) for name, layout in LAYOUTS.items()
        }
        self.claim_count = 0

    def start_file(self, file: str) -> list[int]:
        """Reuse these buffers for another file: its name on errors, claim ordinals from 1.

        Returns the buffers' lengths, which `rollback` cuts back to.
        """
        self.file = file
        self.claim_count = 0
        for buffer in self.buffers.values():
            buffer.file = file
        return [len(buffer) for buffer in self.buffers.values()]

    def rollback(self, marks: list[int]) -> None:
        """Drop every row added since `start_file` returned `marks`."""
        for buffer, mark in zip(self.buffers.values(), marks, strict=True):
            del buffer.rows[mark:]

    def rows(self, table: str) -> list[str]:
        return self.buffers[table].rows

    def next_claim(self) -> int:
        """Claim ordinals run 1, 2, 3... across the whole file (CLM and CLP alike)."""
        self.claim_count += 1
        return self.claim_count

    def full(self, batch_rows: int) -> Iterator[tuple[str, pa.RecordBatch]]:
        """Batches of exactly `batch_rows` rows from every buffer that has that many."""
        for name, buffer in self.buffers.items():
            while len(buffer) >= batch_rows:
                yield name, buffer.take(batch_rows)

    def rest(self) -> Iterator[tuple[str, pa.RecordBatch]]:
        """Whatever is left, one batch per table that has rows."""
        for name, buffer in self.buffers.items():
            if len(buffer):
                yield name, buffer.take()
