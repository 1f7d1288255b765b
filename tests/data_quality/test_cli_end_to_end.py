"""Files -> `rcm load` -> checks -> `rcm check`, `rcm kpis`, `rcm status`, `rcm reference load`.

The committed sample data (2,000 generated claims) is scored against its
ground truth; the hand-made KPI scenario pins the expectation results.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from rcm.cli import app
from rcm.warehouse import Warehouse

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"

runner = CliRunner()
RULES = [
    "DX_INVALID", "PX_INVALID", "NPI_INVALID", "SEX_CONFLICT", "AGE_CONFLICT", "NCCI_PTP",
    "MUE", "DUPLICATE_LINE", "EM_LEVEL_OUTLIER", "MOD25_OUTLIER", "MOD59_OUTLIER",
    "CHARGE_OUTLIER",
]  # fmt: skip


def _cli(warehouse: Path, *args: str) -> object:
    return runner.invoke(app, ["--warehouse", str(warehouse), *args], env={"COLUMNS": "200"})


def _query(warehouse: Path, sql: str) -> list[tuple]:
    with Warehouse(warehouse).reader() as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sample_wh")
    folders = [str(SAMPLE_DIR / part) for part in ("837", "835", "csv")]
    result = _cli(root, "load", *folders)
    assert result.exit_code == 0, result.output
    return root


def test_load_runs_the_checks(sample_warehouse: Path) -> None:
    runs = _query(sample_warehouse, "SELECT count(*), max(flags) FROM dq.check_runs")
    assert runs[0][0] == 1 and runs[0][1] > 0


@pytest.mark.parametrize("rule", RULES)
def test_precision_and_recall_against_the_ground_truth(sample_warehouse: Path, rule: str) -> None:
    with open(SAMPLE_DIR / "ground_truth.csv", newline="") as handle:
        truth = {tuple(r.values()) for r in csv.DictReader(handle) if r["rule"] == rule}
    found = {
        tuple("" if v is None else str(v) for v in row)
        for row in _query(
            sample_warehouse,
            "SELECT rule, claim_id, billing_npi, line_number, provider_npi FROM dq.coding_flags",
        )
        if row[0] == rule
    }
    assert truth, f"no {rule} seeded in the sample"
    hits = len(found & truth)
    assert hits / len(found) >= 0.95, sorted(found - truth)[:5]
    assert hits / len(truth) >= 0.95, sorted(truth - found)[:5]


def test_rcm_check_prints_the_summary_exits_0_and_keeps_history(sample_warehouse: Path) -> None:
    result = _cli(sample_warehouse, "check")
    assert result.exit_code == 0, result.output
    assert "NCCI_PTP" in result.output and "Expectations" in result.output
    runs = _query(sample_warehouse, "SELECT count(*) FROM dq.check_runs")[0][0]
    latest = _query(sample_warehouse, "SELECT DISTINCT check_run_id FROM dq.coding_flags")
    assert runs == 2 and latest == [(2,)]


def test_clean_claim_rate_below_one_when_error_flags_exist(sample_warehouse: Path) -> None:
    result = _cli(sample_warehouse, "kpis", "--format", "json")
    assert result.exit_code == 0, result.output
    rates = [row["clean_claim_rate"] for row in json.loads(result.output)]
    assert rates and all(rate is not None and rate < 1 for rate in rates)


@pytest.fixture(scope="module")
def scenario_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.integration import scenario

    files = scenario.write(tmp_path_factory.mktemp("scenario_files"))
    root = tmp_path_factory.mktemp("scenario_wh")
    result = _cli(root, "load", str(files))
    assert result.exit_code == 0, result.output
    return root


def test_failing_expectation_is_recorded_with_count_and_sample(scenario_warehouse: Path) -> None:
    rows = _query(
        scenario_warehouse,
        "SELECT success, unexpected_count, unexpected_sample, severity FROM dq.expectation_results "
        "WHERE expectation LIKE '835 balances%'",
    )
    assert len(rows) == 1
    success, count, sample, severity = rows[0]
    assert success is False and count == 1 and severity == "warning"
    assert "C06" in sample  # CLP02 = 4 with no CAS does not balance


def test_replacement_is_not_a_duplicate_and_valid_npis_pass(scenario_warehouse: Path) -> None:
    rules = {r[0] for r in _query(scenario_warehouse, "SELECT rule FROM dq.coding_flags")}
    assert "DUPLICATE_LINE" not in rules and "NPI_INVALID" not in rules
    passed = _query(
        scenario_warehouse,
        "SELECT bool_and(success) FROM dq.expectation_results WHERE severity = 'error'",
    )
    assert passed == [(True,)]


PTP_FILE = """CPT codes, descriptions and other data only are copyright 2025 American Medical Association.
Column 1\tColumn 2\t* = In existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale
99213\t36415\t\t20260101\t*\t0\tMisuse of column two code with column one code
20610\t99213\t*\t20130101\t*\t1\tStandards of medical / surgical practice
"""
MUE_FILE = """"CMS Practitioner Services MUE Table, effective 01/01/2026"
"CPT codes, descriptions and other data only are copyright 2025 American Medical Association."
"HCPCS/CPT Code","Practitioner Services MUE Values","MUE Adjudication Indicator","MUE Rationale"
"99213","1","2 Date of Service Edit: Policy","Code Descriptor / CPT Instruction"
"36415","2","3 Date of Service Edit: Clinical","Clinical: Data"
"""


def test_official_files_load_show_in_status_and_survive_rcm_load(
    scenario_warehouse: Path, tmp_path: Path
) -> None:
    root = tmp_path / "wh"
    shutil.copytree(scenario_warehouse, root)
    (tmp_path / "ptp.txt").write_text(PTP_FILE)
    (tmp_path / "mue.csv").write_text(MUE_FILE)
    result = _cli(
        root, "reference", "load", "--ncci-ptp", str(tmp_path / "ptp.txt"),
        "--mue", str(tmp_path / "mue.csv"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _query(root, "SELECT count(*) FROM ref.ncci_ptp_practitioner") == [(2,)]
    assert _query(root, "SELECT mue_value FROM ref.mue_practitioner WHERE hcpcs = '36415'") == [
        (2,)
    ]
    status = _cli(root, "status")
    assert "CMS NCCI PTP practitioner 2026Q1" in status.output
    assert "CMS practitioner MUE 2026Q1" in status.output
    assert "official CMS files" in status.output and "ICD-10-CM FY" in status.output
    # A later load (new file) keeps the official tables and re-runs the checks on them.
    (tmp_path / "more").mkdir()
    extra = scenario_warehouse.parent / "extra.csv"
    extra.write_text(
        "adjustment_id,billing_npi,claim_id,adjustment_date,amount,reason_code,reason\n"
    )
    shutil.copy(extra, tmp_path / "more" / "adjustments_2.csv")
    assert _cli(root, "load", str(tmp_path / "more")).exit_code == 0
    assert _query(root, "SELECT count(*) FROM ref.ncci_ptp_practitioner") == [(2,)]
    flagged = _query(root, "SELECT count(*) FROM dq.coding_flags WHERE rule = 'NCCI_PTP'")
    assert flagged == [(0,)]  # the scenario bills one line per claim


def test_a_bad_row_names_the_file_line_and_problem(
    scenario_warehouse: Path, tmp_path: Path
) -> None:
    root = tmp_path / "wh"
    shutil.copytree(scenario_warehouse, root)
    bad = tmp_path / "ptp_bad.txt"
    bad.write_text(PTP_FILE + "20610\t99214\t*\t2013XX01\t*\t1\tStandards\n")
    import subprocess
    import sys

    command = [sys.executable, "-m", "rcm.cli", "--warehouse", str(root), "reference", "load"]
    result = subprocess.run([*command, "--ncci-ptp", str(bad)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    assert "ptp_bad.txt, line 5" in message and "not a date" in message
    assert _query(root, "SELECT count(*) FROM ref.ncci_ptp_practitioner")[0][0] > 2


def test_module_never_touches_an_unpublished_snapshot(sample_warehouse: Path) -> None:
    path = Warehouse(sample_warehouse).current().path
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dq.expectation_results").fetchone()[0] > 20
