"""Records the generator passes between its steps.

Plain slotted dataclasses: millions are made per run, so they stay small.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(slots=True)
class Payer:
    payer_id: str
    name: str
    filing: str  # 837 SBR09: MB, MC, CI, BL
    clp_filing: str  # 835 CLP06: MB, MC, 12, 15
    kind: str  # medicare, medicaid, commercial
    denial_rate: float
    allowed_ratio: float
    lag_min: int
    lag_max: int
    run_weekday: int  # 0 = Monday
    tax_id: str
    copay: Decimal
    coinsurance: float
    deductible: Decimal
    method: str  # ACH or CHK
    address: tuple[str, str, str, str]


@dataclass(slots=True)
class Location:
    location_id: str
    name: str
    npi: str
    address: str
    city: str
    state: str
    zip9: str
    pos: str


@dataclass(slots=True)
class Practice:
    """A billing provider: the 2010AA organisation that owns the claims."""

    index: int
    npi: str
    name: str
    tax_id: str
    taxonomy: str
    specialty: str
    locations: list[Location]
    address: tuple[str, str, str, str]
    system: str  # x12 or csv
    institutional: bool = False
    fee_factor: float = 1.0
    next_claim: int = 0
    providers: list[Provider] = field(default_factory=list)


@dataclass(slots=True)
class Provider:
    """A rendering (or attending) clinician and the rates that shape their coding."""

    npi: str
    last: str
    first: str
    specialty: str
    taxonomy: str
    practice: Practice
    weight: float
    # Deterministic quota accumulators (see quota.py): phase per attribute.
    acc: dict[str, float]
    rates: dict[str, float]
    outlier: str = ""  # EM_LEVEL_OUTLIER, MOD25_OUTLIER or MOD59_OUTLIER when seeded


@dataclass(slots=True)
class Patient:
    mrn: str
    last: str
    first: str
    birth: dt.date
    sex: str
    payer: Payer
    member_id: str
    group: str
    address: tuple[str, str, str, str]
    subscriber: Patient | None = None  # the policy holder when the patient is a dependent
    practices: int = 0  # bitmask of practices seen (new vs established patient)
    deductible_left: dict[int, Decimal] = field(default_factory=dict)


@dataclass(slots=True)
class Line:
    code: str
    modifiers: list[str]
    units: int
    charge: Decimal
    pointers: list[int]
    revenue: str = ""  # 837I revenue code
    unit_type: str = "UN"


@dataclass(slots=True)
class Claim:
    claim_id: str
    practice: Practice
    billing_npi: str  # as sent (an NPI_INVALID seed may corrupt it)
    provider: Provider
    rendering_npi: str  # as sent
    patient: Patient
    payer: Payer
    service: dt.date
    submitted: dt.date
    pos: str
    location: Location
    dx: list[str]
    lines: list[Line]
    kind: str = "P"  # P professional, I institutional
    bill_type: str = ""  # 837I facility type code (e.g. 13 outpatient, 11 inpatient)
    service_end: dt.date | None = None
    drg: str = ""
    anomaly: str = ""
    prior_auth: str = ""

    @property
    def total(self) -> Decimal:
        return sum((ln.charge for ln in self.lines), Decimal("0.00"))
