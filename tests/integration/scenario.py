"""A dozen hand-made claims with their 837s, 835s and a write-off, for the KPI tests.

Every number the tests expect from these files is worked out by hand in
test_kpis_hand_made.py. The files are written by the small templates below so
each claim's story reads in one place; the templates know nothing of the
product's generator or parser.

Billing provider 1234567893 (Luhn-valid NPI); payers PAYER1 and PAYER2.

| claim | story |
|---|---|
| C01 | P1, 100.00 on 01-05; paid 70 on 01-20 with PR-1 20 and CO-45 10 |
| C02 | P1, 200.00 on 01-10; denied CLP02=4 CO-16 on 01-25; replacement (7) on 02-01; paid 150 with CO-45 50 on 02-20 |
| C03 | P2, 300.00 on 02-01; paid 240 CO-45 60 on 02-15; reversed (22) and corrected to 250 CO-45 50 on 03-01 |
| C04 | P1, 150.00 on 02-10; voided (8) on 02-12; never remitted |
| C05 | P2, 500.00 on 03-01; paid 300 with PR-1 100 and CO-45 100 on 03-20 |
| C06 | P1, 250.00 on 03-05; CLP02=4 with no CAS (does not balance) on 03-25 |
| C07 | P2, 400.00 on 01-15; never remitted |
| C08 | P1, 120.00 on 05-01; paid 60 with PR-2 30, CO-45 20 and line-level CO-97 10 on 05-20 |
| C09 | P2, 80.00 on 06-10; paid in full on 06-30 (the latest posting date) |
| C10 | P1, 90.00 on 06-20; never remitted |
| C11 | P1, 60.00 on 04-01; denied CO-29 on 04-20; written off 60.00 on 05-01 (adjustments extract) |
| C12 | P2, 1000.00 on 04-15; paid 700 with CO-45 300 on 06-15 |

Acknowledgements: a 999 for the 837s of 01-05, 01-10, 02-01, 03-01, 03-05 and
04-01. It rejects the set of 01-05 (C01: IK3 CLM, IK4 CLM01 code 7) and accepts
the others. A 277CA rejects C05 (A7, after its 999 accepted it) and accepts C12
(A2). C07, C04, C08, C09 and C10 are never acknowledged.
"""

from __future__ import annotations

from pathlib import Path

NPI = "1234567893"
PAYERS = {"PAYER1": "PAYER ONE", "PAYER2": "PAYER TWO"}

# (claim, payer, submission date, charge, frequency code, procedure)
SUBMISSIONS = [
    ("C01", "PAYER1", "20260105", "100.00", "1", "99213"),
    ("C02", "PAYER1", "20260110", "200.00", "1", "99214"),
    ("C07", "PAYER2", "20260115", "400.00", "1", "99215"),
    ("C02", "PAYER1", "20260201", "200.00", "7", "99214"),
    ("C03", "PAYER2", "20260201", "300.00", "1", "99204"),
    ("C04", "PAYER1", "20260210", "150.00", "1", "99213"),
    ("C04", "PAYER1", "20260212", "150.00", "8", "99213"),
    ("C05", "PAYER2", "20260301", "500.00", "1", "99205"),
    ("C06", "PAYER1", "20260305", "250.00", "1", "99214"),
    ("C11", "PAYER1", "20260401", "60.00", "1", "99212"),
    ("C12", "PAYER2", "20260415", "1000.00", "1", "99215"),
    ("C08", "PAYER1", "20260501", "120.00", "1", "99213"),
    ("C09", "PAYER2", "20260610", "80.00", "1", "99212"),
    ("C10", "PAYER1", "20260620", "90.00", "1", "99213"),
]

