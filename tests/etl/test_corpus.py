"""The shared corpus of published X12 files: each does what its README says.

The corpus is kept unchanged in `tests/fixtures/x12-corpus` (sources, licences
and, per file, load or reject in its README). A file that loads must give the
numbers an independent reading of its bytes gives: as many claims, lines,
remittances and acknowledgements, and the same charge and payment sums.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest

from rcm.etl.x12 import X12Error, parse
from rcm.etl.x12.schemas import TABLES

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "x12-corpus" / "files"
FILES = sorted(p.name for p in CORPUS.iterdir()) if CORPUS.is_dir() else []

_4010 = r"segment 2 \(GS\): GS08 version {} is 4010; this product reads 5010"
_BEFORE_ISA = r"segment 1 \(ISA\): {} bytes before the ISA; an interchange must begin with its ISA"

# Every file the README says is rejected, with the message it must produce. Every
# other file must load.
REJECT = {
    "bad_ims__x12_no_isa_line.txt": r"segment 1 \(GS\): the file does not begin with an ISA",
    "bad_ims__x12_bad_first_line.txt": r"segment 1 \(ISA\): ISA is 105 characters .* expected 106",
    "bad_ims__x12_valid_wrong_se01.txt": r"segment 36 \(SE\): SE01 says 25 segments, counted 34",
    "bad_ims__x12_many_claims_wrong_se01.txt": (
        r"segment 11488 \(SE\): SE01 says 25 segments, counted 11486"
    ),
    "bad_k835__blue_cross_nc_no_envelope.txt": r"segment 1 \(ST\): the file does not begin with an ISA",
    "bad_lfh__demo.270_unsupported_transaction": (
        r"segment 3 \(ST\): transaction set 270 \(eligibility inquiry\) is not supported; "
        r"this product loads 837P, 837I, .*835.*999.*277CA"
    ),
    # An impossible date is never rolled over or dropped.
    "lfh__835_005010X221A1__managed-care.835": r"segment 4 \(BPR\): .*BPR16",
    "aff835__exhaustive_sample.txt": r"segment 1 \(ST\): the file does not begin with an ISA",
    "aff835__nevada_medicaid.txt": r"segment 1 \(ISA\): ISA is 72 characters .* expected 106",
    "aff835__sample_835.txt": r"segment 57 \(SE\): SE01 says 46 segments, counted 55",
    "aff835__sample_835_with_interests.txt": r"segment 57 \(SE\): SE01 says 46 segments, counted 55",
    "chs835__test.835": r"segment 18 \(SE\): SE01 says 17 segments, counted 16",
    "oop__HipaaClaims_InstitutionalClaim5010.txt": (
        r"segment 80 \(SE\): SE01 says 43 segments, counted 78"
    ),
    "oop__HipaaClaims_ProfessionalClaim1.txt": r"segment 63 \(SE\): SE01 says 42 segments, counted 61",
    "oop___835__4010_Example1_GripElements.txt": _4010.format("004010X091A1"),
    "oop___837D__4010_Spec_4.1.1_PatientIsNotSubscriber.txt": _4010.format("004010X096A1"),
    "oop___837I__4010_Spec_4.1.1_InstitutionalClaim.txt": _4010.format("004010X096A1"),
    "oop___837P__4010_Cms1500Test.txt": _4010.format("004010X098A1"),
    "pyx12__835_simple_4010.txt": _4010.format("004010X091A1"),
    "oop___835__5010_Example1.txt": (
        r"segment 2 \(GS\): GS08 version '5010' is no X12 version label and the interchange "
        r"is 4010 \(ISA12 00401\); this product reads 5010"
    ),
    "oop___837P__4010_FromNth_837_DeIdent_03.dat": (
        r"segment 2 \(GS\): GS08 version '999999X999X9' is no X12 version label"
    ),
    "sedi__X221_HP835_case_3a.edi": _BEFORE_ISA.format(472),
    "tsh__835-example.txt": (
        r"segment 2 \(~GS\): '~GS' is not a segment id .*; the interchange is 4010 "
        r"\(ISA12 00401\); this product reads 5010"
    ),
}
# The README's "either" files: what this product does with each, and why.
EITHER_REJECTED = {
    # No segment to name: the whole file is in another encoding.
    "oop___837P__5010_UnicodeExample.txt": r"^[^:]+: UTF-16 text; X12 is ASCII",
    # Text before the ISA is refused whatever follows it, as in case_3a.
    "sedi__X221_HP835_case_1.edi": _BEFORE_ISA.format(474),
    "sedi__X221_HP835_case_2.edi": _BEFORE_ISA.format(254),
    "sedi__X222_HC837_case_1.edi": _BEFORE_ISA.format(187),
}
# Either files that load: a set's ST03 names its guide in place of the group's
# GS08 (the 837I Spec files: GS08 X222, ST03 X223), and base labels read as the
# guide they name (the 837P Example files: 005010X222).
EITHER_LOADED = {
    "oop___837I__5010_Spec_3.1.1.txt": {"837I"},
    "oop___837I__5010_Spec_3.1.2_TwoClaimsForTheSameProvider.txt": {"837I"},
    "oop___837I__5010_Spec_3.1.3_PPORepricedClaim.txt": {"837I"},
    "oop___837I__5010_Spec_3.1.4_OutOfNetworkRepricedClaim.txt": {"837I"},
    "oop___837P__5010_Example1_2_And_3_Combined.txt": {"837P"},
    "oop___837P__5010_Example1_HealthInsurance.txt": {"837P"},
    "oop___837P__5010_Example2_Encounter.txt": {"837P"},
    "oop___837P__5010_Example3_COB.txt": {"837P"},
}
# Loads whose kind is worth pinning: acknowledgements and dental claims.
KINDS = {
    "bad_ims__x12_999_unsupported_transaction.txt": {"999"},
    "ims__x12_many_claims_se01_fixed.997": {"999"},
    "sedi__X224A2_HC837_pass_claim-from-billing-provider-to-payer-b.edi": {"837D"},
    "sedi__X224A2_HC837_pass_multiple-tooth-numbers.edi": {"837D"},
    "sedi__X224A2_HC837_pass_sales-tax.edi": {"837D"},
    "oop___835__5010_ExampleFromNth.txt": {"835"},
    "oop___835__5010_FromNth_835_WithMultipleInterchanges.txt": {"835"},
    "oop___837P__5010_ST1309-XX.txt": {"837P"},
    **EITHER_LOADED,
}
CLAIM_COUNTS = {
    "ims__x12_many_claims_se01_fixed.txt": 820,
    "lfh__837_005010X223A3__two-claims-single-provider.837i": 2,
    "oop___837P__5010_MedicaidExample.txt": 5,
}
REMIT_CLAIM_COUNTS = {
    "k835__emedny_sample.txt": 3,
    "k835__united_healthcare_legacy_sample.txt": 2,
    "lfh__835_005010X221A1__cob-contractural-adjustment.835": 1,
    "lfh__835_005010X221A1__medicare-part-a.835": 2,
    "lfh__835_005010X221A1__secondary-payment.835": 2,
    "lfh__835_005010X221A1__tertiary-payment.835": 1,
    "lfh__demo-file__demo.835": 2,
    "oop___835__5010_FromNth_835_WithMultipleInterchanges.txt": 56,
}
SERVICE_LINES = ("SV1", "SV2", "SV3")  # 837P, 837I, 837D


def _corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the X12 corpus is missing (looked for {CORPUS})")
    return CORPUS


def read_segments(data: bytes) -> list[list[str]]:
    """An independent reading: delimiters from the ISA, split, blanks between segments off."""
    raw = data.decode("latin-1").removeprefix("\xef\xbb\xbf").lstrip(" \t\r\n")
    element, terminator = raw[3], raw[105]
    for ch in "\r\n":
        if ch != terminator:
            raw = raw.replace(ch, "")
    pieces = (piece.lstrip(" \t") for piece in raw.split(terminator))
    return [piece.split(element) for piece in pieces if piece]


def _of(segments: list[list[str]], segment_id: str) -> list[list[str]]:
    return [s for s in segments if s[0] == segment_id]


def _sum(segments: list[list[str]], position: int) -> Decimal:
    return sum(
        (Decimal(s[position]) for s in segments if len(s) > position and s[position]), Decimal(0)
    )


def _total(table: pa.Table, column: str) -> Decimal:
    return sum((v for v in table.column(column).to_pylist() if v is not None), Decimal(0))


def _table(tables: dict[str, pa.Table], name: str) -> pa.Table:
    """A table the parse produced, or an empty one of its schema (no rows of that kind)."""
    return tables[name] if name in tables else TABLES[name].empty_table()


def check_numbers(tables: dict[str, pa.Table], segments: list[list[str]]) -> set[str]:
    """Every count and sum the tables hold equals the bytes' own; returns the kinds."""
    transactions = tables["transactions"].to_pylist()
    assert len(transactions) == len(_of(segments, "ST"))
    assert all(t["segment_count"] > 2 for t in transactions)
    kinds = {t["transaction_kind"] for t in transactions}

    def get(name: str) -> pa.Table:
        return _table(tables, name)

    claims, lines = get("claims"), get("claim_lines")
    clm = _of(segments, "CLM")
    assert claims.num_rows == len(clm)
    assert _total(claims, "total_charge") == _sum(clm, 2)
    services = [s for sid in SERVICE_LINES for s in _of(segments, sid)]
    assert lines.num_rows == len(services)
    clp = _of(segments, "CLP")
    remits = get("remit_claims")
    assert remits.num_rows == len(clp)
    assert _total(remits, "billed_amount") == _sum(clp, 3)
    assert _total(remits, "paid_amount") == _sum(clp, 4)
    assert get("remit_lines").num_rows == len(_of(segments, "SVC"))
    bpr = _of(segments, "BPR")
    payments = get("payments")
    assert payments.num_rows == len(bpr)
    assert _total(payments, "payment_amount") == _sum(bpr, 2)
    assert get("ack_groups").num_rows == len(_of(segments, "AK1"))
    assert get("ack_transaction_sets").num_rows == len(_of(segments, "AK2"))
    codes = sum(
        1
        for sid, first in (("IK5", 2), ("AK9", 5))
        for s in _of(segments, sid)
        for code in s[first : first + 5]
        if code
    )
    errors = len(_of(segments, "IK3")) + len(_of(segments, "IK4")) + codes
    assert get("ack_errors").num_rows == errors
    return kinds


