"""Small hand-made 837P and 835 files for tests that need several billing providers,
payees sent by NPI or by tax id, and amounts that do or do not balance.

The templates know nothing of the product's generator or parser; every segment
is written out so a test's numbers can be worked out by reading it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Claim837:
    """One CLM: its patient control number, CLM02 and the charges of its SV1 lines."""

    claim_id: str
    total: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Provider837:
    """A 2000A billing provider loop: NPI (none when empty), tax id (REF*EI) and its claims."""

    npi: str
    tax_id: str
    claims: tuple[Claim837, ...]


@dataclass(frozen=True)
class Clp:
    """One CLP with its claim-level CAS triples (group, reason, amount)."""

    claim_id: str
    billed: str
    paid: str
    status: str = "1"
    cas: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Payment835:
    """One 835 transaction set: BPR02, the payee (N1*PE qualifier and id), CLPs and PLB amounts."""

    payee_qualifier: str
    payee_id: str
    claims: tuple[Clp, ...]
    total: str | None = None  # BPR02; the balanced total when None
    plb: tuple[str, ...] = ()
    trace: str = "TRACE1"
    extra: list[str] = field(default_factory=list)


def _interchange(
    functional_id: str, control: int, date: str, version: str, sets: list[list[str]]
) -> str:
    isa = (
        f"ISA*00*          *00*          *ZZ*{'SENDER':<15}*ZZ*{'RECEIVER':<15}*"
        f"{date[2:]}*1200*^*00501*{control:09d}*0*T*:~"
    )
    kind = "837" if functional_id == "HC" else "835"
    lines = [isa, f"GS*{functional_id}*SENDER*RECEIVER*{date}*1200*{control}*X*{version}~"]
    for n, body in enumerate(sets, start=1):
        segments = [f"ST*{kind}*{n:04d}*{version}", *body]
        segments.append(f"SE*{len(segments) + 1}*{n:04d}")
        lines += [s + "~" for s in segments]
    lines += [f"GE*{len(sets)}*{control}~", f"IEA*1*{control:09d}~", ""]
    return "\n".join(lines)


def file_837(control: int, date: str, providers: list[Provider837]) -> str:
    """One 837P interchange, one transaction set per billing provider."""
    sets = []
    for provider in providers:
        body = [
            f"BHT*0019*00*B{control}*{date}*1200*CH",
            "NM1*41*2*CLINIC*****46*SENDER",
            "PER*IC*BILLING*TE*5555555555",
            "NM1*40*2*CLEARINGHOUSE*****46*RECEIVER",
            "HL*1**20*1",
            "PRV*BI*PXC*207Q00000X",
            f"NM1*85*2*CLINIC {provider.npi}*****XX*{provider.npi}"
            if provider.npi
            else "NM1*85*2*CLINIC",
            "N3*1 MAIN ST",
            "N4*SPRINGFIELD*IL*62701",
            f"REF*EI*{provider.tax_id}",
        ]
        for n, claim in enumerate(provider.claims, start=2):
            body += [
                f"HL*{n}*1*22*0",
                "SBR*P*18*******CI",
                f"NM1*IL*1*PATIENT*{claim.claim_id}****MI*M{claim.claim_id}",
                "DMG*D8*19800101*F",
                "NM1*PR*2*PAYER ONE*****PI*PAYER1",
                f"CLM*{claim.claim_id}*{claim.total}***11:B:1*Y*A*Y*Y",
                "HI*ABK:J069",
            ]
            for number, charge in enumerate(claim.lines, start=1):
                body += [f"LX*{number}", f"SV1*HC:99213*{charge}*UN*1***1", f"DTP*472*D8*{date}"]
        sets.append(body)
    return _interchange("HC", control, date, "005010X222A1", sets)


def _cents(amount: str) -> int:
    return round(float(amount) * 100)


def file_835(control: int, date: str, payments: list[Payment835]) -> str:
    """One 835 interchange with one transaction set per payment."""
    sets = []
    for payment in payments:
        cents = sum(_cents(c.paid) for c in payment.claims) - sum(_cents(a) for a in payment.plb)
        total = payment.total if payment.total is not None else f"{cents / 100:.2f}"
        body = [
            f"BPR*I*{total}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999999999*DA*654321*{date}",
            f"TRN*1*{payment.trace}*1512345678",
            f"DTM*405*{date}",
            "N1*PR*PAYER ONE",
            "REF*2U*PAYER1",
            f"N1*PE*CLINIC*{payment.payee_qualifier}*{payment.payee_id}",
            *payment.extra,
            "LX*1",
        ]
        for clp in payment.claims:
            body.append(
                f"CLP*{clp.claim_id}*{clp.status}*{clp.billed}*{clp.paid}**12*PCN{clp.claim_id}"
            )
            body += [f"CAS*{g}*{r}*{a}" for g, r, a in clp.cas]
            body.append(f"NM1*QC*1*PATIENT*{clp.claim_id}****MI*M{clp.claim_id}")
        for n, amount in enumerate(payment.plb, start=1):
            body.append(f"PLB*{payment.payee_id}*{date[:4]}1231*WO:REF{n}*{amount}")
        sets.append(body)
    return _interchange("HP", control, date, "005010X221A1", sets)
