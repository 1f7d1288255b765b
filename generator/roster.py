"""The population a run draws from: payers, practices, clinicians and patients.

Sizes scale with the claim count so each clinician sees a realistic volume
(about 3,500 claims a year), while every specialty keeps at least ten peers so
that the peer percentiles of the provider-level rules mean something.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from . import catalog, npi
from .model import Location, Patient, Payer, Practice, Provider

CLAIMS_PER_PROVIDER = 3500
MIN_PEERS = 10
OUTLIER_WEIGHT = 2.5


@dataclass(slots=True)
class Roster:
    payers: list[Payer]
    practices: list[Practice]
    providers: list[Provider]
    patients: list[Patient]
    hospital: Practice
    csv_practice: Practice
    hospital_location: Location


def _payers() -> list[Payer]:
    d = Decimal
    return [
        Payer(
            "MCRB1",
            "MEDICARE PART B",
            "MB",
            "MB",
            "medicare",
            0.07,
            0.42,
            14,
            17,
            1,
            "310000001",
            d("0.00"),
            0.20,
            d("283.00"),
            "ACH",
            ("PO BOX 6700", "COLUMBUS", "OH", "432166700"),
        ),
        Payer(
            "MCDOH",
            "STATE MEDICAID",
            "MC",
            "MC",
            "medicaid",
            0.11,
            0.33,
            30,
            75,
            3,
            "310000002",
            d("0.00"),
            0.0,
            d("0.00"),
            "CHK",
            ("50 W TOWN ST", "COLUMBUS", "OH", "432154200"),
        ),
        Payer(
            "NSHP1",
            "NORTHSTAR HEALTH PLAN",
            "CI",
            "12",
            "commercial",
            0.08,
            0.62,
            18,
            30,
            4,
            "310000003",
            d("30.00"),
            0.20,
            d("1500.00"),
            "ACH",
            ("1200 NORTHSTAR PKWY", "DUBLIN", "OH", "430171234"),
        ),
        Payer(
            "BRBCB",
            "BLUE RIVER BLUE CROSS",
            "BL",
            "12",
            "commercial",
            0.07,
            0.58,
            20,
            35,
            2,
            "310000004",
            d("25.00"),
            0.20,
            d("1000.00"),
            "ACH",
            ("400 RIVER PLAZA", "COLUMBUS", "OH", "432151111"),
        ),
        Payer(
            "SUMMT",
            "SUMMIT MUTUAL INSURANCE",
            "CI",
            "12",
            "commercial",
            0.20,
            0.55,
            28,
            45,
            0,
            "310000005",
            d("40.00"),
            0.25,
            d("2500.00"),
            "CHK",
            ("88 SUMMIT AVE", "DAYTON", "OH", "454022222"),
        ),
        Payer(
            "HRTLD",
            "HEARTLAND HEALTH PLAN",
            "CI",
            "12",
            "commercial",
            0.09,
            0.60,
            21,
            40,
            4,
            "310000006",
            d("20.00"),
            0.15,
            d("750.00"),
            "ACH",
            ("900 PRAIRIE WAY", "MARION", "OH", "433023333"),
        ),
    ]


def _address(rng: random.Random) -> tuple[str, str, str, str]:
    city, state, zip5 = rng.choice(catalog.CITIES)
    street = f"{rng.randrange(10, 9900)} {rng.choice(catalog.STREETS)}"
    return street, city, state, zip5 + f"{rng.randrange(1000, 9999)}"


def _tax_id(rng: random.Random) -> str:
    return f"{rng.randrange(10, 99)}{rng.randrange(1000000, 9999999)}"


def _person(rng: random.Random, sex: str) -> tuple[str, str]:
    first = rng.choice(catalog.FIRST_NAMES_F if sex == "F" else catalog.FIRST_NAMES_M)
    return rng.choice(catalog.LAST_NAMES), first


def _location(rng: random.Random, used: set[str], lid: str, name: str, pos: str) -> Location:
    street, city, state, zip9 = _address(rng)
    return Location(lid, name, npi.make(rng, 2, used), street, city, state, zip9, pos)


def _practice(
    rng: random.Random,
    used: set[str],
    index: int,
    name: str,
    spec_key: str,
    taxonomy: str,
    locations: list[Location],
    system: str,
) -> Practice:
    return Practice(
        index,
        npi.make(rng, 2, used),
        name,
        _tax_id(rng),
        taxonomy,
        spec_key,
        locations,
        _address(rng),
        system,
        next_claim=rng.randrange(100000, 900000),
    )


def _provider(
    rng: random.Random,
    used: set[str],
    spec_key: str,
    taxonomy: str,
    practice: Practice,
    weight: float,
) -> Provider:
    sex = rng.choice("MF")
    last, first = _person(rng, sex)
    spec = catalog.SPECIALTIES.get(spec_key)
    rates = {
        "high": spec.high_level if spec else 0.0,
        "prev": spec.preventive if spec else 0.0,
        "p25": spec.mod25 if spec else 0.0,
        "p59": spec.mod59 if spec else 0.0,
    }
    acc = {k: rng.random() for k in rates}
    p = Provider(
        npi.make(rng, 1, used), last, first, spec_key, taxonomy, practice, weight, acc, rates
    )
    practice.providers.append(p)
    return p


def _seed_outliers(rng: random.Random, peers: list[Provider], rule: str) -> None:
    """Mark a few providers of one specialty as outliers for `rule`.

    At most one in twelve peers, so the outliers stay above the peer 90th
    percentile however it is interpolated.
    """
    candidates = [p for p in peers if not p.outlier and p.practice.system == "x12"]
    k = max(1, (len(peers) - 1) // 12)
    for p in rng.sample(candidates, k):
        p.outlier = rule
        p.weight = OUTLIER_WEIGHT
        if rule == "EM_LEVEL_OUTLIER":
            p.rates["high"] = min(0.92, p.rates["high"] + 0.42)
        elif rule == "MOD25_OUTLIER":
            p.rates["p25"] = min(0.90, p.rates["p25"] + 0.50)
        else:
            p.rates["p59"] = min(0.85, p.rates["p59"] + 0.50)


def _patients(rng: random.Random, count: int, payers: list[Payer], start: dt.date) -> list[Patient]:
    medicare, medicaid, *commercial = payers
    com_weights = [0.3, 0.3, 0.2, 0.2]
    out: list[Patient] = []
    for i in range(count):
        u = rng.random()
        age = (
            rng.randint(1, 17)
            if u < 0.18
            else rng.randint(18, 64)
            if u < 0.78
            else (rng.randint(65, 95))
        )
        birth = start - dt.timedelta(days=age * 365 + rng.randrange(1, 364))
        sex = rng.choice("FM")
        last, first = _person(rng, sex)
        if age >= 65 and rng.random() < 0.88:
            payer = medicare
        elif rng.random() < (0.35 if age < 18 else 0.18):
            payer = medicaid
        else:
            payer = rng.choices(commercial, com_weights)[0]
        if payer is medicare:
            member = f"{rng.randrange(1, 9)}{rng.choice('ACDEFGHJKM')}{rng.choice('ACDEFGHJK')}"
            member += f"{rng.randrange(10, 99)}{rng.choice('ACDEFGHJK')}{rng.choice('ACDEF')}"
            member += f"{rng.randrange(1000, 9999)}"
        elif payer is medicaid:
            member = f"{rng.randrange(10**11, 10**12)}"
        else:
            member = f"{payer.payer_id[:3]}{rng.randrange(10**8, 10**9)}"
        group = f"G{rng.randrange(10000, 99999)}" if payer.kind == "commercial" else ""
        addr = _address(rng)
        pat = Patient(f"{1000000 + i:08d}", last, first, birth, sex, payer, member, group, addr)
        if age < 18 and payer.kind == "commercial":
            psex = rng.choice("FM")
            _, pfirst = _person(rng, psex)
            pbirth = birth - dt.timedelta(days=rng.randint(22, 40) * 365)
            pat.subscriber = Patient("", last, pfirst, pbirth, psex, payer, member, group, addr)
        out.append(pat)
    return out


def build(rng: random.Random, claims: int, start: dt.date) -> Roster:
    """Everyone a run needs, sized for `claims`."""
    used: set[str] = set()
    payers = _payers()
    practices: list[Practice] = []
    providers: list[Provider] = []
    hospital_loc = _location(rng, used, "L900", "RIVERSIDE GENERAL HOSPITAL", "22")
    ed_loc = Location(
        "L901",
        "RIVERSIDE GENERAL EMERGENCY DEPT",
        hospital_loc.npi,
        hospital_loc.address,
        hospital_loc.city,
        hospital_loc.state,
        hospital_loc.zip9,
        "23",
    )
    asc_loc = _location(rng, used, "L902", "RIVERSIDE SURGERY CENTER", "24")
    loc_seq = 100
    for spec in catalog.SPECIALTIES.values():
        n = max(MIN_PEERS, round(claims * spec.claim_share / CLAIMS_PER_PROVIDER))
        n_practices = max(1, -(-n // 8))
        spec_practices = []
        for j in range(n_practices):
            city = catalog.CITIES[(len(practices) * 5) % len(catalog.CITIES)][0]
            name = f"{city} {spec.name.upper()} ASSOCIATES"
            if spec.key == "ed":
                locs = [ed_loc]
                name = f"RIVERSIDE EMERGENCY PHYSICIANS {j + 1}"
            else:
                locs = []
                for k in range(1 + (j % 2)):
                    loc_seq += 1
                    locs.append(
                        _location(
                            rng,
                            used,
                            f"L{loc_seq}",
                            f"{name} {'NORTH' if k else 'MAIN'} OFFICE",
                            "11",
                        )
                    )
                if spec.key == "ortho":
                    locs += [hospital_loc, asc_loc]
            practices.append(
                _practice(rng, used, len(practices), name, spec.key, spec.taxonomy, locs, "x12")
            )
            spec_practices.append(practices[-1])
        for i in range(n):
            providers.append(
                _provider(
                    rng,
                    used,
                    spec.key,
                    spec.taxonomy,
                    spec_practices[i % n_practices],
                    rng.uniform(0.8, 1.2),
                )
            )
    fm = catalog.SPECIALTIES["fm"]
    loc_seq += 1
    lake_loc = _location(rng, used, f"L{loc_seq}", "LAKESIDE FAMILY PRACTICE", "11")
    csv_practice = _practice(
        rng, used, len(practices), "LAKESIDE FAMILY PRACTICE", "fm", fm.taxonomy, [lake_loc], "csv"
    )
    csv_practice.fee_factor = 0.92
    practices.append(csv_practice)
    n_csv = max(3, round(claims * catalog.CSV_PRACTICE_SHARE / CLAIMS_PER_PROVIDER))
    for _ in range(n_csv):
        providers.append(
            _provider(rng, used, "fm", fm.taxonomy, csv_practice, rng.uniform(0.8, 1.2))
        )
    hospital = _practice(
        rng,
        used,
        len(practices),
        "RIVERSIDE GENERAL HOSPITAL",
        "hospital",
        catalog.HOSPITAL_TAXONOMY,
        [hospital_loc],
        "x12",
    )
    hospital.institutional = True
    hospital.address = (
        hospital_loc.address,
        hospital_loc.city,
        hospital_loc.state,
        hospital_loc.zip9,
    )
    practices.append(hospital)
    n_hosp = max(4, round(claims * catalog.HOSPITAL_SHARE / 8000))
    for _ in range(n_hosp):
        providers.append(_provider(rng, used, "hospital", catalog.HOSPITALIST[1], hospital, 1.0))
    for spec in catalog.SPECIALTIES.values():
        peers = [p for p in providers if p.specialty == spec.key]
        for rule in spec.outlier_rules:
            _seed_outliers(rng, peers, rule)
    patients = _patients(rng, max(400, claims // 3), payers, start)
    return Roster(payers, practices, providers, patients, hospital, csv_practice, hospital_loc)