def test_corpus_is_present() -> None:
    folder = _corpus()
    names = {p.name for p in folder.iterdir()}
    assert set(REJECT) | set(EITHER_REJECTED) | set(KINDS) <= names
    assert set(CLAIM_COUNTS) | set(REMIT_CLAIM_COUNTS) <= names


@pytest.mark.parametrize("name", FILES or ["(corpus missing)"])
def test_corpus_file(name: str) -> None:
    path = _corpus() / name
    expected_error = REJECT.get(name) or EITHER_REJECTED.get(name)
    if expected_error:
        with pytest.raises(X12Error) as caught:
            parse(path)
        message = str(caught.value)
        assert message.startswith(f"{name}: ")
        assert re.search(expected_error, message), message
        assert "outside a transaction set" not in message
        return
    assert not name.startswith("bad_") or name in KINDS, f"{name}: a bad_ file not described"
    tables = parse(path)
    kinds = check_numbers(tables, read_segments(path.read_bytes()))
    assert kinds <= {"837P", "837I", "837D", "835", "999", "277CA"}
    if name in KINDS:
        assert kinds == KINDS[name]
    if name in CLAIM_COUNTS:
        assert tables["claims"].num_rows == CLAIM_COUNTS[name]
    if name in REMIT_CLAIM_COUNTS:
        assert tables["remit_claims"].num_rows == REMIT_CLAIM_COUNTS[name]
    if "claims" in tables:
        claims = tables["claims"]
        assert None not in claims.column("claim_id").to_pylist()
        assert None not in claims.column("total_charge").to_pylist()
        assert "billing" in tables["parties"].column("role").to_pylist()
    if "claim_lines" in tables and kinds <= {"837P"}:
        # Composites read right even where the body uses another separator than ISA16.
        assert None not in tables["claim_lines"].column("procedure_code").to_pylist()
    if "remit_claims" in tables:
        remits = tables["remit_claims"]
        assert None not in remits.column("claim_id").to_pylist()
        assert None not in remits.column("billed_amount").to_pylist()


