"""The shared corpus of published X12 files: the good ones load, the bad ones are refused.

The corpus is kept unchanged in `tests/fixtures/x12-corpus` (sources, licences
and the list of known-bad files in its README).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl.x12 import X12Error, parse

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "x12-corpus" / "files"
FILES = sorted(p.name for p in CORPUS.iterdir()) if CORPUS.is_dir() else []

# The corpus README's table of bad files, as the message each must produce.
BAD = {
    "bad_ims__x12_no_isa_line.txt": r"segment 1 \(GS\): the file does not begin with an ISA",
    "bad_ims__x12_bad_first_line.txt": r"segment 1 \(ISA\): ISA is 105 characters .* expected 106",
    "bad_ims__x12_valid_wrong_se01.txt": r"segment 36 \(SE\): SE01 says 25 segments, counted 34",
    "bad_ims__x12_many_claims_wrong_se01.txt": (
        r"segment 11488 \(SE\): SE01 says 25 segments, counted 11486"
    ),
    "bad_k835__blue_cross_nc_no_envelope.txt": r"segment 1 \(ST\): the file does not begin with an ISA",
    "bad_lfh__demo.270_unsupported_transaction": (
        r"segment 3 \(ST\): transaction set 270 \(eligibility inquiry\) is not supported"
    ),
    "bad_ims__x12_999_unsupported_transaction.txt": (
        r"segment 3 \(ST\): transaction set 999 \(implementation acknowledgement\) is not supported"
    ),
}
# Not named bad_ and not in the README, yet not a claim or remittance file: a 999
# acknowledgement of the many-claims 837. Refused like the listed 999.
NOT_LOADABLE = {
    "ims__x12_many_claims_se01_fixed.997": (
        r"segment 3 \(ST\): transaction set 999 \(implementation acknowledgement\) is not supported"
    ),
}
CLAIM_COUNTS = {
    "ims__x12_many_claims_se01_fixed.txt": 820,
    "lfh__837_005010X223A3__two-claims-single-provider.837i": 2,
}
REMIT_CLAIM_COUNTS = {
    "k835__emedny_sample.txt": 3,
    "k835__united_healthcare_legacy_sample.txt": 2,
    "lfh__835_005010X221A1__cob-contractural-adjustment.835": 1,
    "lfh__835_005010X221A1__managed-care.835": 2,
    "lfh__835_005010X221A1__medicare-part-a.835": 2,
    "lfh__835_005010X221A1__secondary-payment.835": 2,
    "lfh__835_005010X221A1__tertiary-payment.835": 1,
    "lfh__demo-file__demo.835": 2,
}


def _corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the X12 corpus is missing (looked for {CORPUS})")
    return CORPUS


def _count_segments(path: Path, segment_id: str) -> int:
    """An independent count: split on the ISA's terminator, look at segment ids."""
    raw = path.read_bytes().decode("latin-1").lstrip("\ufeff \r\n\t")
    element, terminator = raw[3], raw[105]
    segments = raw.replace("\r", "").replace("\n", "").split(terminator)
    return sum(1 for s in segments if s.split(element, 1)[0] == segment_id)


def test_corpus_is_present() -> None:
    folder = _corpus()
    names = {p.name for p in folder.iterdir()}
    assert set(BAD) <= names
    assert set(CLAIM_COUNTS) | set(REMIT_CLAIM_COUNTS) <= names


@pytest.mark.parametrize("name", FILES or ["(corpus missing)"])
def test_corpus_file(name: str) -> None:
    folder = _corpus()
    path = folder / name
    expected_error = BAD.get(name) or NOT_LOADABLE.get(name)
    if name.startswith("bad_") or expected_error:
        assert expected_error, f"{name}: a bad_ file the README table does not describe"
        with pytest.raises(X12Error) as caught:
            parse(path)
        message = str(caught.value)
        assert message.startswith(f"{name}: segment ")
        assert re.search(expected_error, message), message
        return
    tables = parse(path)
    transactions = tables["transactions"].to_pylist()
    assert transactions and all(t["segment_count"] > 2 for t in transactions)
    kinds = {t["transaction_kind"] for t in transactions}
    if kinds == {"835"}:
        remits = tables["remit_claims"]
        assert remits.num_rows == _count_segments(path, "CLP")
        if name in REMIT_CLAIM_COUNTS:
            assert remits.num_rows == REMIT_CLAIM_COUNTS[name]
        assert tables["payments"].num_rows == len(transactions)
        assert None not in remits.column("claim_id").to_pylist()
        assert None not in remits.column("billed_amount").to_pylist()
        if "remit_lines" in tables:
            assert tables["remit_lines"].num_rows == _count_segments(path, "SVC")
    else:
        assert kinds <= {"837P", "837I"}
        claims = tables["claims"]
        assert claims.num_rows == _count_segments(path, "CLM")
        if name in CLAIM_COUNTS:
            assert claims.num_rows == CLAIM_COUNTS[name]
        assert None not in claims.column("claim_id").to_pylist()
        assert None not in claims.column("total_charge").to_pylist()
        lines = tables["claim_lines"]
        services = _count_segments(path, "SV1") + _count_segments(path, "SV2")
        assert lines.num_rows == services
        # Composites read right even where the body uses another separator than ISA16.
        assert None not in lines.column("procedure_code").to_pylist() or kinds == {"837I"}
        parties = tables["parties"]
        assert "billing" in parties.column("role").to_pylist()


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
    # BPR16 '20002316' is no calendar date: loaded, with a null payment date.
    managed = parse(folder / "lfh__835_005010X221A1__managed-care.835")
    assert managed["payments"].column("payment_date").to_pylist() == [None]
