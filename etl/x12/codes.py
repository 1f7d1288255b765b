"""Code lists the parsers branch on: versions, transaction names, NM1 roles, HI qualifiers."""

from __future__ import annotations

import re

# Implementation guides this product loads, by ST01, mapped to the transaction kind.
# A base label without its errata suffix (005010X222) names the same guide and
# reads the same way; the guides' own examples are labelled so.
SUPPORTED_VERSIONS: dict[str, dict[str, str]] = {
    "837": {
        "005010X222A1": "837P",
        "005010X222A2": "837P",
        "005010X223A2": "837I",
        "005010X223A3": "837I",
        "005010X222": "837P",
        "005010X223": "837I",
        "005010X224A2": "837D",
    },
    "835": {"005010X221A1": "835", "005010X221": "835"},
    # 005010X231 is the 999 guide before its A1 errata, which added no segments.
    "999": {"005010X231A1": "999", "005010X231": "999"},
    "277": {"005010X214": "277CA"},
}

_RELEASE = re.compile(r"00([1-9][0-9]{2})(?:0.*)?")


def x12_release(label: str) -> str | None:
    """The X12 release a version label (GS08, ST03, ISA12) names: '4010', '5010', or None.

    '004010X098A1' and ISA12 '00401' are 4010; '5010' or '999999X999X9' name none.
    """
    found = _RELEASE.fullmatch(label)
    return found.group(1) + "0" if found else None


# Names of the transaction sets people send by mistake, for a message that says what it was.
TRANSACTION_NAMES: dict[str, str] = {
    "270": "eligibility inquiry",
    "271": "eligibility response",
    "275": "patient information",
    "276": "claim status inquiry",
    "277": "claim status response",
    "278": "services review",
    "820": "premium payment",
    "834": "benefit enrollment",
    "835": "claim payment",
    "837": "health care claim",
    "997": "functional acknowledgement",
    "999": "implementation acknowledgement",
}

# NM101 entity identifier -> the role the parties table names it by. The 2310
# loop letters mean different things in 837P and 837I, the entity codes do not.
ROLES: dict[str, str] = {
    "85": "billing",
    "87": "pay_to",
    "PE": "pay_to_plan",
    "IL": "subscriber",
    "PR": "payer",
    "QC": "patient",
    "82": "rendering",
    "DN": "referring",
    "P3": "primary_care",
    "77": "service_facility",
    "DQ": "supervising",
    "71": "attending",
    "72": "operating",
    "ZZ": "other_operating",
    "DK": "ordering",
    "QB": "purchased_service",
    "PW": "pickup_location",
    "45": "dropoff_location",
    "FA": "facility",
    "TL": "testing_laboratory",
}

# HI qualifiers that carry diagnoses (claim_diagnoses); every other HI entry
# except DR (the DRG, on the claim row) goes to claim_codes.
DIAGNOSIS_QUALIFIERS = frozenset({"ABK", "ABF", "BK", "BF", "ABJ", "BJ", "APR", "PR", "ABN", "BN"})
# The ones SV107 diagnosis pointers count through (837P HI: principal + other).
POINTER_QUALIFIERS = frozenset({"ABK", "ABF", "BK", "BF"})
DRG_QUALIFIER = "DR"


def role_of(entity: str) -> str:
    """The parties role of an NM101 code; unknown codes keep their code."""
    return ROLES.get(entity) or f"entity_{entity}"
