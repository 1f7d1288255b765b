"""The SQL models: layered, documented down to every column, as the SQL workbench shows them."""

from __future__ import annotations

from pathlib import Path

import pytest

from rcm import sqlfiles
from rcm.pipeline import load
from rcm.warehouse import Warehouse

from . import scenario


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    root = tmp_path_factory.mktemp("models")
    wh = Warehouse(root / "wh")
    load(wh, [scenario.write(root / "files")])
    return wh


def test_every_column_is_described(warehouse: Warehouse) -> None:
    with warehouse.reader() as con:
        missing = con.execute(
            """
            SELECT schema_name || '.' || table_name || '.' || column_name
            FROM duckdb_columns()
            WHERE schema_name IN ('staging', 'core', 'mart', 'ref', 'meta', 'dq')
              AND coalesce(comment, '') = ''
            """
        ).fetchall()
    assert missing == []


def test_every_table_and_view_is_described(warehouse: Warehouse) -> None:
    with warehouse.reader() as con:
        missing = con.execute(
            """
            SELECT schema_name || '.' || table_name FROM duckdb_tables()
            WHERE schema_name IN ('staging', 'core', 'mart', 'ref', 'meta', 'dq')
              AND coalesce(comment, '') = ''
            UNION ALL
            SELECT schema_name || '.' || view_name FROM duckdb_views()
            WHERE NOT internal AND schema_name IN ('staging', 'core', 'mart', 'ref', 'meta', 'dq')
              AND coalesce(comment, '') = ''
            """
        ).fetchall()
    assert missing == []


@pytest.mark.parametrize("layer", sqlfiles.LAYERS)
def test_every_model_file_says_what_it_is_for(layer: str) -> None:
    for model in sqlfiles.models(layer):
        head = model.text.lstrip().splitlines()[0]
        assert head.startswith("-- "), f"{model.path.name} must open with a comment"


def test_core_tables_have_one_row_per_key(warehouse: Warehouse) -> None:
    checks = {
        "core.claims": "billing_npi, claim_id",
        "core.submissions": "billing_npi, claim_id, submission_seq",
        "core.remittances": "billing_npi, claim_id, remit_seq",
        "core.claim_lines": "billing_npi, claim_id, line_number",
        "mart.claim_summary": "billing_npi, claim_id",
        "core.providers": "npi",
        "core.payers": "payer_id",
    }
    with warehouse.reader() as con:
        for table, key in checks.items():
            dupes = con.execute(
                f"SELECT count(*) FROM (SELECT {key} FROM {table} GROUP BY {key} HAVING count(*) > 1)"
            ).fetchall()[0][0]
            assert dupes == 0, table


def test_adjustment_classes_follow_the_order_of_the_definitions(warehouse: Warehouse) -> None:
    # PR-1 is patient responsibility (not a payment adjustment); CO-45 a payment
    # adjustment; CO-16/29/97 denials.
    with warehouse.reader() as con:
        rows = con.execute(
            "SELECT DISTINCT group_code, reason_code, adjustment_class FROM core.adjustments ORDER BY 1, 2"
        ).fetchall()
    assert rows == [
        ("CO", "16", "denial_adjustment"),
        ("CO", "29", "denial_adjustment"),
        ("CO", "45", "payment_adjustment"),
        ("CO", "97", "denial_adjustment"),
        ("PR", "1", "patient_responsibility"),
        ("PR", "2", "patient_responsibility"),
    ]


def test_reference_tables_are_versioned(warehouse: Warehouse) -> None:
    with warehouse.reader() as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM ref.versions").fetchall()}
    assert {"carc", "rarc", "modifiers", "place_of_service"} <= tables


def test_sql_folder_layout() -> None:
    root = Path(sqlfiles.SQL_ROOT)
    for layer in ("staging", "core", "marts", "schema", "statements", "reference"):
        assert (root / layer).is_dir()
