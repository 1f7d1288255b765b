"""Expectation results: samples that name their rows (file and segment when the key
is null), JSON without NaN or Infinity, and the balance listings of 835 transactions,
835 claims and 837 claims, and of unmatched remittances."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest

from rcm.data_quality import run_checks
from rcm.data_quality.expectations.json_values import dumps
from rcm.data_quality.expectations.suites import Check, Spec
from rcm.data_quality.expectations.validate import SAMPLE_SIZE, Validator
from rcm.pipeline import load
from rcm.warehouse import Warehouse
from tests.integration.x12_build import Claim837, Clp, Payment835, Provider837, file_835, file_837

DAY = dt.date(2026, 3, 1)


def _strict(text: str) -> Any:
    """Parse JSON the way every other JSON reader does: NaN and Infinity are errors."""

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (float("nan"), None),
        (float("inf"), None),
        (-math.inf, None),
        (np.float64("nan"), None),
        (np.nan, None),
        (pd.NaT, None),
        (pd.NA, None),
        (np.datetime64("NaT"), None),
        (Decimal("NaN"), None),
        (np.int64(7), 7),
        (12.0, 12),
        (0.25, 0.25),
        (Decimal("12.50"), "12.50"),
        (pd.Timestamp("2026-03-01"), "2026-03-01"),
        (np.datetime64("2026-03-01T00:00:00.000000000"), "2026-03-01"),
        ({"p_value": float("nan"), "rates": [1.5, float("inf")]}, {"p_value": None, "rates": [1.5, None]}),
    ],
)  # fmt: skip
def test_dumps_writes_null_for_what_json_cannot_hold(value: object, expected: object) -> None:
    text = dumps(value)
    assert "NaN" not in text and "Infinity" not in text
    assert _strict(text) == expected


@pytest.fixture(scope="module")
def validator() -> Iterator[Validator]:
    v = Validator()
    yield v
    v.close()


def _between(name: str, column: str, sample: tuple[str, ...] = ()) -> Spec:
    return Spec(name, "ExpectColumnValuesToBeBetween", "error", column, {"max_value": 0}, sample)


def _check(locator: tuple[str, ...], *specs: Spec) -> Check:
    return Check("test", "rows", "unused.sql", "t", "row", ("claim_key",), specs, locator)


def test_null_key_rows_are_reported_with_their_file_and_segment(validator: Validator) -> None:
    frame = pd.DataFrame(
        {
            "claim_key": ["A|1", None, np.nan, "B|2"],
            "file_name": ["a.837", "a.837", "b.837", "b.837"],
            "segment": [19, 40, 12, 30],
            "difference_cents": [500, 250, 100, 0],
            "expected": ["75.00", "10.00", np.nan, "1.00"],
        }
    )
    check = _check(
        ("file_name", "segment"), _between("lines sum", "difference_cents", ("expected",))
    )
    (outcome,) = validator.validate(check, frame, DAY)
    assert outcome.unexpected_count == 3
    assert outcome.observed_value == "3 of 4 row rows unexpected"
    assert _strict(outcome.unexpected_sample or "") == [
        {"claim_key": "A|1", "file_name": "a.837", "segment": 19, "expected": "75.00", "difference_cents": 500},
        {"claim_key": None, "file_name": "a.837", "segment": 40, "expected": "10.00", "difference_cents": 250},
        {"claim_key": None, "file_name": "b.837", "segment": 12, "expected": None, "difference_cents": 100},
    ]  # fmt: skip


def test_null_key_rows_without_a_place_are_left_out_of_the_sample_and_counted(
    validator: Validator,
) -> None:
    # 25 keyless unexpected rows, then 12 keyed ones: the sample still holds SAMPLE_SIZE
    # keyed rows, and the count of the rest is exact though GX would sample only the first.
    keys = [None] * 20 + [np.nan] * 5 + [f"K|{n}" for n in range(12)] + [None, "OK|1"]
    values = [1.0] * 37 + [0.0, 0.0]
    frame = pd.DataFrame({"claim_key": keys, "difference_cents": values})
    (outcome,) = validator.validate(_check((), _between("d", "difference_cents")), frame, DAY)
    assert outcome.unexpected_count == 37
    assert outcome.observed_value == (
        "37 of 39 row rows unexpected; 25 without a key or a place in a file, not in the sample"
    )
    sample = _strict(outcome.unexpected_sample or "")
    assert sample == [{"claim_key": f"K|{n}", "difference_cents": 1} for n in range(SAMPLE_SIZE)]


def test_listed_cents_show_as_amounts(validator: Validator) -> None:
    frame = pd.DataFrame(
        {
            "claim_key": ["A|1", "A|2", "A|3"],
            "expected_cents": [7, -505, np.nan],
            "difference_cents": [-7, 199999, 3],
        }
    )
    spec = _between("d", "difference_cents", ("expected_cents", "difference_cents"))
    spec = Spec(spec.name, spec.gx_type, "error", spec.column, {"min_value": 0}, spec.sample)
    (outcome,) = validator.validate(_check((), spec), frame, DAY)
    assert _strict(outcome.unexpected_sample or "") == [
        {"claim_key": "A|1", "expected": "0.07", "difference": "-0.07"}
    ]
    frame["difference_cents"] = [0, 199999, 3]
    spec = Spec(spec.name, spec.gx_type, "error", spec.column, {"max_value": 0}, spec.sample)
    (outcome,) = validator.validate(_check((), spec), frame, DAY)
    assert _strict(outcome.unexpected_sample or "") == [
        {"claim_key": "A|2", "expected": "-5.05", "difference": "1999.99"},
        {"claim_key": "A|3", "expected": None, "difference": "0.03"},
    ]


@pytest.mark.parametrize(
    ("spec", "frame", "row"),
    [
        (
            Spec("present", "ExpectColumnValuesToNotBeNull", "error", "units"),
            pd.DataFrame({"claim_key": ["A|1", "A|2"], "units": [np.nan, 1.0]}),
            {"claim_key": "A|1", "units": None},
        ),
        (
            Spec(
                "in order",
                "ExpectColumnPairValuesAToBeGreaterThanB",
                "error",
                "posted",
                {"column_A": "posted", "column_B": "submitted", "or_equal": True},
            ),
            pd.DataFrame(
                {
                    "claim_key": ["A|1", "A|2"],
                    "posted": pd.to_datetime(["2026-01-01", "2026-03-01"]),
                    "submitted": pd.to_datetime(["2026-02-01", "2026-02-01"]),
                }
            ),
            {"claim_key": "A|1", "posted": "2026-01-01", "submitted": "2026-02-01"},
        ),
        (
            _between("finite", "ratio"),
            pd.DataFrame({"claim_key": ["A|1", "A|2"], "ratio": [np.inf, -1.0]}),
            {"claim_key": "A|1", "ratio": None},
        ),
    ],
)
def test_samples_hold_null_never_nan_or_infinity(
    validator: Validator, spec: Spec, frame: pd.DataFrame, row: dict
) -> None:
    (outcome,) = validator.validate(_check((), spec), frame, DAY)
    assert outcome.unexpected_count == 1
    assert _strict(outcome.unexpected_sample or "") == [row]


# Files for the warehouse tests. Provider A bills three claims; PCN3's lines sum to 70.00
# against a CLM02 of 75.00. The 835: set 1 pays PCN1 with a PLB of 10.00 and balances
# (BPR02 70 = 80 - 10); set 2 says BPR02 45.00 for a CLP04 of 50 (found 50, difference
# -5.00) and its CLP (CLP03 60, CLP04 50, no CAS) does not balance by 10.00; set 3 comes
# from a payee tax id no billing provider has (unmatched, no claim key).
# nokey.837 holds one claim of a billing provider sent without its NPI.
A = "1234567893"
CLAIMS = Provider837(
    A,
    "111111111",
    (
        Claim837("PCN1", "100.00", ("60.00", "40.00")),
        Claim837("PCN2", "60.00", ("60.00",)),
        Claim837("PCN3", "75.00", ("70.00",)),
    ),
)
# An 837 whose billing provider has no NPI: its claim's key is null (and its lines sum
# to 35.00 against a CLM02 of 40.00).
NO_BILLING_NPI = Provider837("", "333333333", (Claim837("NOKEY1", "40.00", ("35.00",)),))
PAYMENTS = [
    Payment835("XX", A, (Clp("PCN1", "100", "80", cas=(("CO", "45", "20"),)),), plb=("10.00",)),
    Payment835("XX", A, (Clp("PCN2", "60", "50"),), total="45.00", trace="TRACE2"),
    Payment835("FI", "999999999", (Clp("PCN3", "75", "75"),), trace="TRACE3"),
]


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    root = tmp_path_factory.mktemp("dq_files")
    files = root / "files"
    files.mkdir()
    (files / "claims.837").write_text(file_837(101, "20260105", [CLAIMS]))
    (files / "remit.835").write_text(file_835(201, "20260120", PAYMENTS))
    (files / "nokey.837").write_text(file_837(102, "20260106", [NO_BILLING_NPI]))
    wh = Warehouse(root / "wh")
    report = load(wh, [files], checks=True).load
    assert all(r.status == "loaded" for r in report.results), report.results
    return wh


def _result(wh: Warehouse, expectation: str) -> tuple[bool, int, str, Any]:
    with wh.reader() as con:
        rows = con.execute(
            "SELECT success, unexpected_count, observed_value, unexpected_sample"
            " FROM dq.expectation_results WHERE expectation = ?",
            [expectation],
        ).fetchall()
    assert len(rows) == 1, rows
    success, count, observed, sample = rows[0]
    return success, count, observed, None if sample is None else _strict(sample)


def test_unbalanced_835_transaction_is_listed(checked: Warehouse) -> None:
    success, count, observed, sample = _result(
        checked, "835 transaction balances: BPR02 = sum of CLP04 - sum of PLB"
    )
    assert (success, count, observed) == (False, 1, "1 of 3 835 transaction set rows unexpected")
    # ISA 1, GS 2; set 1 (with a CAS and a PLB) is segments 3-15: set 2's ST is 16.
    assert sample == [
        {
            "file_name": "remit.835",
            "segment": 16,
            "transaction_control_number": "0002",
            "trace_number": "TRACE2",
            "expected_bpr02": "45.00",
            "found_clp04_less_plb": "50.00",
            "difference": "-5.00",
        }
    ]


def test_837_claim_whose_lines_do_not_sum_to_clm02_is_listed(checked: Warehouse) -> None:
    success, count, _, sample = _result(checked, "837 claim lines sum to CLM02")
    assert (success, count) == (False, 2)
    sample.sort(key=lambda row: row["file_name"])
    # ISA, GS, ST, BHT, 2 x NM1 + PER, HL, PRV, NM1, N3, N4, REF = 13; PCN1 takes
    # HL..HI (7) + 2 lines x 3 = 13, PCN2 7 + 3 = 10; PCN3's CLM is 13 + 13 + 10 + 6.
    assert sample == [
        {
            "claim_key": f"{A}|PCN3",
            "file_name": "claims.837",
            "segment": 42,
            "lines": 1,
            "expected_clm02": "75.00",
            "found_line_charges": "70.00",
            "difference": "5.00",
        },
        # No claim key: listed as such, with its file and the segment of its CLM.
        {
            "claim_key": None,
            "file_name": "nokey.837",
            "segment": 19,
            "lines": 1,
            "expected_clm02": "40.00",
            "found_line_charges": "35.00",
            "difference": "5.00",
        },
    ]


def test_unbalanced_835_claim_is_listed(checked: Warehouse) -> None:
    success, count, _, sample = _result(checked, "835 balances: CLP03 = CLP04 + sum of CAS")
    assert (success, count) == (False, 1)
    # Set 2 opens at 16; its CLP is the ninth segment of the set (set 3's: 27 + 8).
    assert sample == [
        {
            "remittance_key": f"{A}|PCN2|1",
            "file_name": "remit.835",
            "segment": 24,
            "claim_id": "PCN2",
            "expected_clp03": "60.00",
            "found_clp04_plus_cas": "50.00",
            "balance_difference": "10.00",
        }
    ]


def test_unmatched_remittance_is_listed_with_its_place_and_reason(checked: Warehouse) -> None:
    success, count, _, sample = _result(checked, "remittances match a submitted claim")
    assert (success, count) == (False, 1)
    assert sample == [
        {
            "remittance_key": None,
            "file_name": "remit.835",
            "segment": 35,
            "claim_id": "PCN3",
            "unmatched_reason": "no billing provider of the 837s or the providers extract"
            " has payee tax id 999999999",
            "match_status": "tax_id_unknown",
        }
    ]
    # A payee sent by tax id is a payee: the file-level check does not count it as missing.
    assert _result(checked, "every remittance has a payee NPI or tax id")[0] is True


def test_submission_without_its_billing_npi_is_listed_by_file_and_segment(
    checked: Warehouse,
) -> None:
    success, count, _, sample = _result(checked, "every submission has a billing NPI")
    assert (success, count) == (False, 1)
    # ST 3 ... REF 13 as in claims.837; the claim's HL is 14 and its CLM 19.
    assert sample == [
        {"file_name": "nokey.837", "missing_key_at": "segment 19", "missing_billing_npi": 1}
    ]


def test_every_json_value_in_the_dq_tables_is_strict_json(checked: Warehouse) -> None:
    with checked.writer(reason="test") as writer:
        con = writer.connection
        run_checks(con)
        texts = [
            text
            for query in (
                "SELECT unexpected_sample FROM dq.expectation_results",
                "SELECT CAST(evidence AS VARCHAR) FROM dq.coding_flags",
                "SELECT CAST(step_seconds AS VARCHAR) FROM dq.check_runs",
                "SELECT reference_versions FROM dq.check_runs",
            )
            for (text,) in con.execute(query).fetchall()
            if text is not None
        ]
    assert len(texts) > 5
    for text in texts:
        _strict(text)


def test_sample_keys_are_never_nan(checked: Warehouse) -> None:
    with checked.reader() as con:
        samples = con.execute(
            "SELECT expectation, unexpected_sample FROM dq.expectation_results"
            " WHERE unexpected_sample IS NOT NULL"
        ).fetchall()
    assert samples
    for expectation, text in samples:
        for row in _strict(text):
            located = row.get("file_name") is not None
            keyed = all(v is not None for k, v in row.items() if k.endswith("_key"))
            assert keyed or located, (expectation, row)
