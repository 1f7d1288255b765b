"""837 parties and claims: the 2000A-C, 2010 and 2300-2330 rows and their column positions.

A party is a parties row without its three keys (plus the DMG ordinal the
parser keeps hidden); the HL's parties become one prefix shared by all its
claims. A claim row is made at CLM with every later 2300 column empty, filled
in place as its segments arrive, and written out when its loop closes, with
its parties and other payers (2320) after it.
"""

from __future__ import annotations

from rcm.etl.x12.batches import CLAIMS, OTHER_PAYERS, PARTIES
from rcm.etl.x12.codes import DIAGNOSIS_QUALIFIERS, DRG_QUALIFIER, POINTER_QUALIFIERS
from rcm.etl.x12.parser_base import TransactionSetParser
from rcm.etl.x12.tokenizer import components

PAD = ("",) * 24
NO_SBR = ("", "", "", "")

# A party is a parties row without its three keys, plus the hidden DMG ordinal.
PARTY_FIELDS = PARTIES.names[3:]
(
    P_ROLE,
    P_ENTITY,
    P_TYPE,
    P_LAST,
    P_FIRST,
    P_MIDDLE,
    P_IDQ,
    P_ID,
    P_TAXONOMY,
    P_ADDRESS_1,
    P_ADDRESS_2,
    P_CITY,
    P_STATE,
    P_ZIP,
    P_BIRTH,
    P_SEX,
    P_DMG,
) = range(len(PARTY_FIELDS))

C = CLAIMS.index
C_DRG = C["drg_code"]
C_STATEMENT_FROM = C["statement_from"]
C_STATEMENT_TO = C["statement_to"]
C_ADMISSION_DATE = C["admission_date"]
C_ADMISSION_TYPE = C["admission_type"]
C_ADMISSION_SOURCE = C["admission_source"]
C_PATIENT_STATUS = C["patient_status"]
C_STATEMENT_SEGMENT = C["_statement_segment"]
C_ADMISSION_SEGMENT = C["_admission_segment"]
C_FACILITY_NAME = C["service_facility_name"]
C_FACILITY_ZIP = C["service_facility_zip"]
C_ORTHO_TOTAL = C["ortho_months_total"]
C_ORTHO_REMAINING = C["ortho_months_remaining"]
C_DN1_SEGMENT = C["_dn1_segment"]
# 2300 dates read by qualifier (837D): DTP01 -> (value column, segment column).
CLAIM_DATES = {
    "472": (C["claim_service_date"], C["_claim_date_segment"]),
    "452": (C["appliance_placement_date"], C["_appliance_segment"]),
}
CLAIM_REFS = {
    "F8": C["payer_claim_control_number"],
    "G1": C["prior_authorization"],
    "9F": C["referral_number"],
    "EA": C["medical_record_number"],
}
# Claim columns filled from the claim's own 2310 NM1s: entity code -> (npi, taxonomy).
CLAIM_PROVIDERS = {
    "82": (C["rendering_npi"], C["rendering_taxonomy"]),
    "71": (C["attending_npi"], None),
    "72": (C["operating_npi"], None),
    "DN": (C["referring_npi"], None),
    "DQ": (C["supervising_npi"], None),
    "77": (C["service_facility_npi"], None),
}

O = OTHER_PAYERS.index  # noqa: E741
O_MEMBER = O["subscriber_member_id"]
O_PAYER_ID = O["payer_id"]
O_PAYER_NAME = O["payer_name"]
O_PAID = O["paid_amount"]
O_REMAINING = O["remaining_liability"]
O_ADJUDICATION = O["adjudication_date"]
O_PAID_SEGMENT = O["_paid_segment"]
O_REMAINING_SEGMENT = O["_remaining_segment"]
O_ADJUDICATION_SEGMENT = O["_adjudication_segment"]


def npi_of(party: list | None) -> str:
    if party is None or party[P_IDQ] != "XX":
        return ""
    return party[P_ID]


