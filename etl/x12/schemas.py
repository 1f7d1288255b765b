"""Arrow schemas of the tables the X12 parsers emit.

These are the contract between the pure parsers and the loader: the loader
creates one staging table per schema and appends batches as they come. Every
row carries `transaction_index` (the ordinal of its ST segment in the file) and,
below the transaction, `claim_index` (the ordinal of its CLM or CLP in the
file), so rows of one file join without any database key. Money is
DECIMAL(18,2), quantities DECIMAL(15,3), dates are dates; everything else is the
text as sent.
"""

from __future__ import annotations

import pyarrow as pa

MONEY = pa.decimal128(18, 2)
QUANTITY = pa.decimal128(15, 3)
DATE = pa.date32()
TEXT = pa.string()
ORDINAL = pa.int64()
SMALL = pa.int32()


def _schema(*fields: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema([pa.field(name, kind) for name, kind in fields])


# One row per ST/SE transaction set, with its group and interchange envelope.
TRANSACTIONS = _schema(
    ("transaction_index", SMALL),
    ("interchange_control_number", TEXT),  # ISA13
    ("sender_qualifier", TEXT),  # ISA05
    ("sender_id", TEXT),  # ISA06, trimmed
    ("receiver_qualifier", TEXT),  # ISA07
    ("receiver_id", TEXT),  # ISA08, trimmed
    ("interchange_date", DATE),  # ISA09
    ("usage_indicator", TEXT),  # ISA15: P production, T test
    ("functional_id", TEXT),  # GS01: HC claims, HP remittance
    ("application_sender", TEXT),  # GS02
    ("application_receiver", TEXT),  # GS03
    ("group_control_number", TEXT),  # GS06
    ("transaction_set_id", TEXT),  # ST01: 837 or 835
    ("transaction_control_number", TEXT),  # ST02
    ("implementation_version", TEXT),  # ST03, else GS08
    ("transaction_kind", TEXT),  # 837P, 837I or 835
    ("segment_count", SMALL),  # SE01, verified
    ("first_segment", ORDINAL),  # ordinal of ST in the file (1-based)
)

# 837: one row per CLM (a submission of a claim).
CLAIMS = _schema(
    ("transaction_index", SMALL),
    ("claim_index", ORDINAL),
    ("claim_segment", ORDINAL),  # ordinal of CLM in the file
    ("claim_kind", TEXT),  # P professional, I institutional, D dental
    ("bht_reference", TEXT),  # BHT03
    ("submission_date", DATE),  # BHT04
    ("bht_transaction_type", TEXT),  # BHT06: CH chargeable, RP reporting
    ("billing_npi", TEXT),  # 2010AA NM109 (XX)
    ("billing_tax_id", TEXT),  # 2010AA REF*EI / SY
    ("billing_name", TEXT),
    ("billing_taxonomy", TEXT),  # 2000A PRV03
    ("payer_responsibility", TEXT),  # 2000B SBR01: P, S, T...
    ("subscriber_relationship", TEXT),  # 2000B SBR02 (18 = self)
    ("group_number", TEXT),  # SBR03
    ("claim_filing_indicator", TEXT),  # SBR09: MB, MC, CI, BL...
    ("subscriber_member_id", TEXT),  # 2010BA NM109
    ("subscriber_last_name", TEXT),
    ("subscriber_first_name", TEXT),
    ("subscriber_birth_date", DATE),  # 2010BA DMG02
    ("subscriber_sex", TEXT),  # 2010BA DMG03
    ("payer_id", TEXT),  # 2010BB NM109
    ("payer_name", TEXT),  # 2010BB NM103
    ("patient_relationship", TEXT),  # 2000C PAT01, or 18 when the subscriber is the patient
    ("patient_last_name", TEXT),
    ("patient_first_name", TEXT),
    ("patient_birth_date", DATE),
    ("patient_sex", TEXT),
    ("claim_id", TEXT),  # CLM01, the patient control number
    ("total_charge", MONEY),  # CLM02
    ("facility_code", TEXT),  # CLM05-1: place of service (P) or facility type (I)
    ("facility_code_qualifier", TEXT),  # CLM05-2
    ("frequency_code", TEXT),  # CLM05-3: 1 original, 7 replacement, 8 void
    ("provider_signature", TEXT),  # CLM06
    ("assignment_code", TEXT),  # CLM07
    ("benefits_assignment", TEXT),  # CLM08
    ("release_of_information", TEXT),  # CLM09
    ("payer_claim_control_number", TEXT),  # REF*F8 (original claim, on replacements/voids)
    ("prior_authorization", TEXT),  # REF*G1
    ("referral_number", TEXT),  # REF*9F
    ("medical_record_number", TEXT),  # REF*EA
    ("statement_from", DATE),  # 837I DTP*434
    ("statement_to", DATE),
    ("admission_date", DATE),  # 837I DTP*435
    ("admission_type", TEXT),  # 837I CL101
    ("admission_source", TEXT),  # CL102
    ("patient_status", TEXT),  # CL103
    ("drg_code", TEXT),  # 837I HI*DR
    ("rendering_npi", TEXT),  # claim-level rendering provider
    ("rendering_taxonomy", TEXT),
    ("attending_npi", TEXT),  # 837I 2310A
    ("operating_npi", TEXT),  # 837I 2310B
    ("referring_npi", TEXT),
    ("supervising_npi", TEXT),
    ("service_facility_npi", TEXT),
    ("service_facility_name", TEXT),
    ("service_facility_zip", TEXT),
    ("claim_service_date", DATE),  # 837D 2300 DTP*472: one date of service for the claim
    ("appliance_placement_date", DATE),  # 837D 2300 DTP*452 (orthodontic appliance)
    ("ortho_months_total", QUANTITY),  # 837D DN101: orthodontic treatment months
    ("ortho_months_remaining", QUANTITY),  # 837D DN102
    ("submission_reason", TEXT),  # CLM19 (837D: PB predetermination of benefits)
)

# 837 HI diagnoses, in the order sent (ordinal 1 = principal / first listed).
CLAIM_DIAGNOSES = _schema(
    ("transaction_index", SMALL),
    ("claim_index", ORDINAL),
    ("ordinal", SMALL),
    ("qualifier", TEXT),  # ABK, ABF, BK, BF, ABJ, APR, ABN, ...
    ("code", TEXT),  # as sent, without the dot
    ("present_on_admission", TEXT),  # HI0n-9 (837I)
)

# 837 HI entries that are not diagnoses: institutional procedures (BBR, BBQ,
# BR, BQ), occurrence (BH), occurrence span (BI), value (BE) and condition (BG) codes.
CLAIM_CODES = _schema(
    ("transaction_index", SMALL),
    ("claim_index", ORDINAL),
    ("qualifier", TEXT),
    ("code", TEXT),
    ("date_format", TEXT),  # D8 or RD8
    ("date_value", TEXT),  # as sent: YYYYMMDD or YYYYMMDD-YYYYMMDD
    ("amount", MONEY),  # value codes (BE)
)

# 837 2400 service lines.
CLAIM_LINES = _schema(
    ("transaction_index", SMALL),
    ("claim_index", ORDINAL),
    ("line_number", SMALL),  # LX01
    ("line_segment", ORDINAL),  # ordinal of SV1/SV2 in the file
    ("procedure_qualifier", TEXT),  # HC, ER, IV, WK...
    ("procedure_code", TEXT),
    ("modifier_1", TEXT),
    ("modifier_2", TEXT),
    ("modifier_3", TEXT),
    ("modifier_4", TEXT),
    ("revenue_code", TEXT),  # SV201 (837I)
    ("charge", MONEY),  # SV102 / SV203
    ("unit_type", TEXT),  # UN, MJ, DA...
    ("units", QUANTITY),
    ("place_of_service", TEXT),  # SV105 (837P)
    ("dx_pointer_1", SMALL),  # SV107 pointers into the claim's diagnoses
    ("dx_pointer_2", SMALL),
    ("dx_pointer_3", SMALL),
    ("dx_pointer_4", SMALL),
    ("dx_code_1", TEXT),  # the diagnoses the pointers resolve to
    ("dx_code_2", TEXT),
    ("dx_code_3", TEXT),
    ("dx_code_4", TEXT),
    ("emergency_indicator", TEXT),  # SV109
    ("service_date", DATE),  # DTP*472 (start of a range)
    ("service_date_end", DATE),
    ("rendering_npi", TEXT),  # 2420A, when the line overrides the claim
    ("referring_npi", TEXT),  # 2420F
    ("line_control_number", TEXT),  # REF*6R
    ("ndc", TEXT),  # LIN03 (2410)
    ("oral_cavity_designation", TEXT),  # 837D SV304 area codes, joined with ':'
    ("prosthesis_crown_inlay", TEXT),  # 837D SV305: I initial placement, R replacement
    ("prior_placement_date", DATE),  # 837D DTP*441
    ("appliance_placement_date", DATE),  # 837D DTP*452
    ("replacement_date", DATE),  # 837D DTP*446
    ("treatment_start_date", DATE),  # 837D DTP*196
    ("treatment_completion_date", DATE),  # 837D DTP*198
)

# 837D TOO: one row per tooth a dental service line names, in the order sent.
LINE_TEETH = _schema(
    ("transaction_index", SMALL),
    ("claim_index", ORDINAL),
    ("line_number", SMALL),  # LX01 of the line
    ("line_segment", ORDINAL),  # ordinal of the line's SV3: claim_lines.line_segment
    ("segment", ORDINAL),  # ordinal of the TOO in the file
    ("code_qualifier", TEXT),  # TOO01: JP (ADA universal national tooth designation)
    ("tooth_number", TEXT),  # TOO02: 1-32, A-T, supernumerary 51-82 / AS-TS
    ("surfaces", TEXT),  # TOO03 surface codes (B, D, F, I, L, M, O) joined with ':'
)

# 837D DN2: the status of the patient's teeth the claim reports (missing or to be extracted).
TOOTH_STATUS = _schema(
    ("transaction_index", SMALL),
    ("claim_index", ORDINAL),
    ("segment", ORDINAL),  # ordinal of the DN2 in the file
    ("tooth_number", TEXT),  # DN201
    ("status_code", TEXT),  # DN202: E to be extracted, M missing, X extracted
    ("code_qualifier", TEXT),  # DN204: JP
)

# 837 parties: every NM1 of the billing, subscriber, patient, claim and line
# levels, one row per claim it applies to.
PARTIES = _schema(
    ("transaction_index", SMALL),
    ("claim_index", ORDINAL),
    ("line_number", SMALL),  # null above the line level
    ("role", TEXT),  # billing, pay_to, subscriber, patient, payer, rendering, referring,
    # service_facility, supervising, attending, operating, other_operating, other_payer...
    ("entity_identifier", TEXT),  # NM101: 85, IL, QC, PR, 82, DN, 77...
    ("entity_type", TEXT),  # NM102: 1 person, 2 organisation
    ("last_or_organization_name", TEXT),
    ("first_name", TEXT),
    ("middle_name", TEXT),
    ("id_qualifier", TEXT),  # NM108: XX (NPI), MI, PI, 24...
    ("id", TEXT),  # NM109
    ("taxonomy", TEXT),  # PRV03
    ("address_1", TEXT),
    ("address_2", TEXT),
    ("city", TEXT),
    ("state", TEXT),
    ("postal_code", TEXT),
    ("birth_date", DATE),
    ("sex", TEXT),
)

# 837 2320/2330 other payers (coordination of benefits).
OTHER_PAYERS = _schema(
    ("transaction_index", SMALL),
    ("claim_index", ORDINAL),
    ("payer_responsibility", TEXT),  # SBR01
    ("subscriber_relationship", TEXT),  # SBR02
    ("group_number", TEXT),
    ("claim_filing_indicator", TEXT),  # SBR09
    ("payer_id", TEXT),  # 2330B NM109
    ("payer_name", TEXT),
    ("subscriber_member_id", TEXT),  # 2330A NM109
    ("paid_amount", MONEY),  # AMT*D
    ("remaining_liability", MONEY),  # AMT*EAF
    ("adjudication_date", DATE),  # DTP*573
)

# 835: one row per transaction (one payment or remittance advice).
PAYMENTS = _schema(
    ("transaction_index", SMALL),
    ("handling_code", TEXT),  # BPR01: I, H, C, P...
    ("payment_amount", MONEY),  # BPR02
    ("credit_debit", TEXT),  # BPR03
    ("payment_method", TEXT),  # BPR04: ACH, CHK, NON...
    ("payment_format", TEXT),  # BPR05
    ("payment_date", DATE),  # BPR16, the posting date
    ("trace_type", TEXT),  # TRN01
    ("trace_number", TEXT),  # TRN02
    ("originator_id", TEXT),  # TRN03
    ("receiver_id", TEXT),  # REF*EV
    ("production_date", DATE),  # DTM*405
    ("payer_id", TEXT),  # REF*2U, else N1*PR N104 (never TRN03)
    ("payer_name", TEXT),  # N1*PR N102
    ("payee_name", TEXT),  # N1*PE N102
    ("payee_id_qualifier", TEXT),  # N1*PE N103
    ("payee_id", TEXT),  # N1*PE N104
    ("payee_npi", TEXT),  # N104 when N103 = XX, else REF*HPI
    ("payee_tax_id", TEXT),  # N104 when FI, else REF*TJ
)

# 835 2100: one row per CLP.
REMIT_CLAIMS = _schema(
    ("transaction_index", SMALL),
    ("claim_index", ORDINAL),
    ("claim_segment", ORDINAL),  # ordinal of CLP in the file
    ("header_number", TEXT),  # LX01 of the 2000 header it sits under
    ("claim_id", TEXT),  # CLP01
    ("status_code", TEXT),  # CLP02: 1, 2, 3, 4, 19, 20, 21, 22, 23
    ("billed_amount", MONEY),  # CLP03
    ("paid_amount", MONEY),  # CLP04
    ("patient_responsibility", MONEY),  # CLP05
    ("claim_filing_indicator", TEXT),  # CLP06
    ("payer_claim_control_number", TEXT),  # CLP07
    ("facility_code", TEXT),  # CLP08
    ("frequency_code", TEXT),  # CLP09
    ("drg_code", TEXT),  # CLP11
    ("patient_last_name", TEXT),  # NM1*QC
    ("patient_first_name", TEXT),
    ("patient_member_id", TEXT),
    ("insured_member_id", TEXT),  # NM1*IL
    ("rendering_npi", TEXT),  # NM1*82 when XX
    ("crossover_payer_name", TEXT),  # NM1*TT
    ("statement_from", DATE),  # DTM*232
    ("statement_to", DATE),  # DTM*233
    ("received_date", DATE),  # DTM*050
    ("coverage_amount", MONEY),  # AMT*AU
)

# 835 2110: one row per SVC.
REMIT_LINES = _schema(
    ("transaction_index", SMALL),
    ("claim_index", ORDINAL),
    ("line_index", SMALL),  # 1-based position of the SVC within its CLP
    ("line_segment", ORDINAL),
    ("procedure_qualifier", TEXT),
    ("procedure_code", TEXT),
    ("modifier_1", TEXT),
    ("modifier_2", TEXT),
    ("modifier_3", TEXT),
    ("modifier_4", TEXT),
    ("charge", MONEY),  # SVC02
    ("paid", MONEY),  # SVC03
    ("revenue_code", TEXT),  # SVC04
    ("units_paid", QUANTITY),  # SVC05
    ("original_procedure_code", TEXT),  # SVC06-2, when the payer changed the code
    ("units_billed", QUANTITY),  # SVC07
    ("service_date", DATE),  # DTM*472, or DTM*150
    ("service_date_end", DATE),  # DTM*151
    ("line_control_number", TEXT),  # REF*6R
    ("allowed_amount", MONEY),  # AMT*B6
)

# 835 CAS: one row per group/reason/amount triple, claim level (line_index null)
# or line level.
ADJUSTMENTS = _schema(
    ("transaction_index", SMALL),
    ("claim_index", ORDINAL),
    ("line_index", SMALL),
    ("segment", ORDINAL),  # ordinal of the CAS in the file
    ("group_code", TEXT),  # CO, PR, OA, PI (5010 has no CR)
    ("reason_code", TEXT),  # CARC
    ("amount", MONEY),
    ("quantity", QUANTITY),
)

# 835 remark codes: LQ (line level), MOA / MIA (claim level).
REMARKS = _schema(
    ("transaction_index", SMALL),
    ("claim_index", ORDINAL),
    ("line_index", SMALL),
    ("source", TEXT),  # LQ, MOA, MIA
    ("qualifier", TEXT),  # LQ01: HE (RARC) or RX (NCPDP reject)
    ("code", TEXT),
)

# Segments the transaction's implementation guide allows but no parser loads,
# counted per transaction set, so that what a file carried and the product did
# not read is on record (etl/x12/guides.py).
UNUSED_SEGMENTS = _schema(
    ("transaction_index", SMALL),
    ("segment_id", TEXT),
    ("count", ORDINAL),
)

# 835 PLB: provider-level adjustments, one row per reason/amount pair.
PROVIDER_ADJUSTMENTS = _schema(
    ("transaction_index", SMALL),
    ("segment", ORDINAL),
    ("provider_id", TEXT),  # PLB01
    ("fiscal_period_date", DATE),  # PLB02
    ("reason_code", TEXT),  # PLBnn-1: WO, L6, FB, 72...
    ("reference_id", TEXT),  # PLBnn-2
    ("amount", MONEY),  # positive reduces the payment
)

# 999 AK1 + AK9: one row per 999 transaction set, the functional group it answers.
ACK_GROUPS = _schema(
    ("transaction_index", SMALL),
    ("segment", ORDINAL),  # ordinal of AK1 in the file
    ("functional_id", TEXT),  # AK101: HC for claims
    ("group_control_number", TEXT),  # AK102: GS06 of the group acknowledged
    ("version", TEXT),  # AK103: GS08 of the group acknowledged
    ("group_status", TEXT),  # AK901: A, E, M, P, R, W, X
    ("sets_included", SMALL),  # AK902
    ("sets_received", SMALL),  # AK903
    ("sets_accepted", SMALL),  # AK904
    ("status_segment", ORDINAL),  # ordinal of AK9
)

# 999 AK2 + IK5: one row per transaction set acknowledged.
ACK_TRANSACTION_SETS = _schema(
    ("transaction_index", SMALL),
    ("segment", ORDINAL),  # ordinal of AK2 in the file
    ("set_id", TEXT),  # AK201: 837
    ("control_number", TEXT),  # AK202: ST02 of the set acknowledged
    ("implementation_reference", TEXT),  # AK203: its ST03
    ("status", TEXT),  # IK501: A, E, M, R, W, X
    ("status_segment", ORDINAL),  # ordinal of IK5
)

# 999 errors: one row per IK3 segment error, IK4 element error, IK502-06 set
# error code and AK905-09 group error code.
ACK_ERRORS = _schema(
    ("transaction_index", SMALL),
    ("set_segment", ORDINAL),  # ordinal of the AK2 it belongs to; null for group errors
    ("segment", ORDINAL),  # ordinal of the IK3, IK4, IK5 or AK9 in the file
    ("level", TEXT),  # segment, element, transaction_set, group
    ("error_code", TEXT),  # IK304, IK403, IK502-06 or AK905-09
    ("error_text", TEXT),  # the code's text in the 999 guide
    ("segment_id", TEXT),  # IK301: the segment in error in the acknowledged set
    ("segment_position", ORDINAL),  # IK302: its position in that set (ST = 1)
    ("loop_id", TEXT),  # IK303
    ("element_position", SMALL),  # IK401-1
    ("component_position", SMALL),  # IK401-2
    ("repetition_position", SMALL),  # IK401-3
    ("element_reference", TEXT),  # IK402: data element reference number
    ("bad_value", TEXT),  # IK404: copy of the bad data element
    ("context_name", TEXT),  # CTX01-1: e.g. CLM01, or SITUATIONAL TRIGGER
    ("context_reference", TEXT),  # CTX01-2: e.g. the patient control number
    ("context_segment_id", TEXT),  # CTX02
    ("context_segment_position", ORDINAL),  # CTX03
)

# 277CA: one row per STC (claim acknowledgement status), with the claim or
# level it applies to.
CLAIM_STATUSES = _schema(
    ("transaction_index", SMALL),
    ("claim_index", ORDINAL),  # ordinal of the 2200D claim in the file; null above it
    ("segment", ORDINAL),  # ordinal of the STC in the file
    ("level", TEXT),  # information_receiver, billing_provider, claim, service_line
    ("report_date", DATE),  # BHT04: the date the 277CA was made
    ("payer_name", TEXT),  # 2100A NM103 (information source)
    ("payer_id", TEXT),  # 2100A NM109
    ("receipt_date", DATE),  # 2200A DTP*050
    ("process_date", DATE),  # 2200A DTP*009
    ("receiver_name", TEXT),  # 2100B NM103
    ("receiver_id", TEXT),  # 2100B NM109
    ("batch_trace_number", TEXT),  # 2200B TRN02: the claim transaction batch number
    ("billing_name", TEXT),  # 2100C NM103
    ("billing_id_qualifier", TEXT),  # 2100C NM108: XX, FI, SV
    ("billing_id", TEXT),  # 2100C NM109
    ("billing_npi", TEXT),  # NM109 when NM108 = XX
    ("patient_last_name", TEXT),  # 2100D NM103
    ("patient_first_name", TEXT),  # 2100D NM104
    ("patient_member_id", TEXT),  # 2100D NM109
    ("claim_id", TEXT),  # 2200D TRN02: the patient control number (CLM01)
    ("payer_claim_control_number", TEXT),  # 2200D REF*1K
    ("clearinghouse_trace_number", TEXT),  # 2200D REF*D9
    ("bill_type", TEXT),  # 2200D REF*BLT
    ("service_date", DATE),  # 2200D DTP*472 (start of a range)
    ("service_date_end", DATE),
    ("line_index", SMALL),  # 1-based position of the SVC within its claim
    ("procedure_qualifier", TEXT),  # SVC01-1
    ("procedure_code", TEXT),  # SVC01-2
    ("modifier_1", TEXT),
    ("modifier_2", TEXT),
    ("modifier_3", TEXT),
    ("modifier_4", TEXT),
    ("revenue_code", TEXT),  # SVC04
    ("line_charge", MONEY),  # SVC02
    ("line_units", QUANTITY),  # SVC07
    ("line_control_number", TEXT),  # 2220D REF*FJ
    ("line_service_date", DATE),  # 2220D DTP*472
    ("line_service_date_end", DATE),
    ("category_code", TEXT),  # STC01-1: A0-A8, DR...
    ("status_code", TEXT),  # STC01-2
    ("entity_code", TEXT),  # STC01-3
    ("category_code_2", TEXT),  # STC10-1
    ("status_code_2", TEXT),
    ("entity_code_2", TEXT),
    ("category_code_3", TEXT),  # STC11-1
    ("status_code_3", TEXT),
    ("entity_code_3", TEXT),
    ("status_date", DATE),  # STC02
    ("action_code", TEXT),  # STC03: WQ accepted, U rejected
    ("amount", MONEY),  # STC04: charges the status applies to
    ("message", TEXT),  # STC12
    ("accepted_quantity", QUANTITY),  # 2200B QTY*90 / 2200C QTY*QA
    ("rejected_quantity", QUANTITY),  # 2200B QTY*AA / 2200C QTY*QC
    ("accepted_amount", MONEY),  # AMT*YU
    ("rejected_amount", MONEY),  # AMT*YY
)

TABLES: dict[str, pa.Schema] = {
    "transactions": TRANSACTIONS,
    "claims": CLAIMS,
    "claim_diagnoses": CLAIM_DIAGNOSES,
    "claim_codes": CLAIM_CODES,
    "claim_lines": CLAIM_LINES,
    "line_teeth": LINE_TEETH,
    "tooth_status": TOOTH_STATUS,
    "parties": PARTIES,
    "other_payers": OTHER_PAYERS,
    "payments": PAYMENTS,
    "remit_claims": REMIT_CLAIMS,
    "remit_lines": REMIT_LINES,
    "adjustments": ADJUSTMENTS,
    "remarks": REMARKS,
    "unused_segments": UNUSED_SEGMENTS,
    "provider_adjustments": PROVIDER_ADJUSTMENTS,
    "ack_groups": ACK_GROUPS,
    "ack_transaction_sets": ACK_TRANSACTION_SETS,
    "ack_errors": ACK_ERRORS,
    "claim_statuses": CLAIM_STATUSES,
}
