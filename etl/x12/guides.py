"""The segments each implementation guide allows in a transaction set.

A segment id outside its guide is not X12 this product can read, so the file
is rejected; a segment the guide allows that the parsers do not load is
counted per transaction set (table `unused_segments`), never dropped without
a trace. The sets list every segment id the guide's loops use between ST and
SE (envelope segments are the envelope reader's), as published in the ASC X12
TR3s: 005010X222A1 (837 professional), 005010X223A2 (837 institutional),
005010X224A2 (837 dental) and 005010X221A1 (835). The A2/A3 errata of 837P
and 837I add no segments.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Guide:
    """One implementation guide: its label for messages and its segment ids."""

    label: str
    segments: frozenset[str]


def _ids(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Segments of every 837: header, the HL levels and their names, the claim and
# the other-payer loops, and the line loop's common segments.
_837_COMMON = _ids(
    "BHT NM1 PER HL PRV CUR N3 N4 REF SBR PAT DMG CLM DTP PWK CN1 AMT K3 NTE HI HCP CAS OI MOA "
    "LX SVD"
)

GUIDES: dict[str, Guide] = {
    "837P": Guide(
        "837P 005010X222A1",
        _837_COMMON | _ids("CR1 CR2 CR3 CRC SV1 SV5 QTY MEA PS1 LIN CTP LQ FRM"),
    ),
    "837I": Guide("837I 005010X223A2", _837_COMMON | _ids("CL1 CRC MIA SV2 LIN CTP")),
    "837D": Guide("837D 005010X224A2", _837_COMMON | _ids("DN1 DN2 SV3 TOO")),
    "835": Guide(
        "835 005010X221A1",
        _ids(
            "BPR TRN CUR REF DTM N1 N3 N4 PER RDM LX TS3 TS2 CLP CAS NM1 MIA MOA AMT QTY SVC LQ PLB"
        ),
    ),
}