# (posting date, payer, [(claim, status, billed, paid, patient resp, claim CAS, line CAS)])
# A CAS is (group, reason, amount).
REMITTANCES = [
    (
        "20260120",
        "PAYER1",
        [("C01", "1", "100", "70", "20", [("PR", "1", "20"), ("CO", "45", "10")], [])],
    ),
    ("20260125", "PAYER1", [("C02", "4", "200", "0", "0", [("CO", "16", "200")], [])]),
    ("20260215", "PAYER2", [("C03", "1", "300", "240", "0", [("CO", "45", "60")], [])]),
    ("20260220", "PAYER1", [("C02", "1", "200", "150", "0", [("CO", "45", "50")], [])]),
    (
        "20260301",
        "PAYER2",
        [
            ("C03", "22", "-300", "-240", "0", [("CO", "45", "-60")], []),
            ("C03", "1", "300", "250", "0", [("CO", "45", "50")], []),
        ],
    ),
    (
        "20260320",
        "PAYER2",
        [("C05", "1", "500", "300", "100", [("PR", "1", "100"), ("CO", "45", "100")], [])],
    ),
    ("20260325", "PAYER1", [("C06", "4", "250", "0", "0", [], [])]),
    ("20260420", "PAYER1", [("C11", "4", "60", "0", "0", [("CO", "29", "60")], [])]),
    (
        "20260520",
        "PAYER1",
        [
            (
                "C08",
                "1",
                "120",
                "60",
                "30",
                [("PR", "2", "30"), ("CO", "45", "20")],
                [("CO", "97", "10")],
            )
        ],
    ),
    ("20260615", "PAYER2", [("C12", "1", "1000", "700", "0", [("CO", "45", "300")], [])]),
    ("20260630", "PAYER2", [("C09", "1", "80", "80", "0", [], [])]),
]

# 999s: (837 submission date, IK5 status, errors (IK3 segment, ordinal, loop, code;
# IK4 element position, element reference, code, bad value) or None)
ACKS_999 = [
    ("20260105", "R", ("CLM", "9", "2300", "8", "1", "1028", "7", "C01")),
    ("20260110", "A", None),
    ("20260201", "A", None),
    ("20260301", "A", None),
    ("20260305", "A", None),
    ("20260401", "A", None),
]

# 277CA claim statuses: (claim, status category:code, date)
ACKS_277 = [("C05", "A7:21", "20260303"), ("C12", "A2:20", "20260417")]

WRITE_OFFS = [("ADJ1", NPI, "C11", "2026-05-01", "60.00", "TFWO", "Timely filing write-off")]


def _envelope(
    functional_id: str, control: int, date: str, version: str, body: list[str], reply: bool = False
) -> str:
    """ISA/GS/ST ... SE/GE/IEA around `body`, with the segment count done right; a reply
    (999, 277CA) goes from the receiver back to the sender."""
    sender, receiver = ("RECEIVER", "SENDER") if reply else ("SENDER", "RECEIVER")
    isa = (
        f"ISA*00*          *00*          *ZZ*{sender:<15}*ZZ*{receiver:<15}*"
        f"{date[2:]}*1200*^*00501*{control:09d}*0*T*:~"
    )
    st_id = {"HC": "837", "HP": "835", "FA": "999", "HN": "277"}[functional_id]
    st = f"ST*{st_id}*0001*{version}"
    segments = [st, *body]
    segments.append(f"SE*{len(segments) + 1}*0001")
    return "\n".join(
        [
            isa,
            f"GS*{functional_id}*{sender}*{receiver}*{date}*1200*{control}*X*{version}~",
            *(s + "~" for s in segments),
            f"GE*1*{control}~",
            f"IEA*1*{control:09d}~",
            "",
        ]
    )


def _claim_837(
    claim: str, payer: str, date: str, charge: str, frequency: str, code: str
) -> list[str]:
    segments = [
        "HL*2*1*22*0",
        "SBR*P*18*******CI",
        f"NM1*IL*1*PATIENT*{claim}****MI*M{claim}",
        "DMG*D8*19800101*F",
        f"NM1*PR*2*{PAYERS[payer]}*****PI*{payer}",
        f"CLM*{claim}*{charge}***11:B:{frequency}*Y*A*Y*Y",
    ]
    if frequency in ("7", "8"):
        segments.append(f"REF*F8*PCN{claim}")
    segments += [
        "HI*ABK:J069",
        "LX*1",
        f"SV1*HC:{code}*{charge}*UN*1***1",
        f"DTP*472*D8*{date}",
    ]
    return segments


def _file_837(control: int, date: str, claims: list[tuple[str, ...]]) -> str:
    body = [
        f"BHT*0019*00*B{control}*{date}*1200*CH",
        "NM1*41*2*FAMILY CLINIC*****46*SENDER",
        "PER*IC*BILLING*TE*5555555555",
        "NM1*40*2*CLEARINGHOUSE*****46*RECEIVER",
        "HL*1**20*1",
        "PRV*BI*PXC*207Q00000X",
        f"NM1*85*2*FAMILY CLINIC*****XX*{NPI}",
        "N3*1 MAIN ST",
        "N4*SPRINGFIELD*IL*62701",
        "REF*EI*123456789",
    ]
    for claim, payer, _date, charge, frequency, code in claims:
        body += _claim_837(claim, payer, date, charge, frequency, code)
    return _envelope("HC", control, date, "005010X222A1", body)


