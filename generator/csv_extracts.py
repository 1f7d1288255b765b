"""CSV extracts as the practice-management systems export them.

Each extract has a distinctive, stable header row (the loader recognises the
file by it); docs/csv-extracts.md documents every column.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO, Protocol

from . import catalog
from .model import Claim, Patient, Payer, Practice

PROVIDERS = (
    "provider_npi",
    "provider_last_name",
    "provider_first_name",
    "specialty",
    "taxonomy_code",
    "billing_npi",
    "billing_name",
    "billing_tax_id",
    "billing_system",
    "location_id",
    "location_name",
    "location_npi",
    "location_address",
    "location_city",
    "location_state",
    "location_zip",
    "place_of_service",
)
PAYERS = (
    "payer_id",
    "payer_name",
    "payer_type",
    "claim_filing_indicator",
    "remit_claim_filing_code",
    "payment_method",
    "payer_tax_id",
    "address",
    "city",
    "state",
    "zip",
)
PATIENTS = (
    "patient_mrn",
    "patient_last_name",
    "patient_first_name",
    "birth_date",
    "sex",
    "address",
    "city",
    "state",
    "zip",
    "payer_id",
    "member_id",
    "group_number",
    "relationship_to_subscriber",
    "subscriber_last_name",
    "subscriber_first_name",
    "subscriber_birth_date",
)
ADJUSTMENTS = (
    "adjustment_id",
    "billing_npi",
    "claim_id",
    "adjustment_date",
    "amount",
    "reason_code",
    "reason",
)
CLAIM_LINES = (
    "pm_claim_id",
    "billing_npi",
    "frequency_code",
    "original_payer_claim_number",
    "submission_date",
    "payer_id",
    "claim_filing_indicator",
    "patient_mrn",
    "member_id",
    "patient_last_name",
    "patient_first_name",
    "patient_birth_date",
    "patient_sex",
    "rendering_npi",
    "rendering_taxonomy",
    "place_of_service",
    "location_npi",
    "diagnosis_codes",
    "claim_total_charge",
    "line_number",
    "service_date",
    "procedure_code",
    "modifiers",
    "units",
    "line_charge",
    "diagnosis_pointers",
)


class RowWriter(Protocol):
    """What `csv.writer` returns, as far as these extracts use it."""

    def writerow(self, row: Iterable[object], /) -> object: ...


AdjustmentRow = tuple[dt.date, str, str, Decimal, str, str]  # day, NPI, claim, amount, CARC, why


def _writer(path: Path, header: tuple[str, ...]) -> tuple[IO[str], RowWriter]:
    f = path.open("w", newline="", encoding="utf-8")
    w = csv.writer(f, lineterminator="\n")
    w.writerow(header)
    return f, w


def write_providers(path: Path, practices: list[Practice]) -> None:
    f, w = _writer(path, PROVIDERS)
    with f:
        for pr in practices:
            for p in pr.providers:
                loc = pr.locations[0]
                name = (
                    catalog.HOSPITALIST[0]
                    if p.specialty == "hospital"
                    else catalog.SPECIALTIES[p.specialty].name
                )
                w.writerow(
                    (
                        p.npi,
                        p.last,
                        p.first,
                        name,
                        p.taxonomy,
                        pr.npi,
                        pr.name,
                        pr.tax_id,
                        pr.system,
                        loc.location_id,
                        loc.name,
                        loc.npi,
                        loc.address,
                        loc.city,
                        loc.state,
                        loc.zip9[:5],
                        loc.pos,
                    )
                )


def write_payers(path: Path, payers: list[Payer]) -> None:
    f, w = _writer(path, PAYERS)
    with f:
        for p in payers:
            street, city, state, zip9 = p.address
            w.writerow(
                (
                    p.payer_id,
                    p.name,
                    p.kind,
                    p.filing,
                    p.clp_filing,
                    p.method,
                    p.tax_id,
                    street,
                    city,
                    state,
                    zip9[:5],
                )
            )


def write_patients(path: Path, patients: list[Patient]) -> None:
    f, w = _writer(path, PATIENTS)
    with f:
        for p in patients:
            street, city, state, zip9 = p.address
            sub = p.subscriber
            w.writerow(
                (
                    p.mrn,
                    p.last,
                    p.first,
                    p.birth.isoformat(),
                    p.sex,
                    street,
                    city,
                    state,
                    zip9[:5],
                    p.payer.payer_id,
                    p.member_id,
                    p.group,
                    "child" if sub else "self",
                    sub.last if sub else p.last,
                    sub.first if sub else p.first,
                    (sub or p).birth.isoformat(),
                )
            )


def write_adjustments(path: Path, rows: list[AdjustmentRow]) -> None:
    f, w = _writer(path, ADJUSTMENTS)
    with f:
        for i, (day, npi, claim_id, amount, code, reason) in enumerate(sorted(rows), 1):
            w.writerow(
                (f"ADJ{i:08d}", npi, claim_id, day.isoformat(), f"{amount:.2f}", code, reason)
            )


class ClaimLines:
    """The second billing system's claim export: one row per service line."""

    def __init__(self, path: Path) -> None:
        self._f, self._w = _writer(path, CLAIM_LINES)

    def write(self, c: Claim, freq: str, icn: str, submitted: dt.date) -> None:
        pat = c.patient
        dx = "|".join(c.dx)
        total = f"{c.total:.2f}"
        for i, ln in enumerate(c.lines, 1):
            self._w.writerow(
                (
                    c.claim_id,
                    c.billing_npi,
                    freq,
                    icn,
                    submitted.isoformat(),
                    c.payer.payer_id,
                    c.payer.filing,
                    pat.mrn,
                    pat.member_id,
                    pat.last,
                    pat.first,
                    pat.birth.isoformat(),
                    pat.sex,
                    c.rendering_npi,
                    c.provider.taxonomy,
                    c.pos,
                    c.location.npi,
                    dx,
                    total,
                    i,
                    c.service.isoformat(),
                    ln.code,
                    "|".join(ln.modifiers),
                    ln.units,
                    f"{ln.charge:.2f}",
                    "|".join(map(str, ln.pointers)),
                )
            )

    def close(self) -> None:
        self._f.close()