def test_independent_reading_sees_what_the_bytes_say() -> None:
    """The reference reader itself, on a hand-made indented, BOM-prefixed interchange."""
    isa = (
        "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     "
        "*240105*1200*^*00501*000000101*0*P*:~"
    )
    data = ("\ufeff" + isa + "\r\n  GS*HC~\r\n\tCLM*A1*10.50~ CLM*A2*2~").encode()
    segments = read_segments(data)
    assert [s[0] for s in segments] == ["ISA", "GS", "CLM", "CLM"]
    assert _sum(_of(segments, "CLM"), 2) == Decimal("12.50")
    assert segments[0][6] == "SUBMITTER01    "


def test_many_claims_sanity() -> None:
    folder = _corpus()
    tables = parse(folder / "ims__x12_many_claims_se01_fixed.txt")
    claims = tables["claims"]
    assert claims.num_rows == 820
    assert set(claims.column("billing_npi").to_pylist()) == {"1234567890"}
    assert set(claims.column("claim_id").to_pylist()) == {"A37YH556", "A37YH667"}
    # HI written as qualifier and code in separate elements (HI*BK*8901*BF*87200*BF:5559).
    first = [
        (r["qualifier"], r["code"])
        for r in tables["claim_diagnoses"].to_pylist()
        if r["claim_index"] == 1
    ]
    assert first == [("BK", "8901"), ("BF", "87200"), ("BF", "5559")]
    line = tables["claim_lines"].to_pylist()[1]
    assert (line["dx_code_1"], line["dx_code_2"], line["dx_code_3"]) == ("1987", "4134", "5559")