def _file_835(control: int, date: str, payer: str, claims: list[tuple]) -> str:
    total = sum(float(c[3]) for c in claims)
    body = [
        f"BPR*I*{total:.2f}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999999999*DA*654321*{date}",
        f"TRN*1*T{control}*1512345678",
        f"DTM*405*{date}",
        f"N1*PR*{PAYERS[payer]}",
        f"REF*2U*{payer}",
        f"N1*PE*FAMILY CLINIC*XX*{NPI}",
        "LX*1",
    ]
    for claim, status, billed, paid, patient, claim_cas, line_cas in claims:
        body.append(f"CLP*{claim}*{status}*{billed}*{paid}*{patient}*12*PCN{claim}")
        body += [f"CAS*{g}*{r}*{a}" for g, r, a in claim_cas]
        body.append(f"NM1*QC*1*PATIENT*{claim}****MI*M{claim}")
        if line_cas:
            line_paid = paid
            body.append(f"SVC*HC:99213*{billed}*{line_paid}**1")
            body += [f"CAS*{g}*{r}*{a}" for g, r, a in line_cas]
    return _envelope("HP", control, date, "005010X221A1", body)


def _file_999(control: int, date: str, set_control: int, status: str, errors) -> str:
    body = [f"AK1*HC*{set_control}*005010X222A1", "AK2*837*0001*005010X222A1"]
    if errors:
        segment, ordinal, loop, code, position, reference, element_code, value = errors
        body += [
            f"IK3*{segment}*{ordinal}*{loop}*{code}",
            f"IK4*{position}*{reference}*{element_code}*{value}",
        ]
        body.append(f"IK5*{status}*5")
    else:
        body.append(f"IK5*{status}")
    body.append(f"AK9*{status}*1*1*{0 if status == 'R' else 1}")
    return _envelope("FA", control, date, "005010X231A1", body, reply=True)


def _file_277(control: int, date: str, claims: list[tuple[str, str, str]]) -> str:
    body = [
        f"BHT*0085*08*A{control}*{date}*1200*TH",
        "HL*1**20*1",
        "NM1*PR*2*PAYER TWO*****PI*PAYER2",
        f"TRN*1*T{control}",
        f"DTP*050*D8*{date}",
        f"DTP*009*D8*{date}",
        "HL*2*1*21*1",
        "NM1*41*2*FAMILY CLINIC*****46*SENDER",
        f"TRN*2*B{control}",
        f"STC*A1:19:PR*{date}*WQ*0",
        "HL*3*2*19*1",
        f"NM1*85*2*FAMILY CLINIC*****XX*{NPI}",
        "TRN*1*0",
        "STC*A1:19:PR**WQ*0",
    ]
    for n, (claim, status, status_date) in enumerate(claims, start=4):
        body += [
            f"HL*{n}*3*PT",
            f"NM1*QC*1*PATIENT*{claim}****MI*M{claim}",
            f"TRN*2*{claim}",
            f"STC*{status}:PR*{status_date}*{'WQ' if status.startswith('A2') else 'U'}*0",
        ]
    return _envelope("HN", control, date, "005010X214", body, reply=True)


def write(folder: Path) -> Path:
    """Write the scenario's files into `folder` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    by_date: dict[str, list[tuple[str, ...]]] = {}
    for submission in SUBMISSIONS:
        by_date.setdefault(submission[2], []).append(submission)
    controls: dict[str, int] = {}
    for n, (date, claims) in enumerate(sorted(by_date.items()), start=1):
        controls[date] = 100 + n
        (folder / f"claims_{date}.837").write_text(_file_837(100 + n, date, claims))
    for n, (date, status, errors) in enumerate(ACKS_999, start=1):
        text = _file_999(300 + n, date, controls[date], status, errors)
        (folder / f"ack_{date}.999").write_text(text)
    (folder / "status.277").write_text(_file_277(400, "20260417", ACKS_277))
    for n, (date, payer, claims) in enumerate(REMITTANCES, start=1):
        (folder / f"remit_{date}_{payer}.835").write_text(_file_835(200 + n, date, payer, claims))
    lines = ["adjustment_id,billing_npi,claim_id,adjustment_date,amount,reason_code,reason"]
    lines += [",".join(row) for row in WRITE_OFFS]
    (folder / "adjustments.csv").write_text("\n".join(lines) + "\n")
    return folder