class ClaimRows837(TransactionSetParser):
    """The rows an 837 claim loop (2300) writes: the claim, its HI codes, its parties."""

    kind: str  # "P", "I" or "D": the claim_kind column, set by Parser837

    def _prefix(
        self,
        bht: tuple,
        billing: list | None,
        billing_tax: str | None,
        billing_taxonomy: str | None,
        sbr: tuple,
        subscriber: list | None,
        payer: list | None,
        has_patient: bool,
        patient_relationship: str | None,
        patient: list | None,
    ) -> tuple:
        """Claim columns 4-26 (header, billing, subscriber, patient) and their DMG ordinals.

        They are the same for every claim under one HL, so they are built once per HL.
        """
        if subscriber is None:
            subscriber = [""] * len(PARTY_FIELDS)
        if not has_patient:
            patient_relationship = "18"
            patient = subscriber
        elif patient is None:
            patient = [""] * len(PARTY_FIELDS)
        columns = (
            bht[0],
            bht[1],
            bht[2],
            npi_of(billing),
            billing_tax,
            billing[P_LAST] if billing is not None else "",
            billing_taxonomy,
            *sbr,
            subscriber[P_ID],
            subscriber[P_LAST],
            subscriber[P_FIRST],
            subscriber[P_BIRTH],
            subscriber[P_SEX],
            payer[P_ID] if payer is not None else "",
            payer[P_LAST] if payer is not None else "",
            patient_relationship,
            patient[P_LAST],
            patient[P_FIRST],
            patient[P_BIRTH],
            patient[P_SEX],
        )
        return columns, (bht[3], subscriber[P_DMG], patient[P_DMG])

    def _claim(self, els: list, ordinal: int, prefix: tuple) -> list:
        """A claims row from CLM and the HL prefix; 2300 segments fill the rest later."""
        facility = components(els[5], self.component) if els[5] else []
        facility.extend(PAD[:3])
        columns, ordinals = prefix
        return [
            self.tx,
            str(self.out.next_claim()),
            str(ordinal),
            self.kind,
            *columns,
            els[1],  # claim_id
            els[2],  # total_charge
            facility[0],
            facility[1],
            facility[2],
            els[6],
            els[7],
            els[8],
            els[9],
            "",  # payer_claim_control_number
            "",  # prior_authorization
            "",  # referral_number
            "",  # medical_record_number
            "",  # statement_from
            "",  # statement_to
            "",  # admission_date
            "",  # admission_type
            "",  # admission_source
            "",  # patient_status
            "",  # drg_code
            "",  # rendering_npi
            "",  # rendering_taxonomy
            "",  # attending_npi
            "",  # operating_npi
            "",  # referring_npi
            "",  # supervising_npi
            "",  # service_facility_npi
            "",  # service_facility_name
            "",  # service_facility_zip
            "",  # claim_service_date
            "",  # appliance_placement_date
            "",  # ortho_months_total
            "",  # ortho_months_remaining
            els[19] if len(els) > 19 else "",  # submission_reason
            *ordinals,  # _bht_segment, _subscriber_dmg_segment, _patient_dmg_segment
            "",  # _statement_segment
            "",  # _admission_segment
            "",  # _claim_date_segment
            "",  # _appliance_segment
            "",  # _dn1_segment
        ]

    def _hi(self, els: list[str], ordinal: int, claim: list, state: list) -> None:
        """HI: diagnoses to claim_diagnoses, DR to the claim, the rest to claim_codes.

        Some senders write qualifier and code as two elements (`HI*BK*8901`);
        such pairs are read as the composite they stand for.
        """
        comp = self.component
        sep = self.separator
        tx = self.tx
        ci = claim[1]
        diagnoses = self.out.rows("claim_diagnoses")
        n = len(els)
        j = 1
        while j < n:
            element = els[j]
            position = j
            j += 1
            if not element:
                continue
            parts = element.split(comp)
            if len(parts) == 1:
                if not element.isalnum():
                    parts = components(element, comp)
                elif j < n and els[j].isalnum():
                    parts.append(els[j])  # qualifier and code sent as two elements
                    j += 1
            qualifier = parts[0]
            code = parts[1] if len(parts) > 1 else ""
            if qualifier in DIAGNOSIS_QUALIFIERS:
                state[0] += 1
                poa = parts[8] if len(parts) > 8 else ""
                diagnoses.append(sep.join((tx, ci, str(state[0]), qualifier, code, poa)))
                if qualifier in POINTER_QUALIFIERS:
                    state[1].append(code)
            elif qualifier == DRG_QUALIFIER:
                claim[C_DRG] = code
            else:
                parts.extend(PAD[:6])
                row = (
                    tx,
                    ci,
                    qualifier,
                    code,
                    parts[2],  # date_format
                    parts[3],  # date_value
                    parts[4],  # amount
                    str(ordinal),  # _hi_segment
                    f"HI{position:02d}-5",  # _amount_element
                )
                self.out.rows("claim_codes").append(sep.join(row))

    def _close_loop_2300(
        self,
        claim: list | None,
        hl_party_rows: list[str],
        claim_parties: list[list],
        line_party_rows: list[str],
        others: list[list],
    ) -> None:
        """A claim (2300) ends: its provider columns from its 2310 NM1s, then its rows go out.

        With the claim go the HL's parties, its own 2310 and 2330 parties, its
        lines' 2420 parties (close the last line first) and its 2320 other payers.
        """
        if claim is None:
            return
        tx = self.tx
        ci = claim[1]
        for party in claim_parties:
            provider = CLAIM_PROVIDERS.get(party[P_ENTITY])
            if provider is None or party[P_ROLE].startswith("other_"):
                continue
            npi_column, taxonomy_column = provider
            if not claim[npi_column]:
                claim[npi_column] = npi_of(party)
                if taxonomy_column is not None:
                    claim[taxonomy_column] = party[P_TAXONOMY]
            if party[P_ENTITY] == "77" and not claim[C_FACILITY_NAME]:
                claim[C_FACILITY_NAME] = party[P_LAST]
                claim[C_FACILITY_ZIP] = party[P_ZIP]
        out = self.out
        sep = self.separator
        out.rows("claims").append(sep.join(claim))
        party_rows = out.rows("parties")
        head = f"{tx}{sep}{ci}{sep}{sep}"
        party_rows.extend([head + row for row in hl_party_rows])
        if claim_parties:
            party_rows.extend([head + sep.join(party) for party in claim_parties])
        if line_party_rows:
            party_rows.extend(line_party_rows)
        if others:
            out.rows("other_payers").extend([sep.join(other) for other in others])