def test_indented_files_read_like_flat_ones() -> None:
    """The OopFactory files are indented, BOM-prefixed and CRLF: the values come out clean."""
    tables = parse(_corpus() / "oop___837P__5010_MedicaidExample.txt")
    transaction = tables["transactions"].to_pylist()[0]
    assert transaction["implementation_version"] == "005010X222A1"
    assert not any(
        value != value.strip()
        for value in tables["claims"].column("claim_id").to_pylist()
        if value is not None
    )
    # The CR-terminated file: every segment split, none with a stray line break.
    st1309 = parse(_corpus() / "oop___837P__5010_ST1309-XX.txt")
    assert st1309["transactions"].column("transaction_control_number").to_pylist() == ["1309"]


def test_published_sample_quirks() -> None:
    folder = _corpus()
    # ISA16 says ':' but the body writes 'HC>E0570>RR' and pointers '1>2'.
    example11 = parse(folder / "lfh__837_005010X222A2__demo.example11.837")
    line = example11["claim_lines"].to_pylist()[0]
    assert (line["procedure_code"], line["modifier_1"]) == ("E0570", "RR")
    assert (line["dx_code_1"], line["dx_code_2"]) == ("496", "25000")
    # SV107 written as '1.00'.
    example9 = parse(folder / "lfh__837_005010X222A2__demo.example9.837")
    assert example9["claim_lines"].column("dx_pointer_1").to_pylist() == [1]
    cob = parse(folder / "lfh__835_005010X221A1__cob-contractural-adjustment.835")
    line = cob["remit_lines"].to_pylist()[0]
    assert (line["procedure_qualifier"], line["procedure_code"]) == ("HC", "55669")
    # SVC*HC*24599.00*1766.50*187.50**1: no procedure code, read as sent.
    tertiary = parse(folder / "lfh__835_005010X221A1__tertiary-payment.835")
    line = tertiary["remit_lines"].to_pylist()[0]
    assert (line["procedure_qualifier"], line["procedure_code"]) == ("HC", None)
