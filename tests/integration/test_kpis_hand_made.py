"""Every claim fact and KPI of the hand-made scenario, worked out by hand.

The scenario (scenario.py) is twelve claims of one billing provider at two
payers, loaded from real 837/835 files and an adjustments extract. As-of date
D = 2026-06-30 (the latest posting date); default period [2026-01-05, 2026-07-01).

Claim facts at D (billed / paid / payment adj / patient resp / write-off -> balance):
  C01 P1 100 / 70 / 10 / 20 / 0 -> 0;    first remit 01-20, paid 01-20, 15 days, FPR
  C02 P1 200 / 150 / 50 / 0 / 0 -> 0;   denied 01-25 (CO-16 200), replaced 02-01,
       paid 02-20: resubmitted, recovered, 41 days (01-10 -> 02-20)
  C03 P2 300 / 240-240+250=250 / 60-60+50=50 -> 0; first remit 02-15 (the
       reversal is never first), 14 days, FPR
  C04 voided on 02-12: out of everything
  C05 P2 500 / 300 / 100 / 100 -> 0;    19 days, FPR
  C06 P1 250 / 0 -> 250;                 CLP02=4 without CAS: denied amount = CLP03 250; age 117
  C07 P2 400, never remitted -> 400;     age 166
  C08 P1 120 / 60 / 20 / 30 -> 10;       CO-97 10 on the line: denied (10), 19 days; age 60
  C09 P2 80 / 80 -> 0;                   20 days, FPR
  C10 P1 90, never remitted -> 90;       age 10
  C11 P1 60, denied CO-29 60, written off 60 on 05-01 -> 0; age 90 (not > 90)
  C12 P2 1000 / 700 / 300 -> 0;         61 days, FPR

All payers:
  gross charges = 100+200+300+500+250+400+120+80+90+60+1000 = 3100.00
  remitted = 9 (C01 C02 C03 C05 C06 C08 C09 C11 C12); denied = 4 (C02 C06 C08 C11)
  denial rate = 4/9 = 0.4444; dollars = (200+250+10+60) / 2610 = 520/2610 = 0.1992
  FPR = 5/9 = 0.5556 (C01 C03 C05 C09 C12); recovery = 1/4 = 0.25 (C02)
  gross collection = 1610/2610 = 0.6169; net = 1610 / (2610 - 530 - 150) = 1610/1930 = 0.8342
  days to pay: 14 15 19 19 20 41 61 -> mean 189/7 = 27.0, median 19
  insurance A/R = 250 + 400 + 10 + 90 = 750.00
  charges first submitted 04-02..06-30 = 120 + 80 + 90 + 1000 = 1290 -> days in A/R = 750*90/1290 = 52.3256
  A/R > 90 days = (250 + 400) / 750 = 0.8667
PAYER1: charges 820.00; remitted 5, denied 4 -> 0.8; dollars 520/730 = 0.7123; FPR 1/5 = 0.2;
  recovery 0.25; collection 280/730 = 0.3836; net 280/(730-80-50) = 0.4667; days 15 41 19 ->
  avg 25.0, median 19; A/R 350.00; days in A/R 350*90/210 = 150.0; > 90: 250/350 = 0.7143
PAYER2: charges 2280.00; remitted 4, denied 0 -> 0.0; dollars 0/1880 = 0.0; FPR 1.0; recovery
  null (no denials); collection 1330/1880 = 0.7074; net 1330/(1880-450-100) = 1.0; days 14 19 20
  61 -> avg 28.5, median 19.5; A/R 400.00; days in A/R 400*90/1080 = 33.3333; > 90: 1.0
Clean claim rate is null: no data-quality check has run on this warehouse.

Front-end rejections (first submission; payer of the first submission):
  acknowledged: C01 C02 C06 C11 (PAYER1, 999s), C03 (PAYER2, 999), C05 (PAYER2, 999
  accepted, then 277CA A7), C12 (PAYER2, 277CA A2); C07 C08 C09 C10 have none (C04 is
  voided). Rejected: C01 (999 IK5 R), C05 (277CA A7). C02's replacement is
  acknowledged too, but only the first submission counts.
  ALL 2/7 = 0.2857; PAYER1 1/4 (C01) = 0.25; PAYER2 1/3 (C05) = 0.3333.
  By month: January C01 C02 -> 1/2 = 0.5; February C03 -> 0/1 = 0.0; March C05 C06 -> 0.5;
  April C11 C12 -> 0.0; May and June: none acknowledged -> null.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from rcm.cli import app
from rcm.pipeline import load
from rcm.warehouse import Warehouse

from . import scenario

runner = CliRunner()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    root = tmp_path_factory.mktemp("kpi")
    files = scenario.write(root / "files")
    wh = Warehouse(root / "warehouse")
    report = load(wh, [files]).load
    assert not report.refused, [r.error for r in report.refused]
    return wh


def kpis(wh: Warehouse, *args: str) -> list[dict]:
    result = runner.invoke(app, ["--warehouse", str(wh.root), "kpis", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_claim_facts(warehouse: Warehouse) -> None:
    with warehouse.reader() as con:
        rows = con.execute(
            """
            SELECT claim_id, payer_id, billed_amount, is_voided, remitted, initially_denied,
                   initial_denied_amount, resubmitted, first_pass_resolved, recovered,
                   paid_amount, payment_adjustments, patient_responsibility, write_offs,
                   first_paid_date, days_to_pay, insurance_balance, age_days
            FROM mart.claim_summary ORDER BY claim_id
            """
        ).fetchall()
    d = dt.date
    money = Decimal
    expected = [
        ("C01", "PAYER1", money("100"), False, True, False, money("0"), False, True, False,
         money("70"), money("10"), money("20"), money("0"), d(2026, 1, 20), 15, money("0"), 176),
        ("C02", "PAYER1", money("200"), False, True, True, money("200"), True, False, True,
         money("150"), money("50"), money("0"), money("0"), d(2026, 2, 20), 41, money("0"), 171),
        ("C03", "PAYER2", money("300"), False, True, False, money("0"), False, True, False,
         money("250"), money("50"), money("0"), money("0"), d(2026, 2, 15), 14, money("0"), 149),
        ("C04", "PAYER1", money("150"), True, False, False, None, False, False, False,
         money("0"), money("0"), money("0"), money("0"), None, None, money("0"), 140),
        ("C05", "PAYER2", money("500"), False, True, False, money("0"), False, True, False,
         money("300"), money("100"), money("100"), money("0"), d(2026, 3, 20), 19, money("0"), 121),
        ("C06", "PAYER1", money("250"), False, True, True, money("250"), False, False, False,
         money("0"), money("0"), money("0"), money("0"), None, None, money("250"), 117),
        ("C07", "PAYER2", money("400"), False, False, False, None, False, False, False,
         money("0"), money("0"), money("0"), money("0"), None, None, money("400"), 166),
        ("C08", "PAYER1", money("120"), False, True, True, money("10"), False, False, False,
         money("60"), money("20"), money("30"), money("0"), d(2026, 5, 20), 19, money("10"), 60),
        ("C09", "PAYER2", money("80"), False, True, False, money("0"), False, True, False,
         money("80"), money("0"), money("0"), money("0"), d(2026, 6, 30), 20, money("0"), 20),
        ("C10", "PAYER1", money("90"), False, False, False, None, False, False, False,
         money("0"), money("0"), money("0"), money("0"), None, None, money("90"), 10),
        ("C11", "PAYER1", money("60"), False, True, True, money("60"), False, False, False,
         money("0"), money("0"), money("0"), money("60"), None, None, money("0"), 90),
        ("C12", "PAYER2", money("1000"), False, True, False, money("0"), False, True, False,
         money("700"), money("300"), money("0"), money("0"), d(2026, 6, 15), 61, money("0"), 76),
    ]  # fmt: skip
    assert rows == expected


def test_kpis_by_payer_match_the_hand_computation(warehouse: Warehouse) -> None:
    assert kpis(warehouse, "--by", "payer") == [
        {"payer": "ALL", "gross_charges": "3100.00", "remitted_claims": 9,
         "initial_denial_rate": 0.4444, "initial_denial_rate_dollars": 0.1992,
         "first_pass_resolution_rate": 0.5556, "denial_recovery_rate": 0.25,
         "clean_claim_rate": None, "front_end_rejection_rate": 0.2857,
         "gross_collection_rate": 0.6169,
         "net_collection_rate": 0.8342, "avg_days_to_pay": 27.0, "median_days_to_pay": 19.0,
         "insurance_ar": "750.00", "days_in_ar": 52.3256, "ar_over_90_pct": 0.8667},
        {"payer": "PAYER1", "gross_charges": "820.00", "remitted_claims": 5,
         "initial_denial_rate": 0.8, "initial_denial_rate_dollars": 0.7123,
         "first_pass_resolution_rate": 0.2, "denial_recovery_rate": 0.25,
         "clean_claim_rate": None, "front_end_rejection_rate": 0.25,
         "gross_collection_rate": 0.3836,
         "net_collection_rate": 0.4667, "avg_days_to_pay": 25.0, "median_days_to_pay": 19.0,
         "insurance_ar": "350.00", "days_in_ar": 150.0, "ar_over_90_pct": 0.7143},
        {"payer": "PAYER2", "gross_charges": "2280.00", "remitted_claims": 4,
         "initial_denial_rate": 0.0, "initial_denial_rate_dollars": 0.0,
         "first_pass_resolution_rate": 1.0, "denial_recovery_rate": None,
         "clean_claim_rate": None, "front_end_rejection_rate": 0.3333,
         "gross_collection_rate": 0.7074,
         "net_collection_rate": 1.0, "avg_days_to_pay": 28.5, "median_days_to_pay": 19.5,
         "insurance_ar": "400.00", "days_in_ar": 33.3333, "ar_over_90_pct": 1.0},
    ]  # fmt: skip


def test_front_end_rejected_reads_the_first_submission(warehouse: Warehouse) -> None:
    with warehouse.reader() as con:
        rows = con.execute(
            """
            SELECT claim_id, first_payer_id, first_acknowledged, front_end_rejected
            FROM mart.claim_summary ORDER BY claim_id
            """
        ).fetchall()
    acknowledged = {"C01", "C02", "C03", "C05", "C06", "C11", "C12"}
    payer2 = {"C03", "C05", "C07", "C09", "C12"}
    assert rows == [
        (
            f"C{n:02d}",
            "PAYER2" if f"C{n:02d}" in payer2 else "PAYER1",
            f"C{n:02d}" in acknowledged,
            f"C{n:02d}" in {"C01", "C05"},
        )
        for n in range(1, 13)
    ]


def test_front_end_rejection_rate_by_month(warehouse: Warehouse) -> None:
    months = {
        row["month"]: row["front_end_rejection_rate"] for row in kpis(warehouse, "--by", "month")
    }
    assert months == {
        "2026-01": 0.5, "2026-02": 0.0, "2026-03": 0.5, "2026-04": 0.0,
        "2026-05": None, "2026-06": None,
    }  # fmt: skip
    # The same through the macros (a period that is not the default one).
    row = kpis(warehouse, "--from", "2026-01-01", "--to", "2026-03-31")[0]
    assert row["front_end_rejection_rate"] == 0.4  # C01 C05 of C01 C02 C03 C05 C06


def test_without_by_prints_the_all_payer_row_only(warehouse: Warehouse) -> None:
    rows = kpis(warehouse)
    assert len(rows) == 1 and rows[0]["payer"] == "ALL"
    assert rows[0]["gross_charges"] == "3100.00"


def test_a_void_counts_only_from_its_date(warehouse: Warehouse) -> None:
    # At 02-11: C01 paid (0), C02 denied but not yet paid (200), C03 not yet remitted
    # (300), C04 not yet voided (150), C07 (400): A/R = 1050.00.
    # At 02-12 the void of C04 takes it out: 900.00, and its 150 leaves gross charges.
    before = kpis(warehouse, "--as-of", "2026-02-11")[0]
    after = kpis(warehouse, "--as-of", "2026-02-12")[0]
    assert before["insurance_ar"] == "1050.00"
    assert after["insurance_ar"] == "900.00"
    assert Decimal(before["gross_charges"]) - Decimal(after["gross_charges"]) == Decimal("150")


def test_by_month_flows_and_month_end_snapshots(warehouse: Warehouse) -> None:
    months = {row["month"]: row for row in kpis(warehouse, "--by", "month")}
    assert list(months) == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    january = months["2026-01"]
    # First submitted in January: C01 100 + C02 200 + C07 400.
    assert january["gross_charges"] == "700.00"
    # First remitted in January: C01 (01-20), C02 (01-25, denied).
    assert january["remitted_claims"] == 2
    assert january["initial_denial_rate"] == 0.5
    # C02 was recovered in February; recovery counts by D, for the month of its first remittance.
    assert january["denial_recovery_rate"] == 1.0
    # Snapshot at 01-31: C02 200 (denied, not yet paid) + C07 400; C01 paid.
    assert january["insurance_ar"] == "600.00"
    assert january["days_in_ar"] == 77.1429  # 600 * 90 / 700
    assert january["ar_over_90_pct"] == 0.0
    june = months["2026-06"]
    assert june["insurance_ar"] == "750.00"  # at D, which falls in June
    assert june["remitted_claims"] == 2  # C12 (06-15), C09 (06-30)


def test_period_limits(warehouse: Warehouse) -> None:
    # [2026-03-01, 2026-04-01): first submitted C05 500 + C06 250; remitted C05, C06 (denied).
    row = kpis(warehouse, "--from", "2026-03-01", "--to", "2026-04-01")[0]
    assert row["gross_charges"] == "750.00"
    assert row["remitted_claims"] == 2
    assert row["initial_denial_rate"] == 0.5
    assert row["insurance_ar"] == "750.00"  # a snapshot at D whatever the period


def test_zero_denominators_are_null(warehouse: Warehouse) -> None:
    row = kpis(warehouse, "--from", "2026-07-01", "--to", "2026-08-01", "--as-of", "2026-06-30")[0]
    assert row["gross_charges"] == "0.00"
    assert row["remitted_claims"] == 0
    for key in ("initial_denial_rate", "first_pass_resolution_rate", "avg_days_to_pay",
                "median_days_to_pay", "gross_collection_rate",
                "front_end_rejection_rate"):  # fmt: skip
        assert row[key] is None, key


def test_aging_buckets(warehouse: Warehouse) -> None:
    with warehouse.reader() as con:
        rows = con.execute(
            """
            SELECT payer_id, bucket, claims, balance FROM mart.ar_aging
            WHERE as_of_date = DATE '2026-06-30' ORDER BY payer_id, bucket_order
            """
        ).fetchall()
    assert rows == [
        ("PAYER1", "0-30", 1, Decimal("90.00")),  # C10, age 10
        ("PAYER1", "31-60", 1, Decimal("10.00")),  # C08, age 60
        ("PAYER1", "91-120", 1, Decimal("250.00")),  # C06, age 117
        ("PAYER2", "121+", 1, Decimal("400.00")),  # C07, age 166
    ]


def test_denials_sum_to_the_initial_denied_amounts(warehouse: Warehouse) -> None:
    with warehouse.reader() as con:
        rows = con.execute(
            """
            SELECT claim_id, coalesce(reason_code, '-'), category, amount
            FROM mart.denials WHERE on_first_remittance ORDER BY claim_id
            """
        ).fetchall()
    assert rows == [
        ("C02", "16", "missing_invalid_information", Decimal("200.00")),
        ("C06", "-", "unspecified", Decimal("250.00")),
        ("C08", "97", "coding_bundling", Decimal("10.00")),
        ("C11", "29", "timely_filing", Decimal("60.00")),
    ]


def test_table_output_shows_benchmarks(warehouse: Warehouse) -> None:
    result = runner.invoke(
        app, ["--warehouse", str(warehouse.root), "kpis", "--by", "payer"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0
    assert "< 40 days" in result.output and "> 90%" in result.output
    assert "3,100.00" in result.output


def test_csv_output(warehouse: Warehouse) -> None:
    result = runner.invoke(
        app, ["--warehouse", str(warehouse.root), "kpis", "--by", "payer", "--format", "csv"]
    )
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("payer,gross_charges,remitted_claims,initial_denial_rate")
    assert lines[1].startswith("ALL,3100.00,9,0.4444,0.1992")
