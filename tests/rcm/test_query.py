"""Ad hoc SQL: one read-only statement, decided by DuckDB's parser; limits; exact JSON."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from rcm import query
from rcm.query import QueryRefused
from rcm.warehouse import Warehouse


@pytest.fixture(scope="module")
def wh(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    warehouse = Warehouse(tmp_path_factory.mktemp("query") / "wh")
    with warehouse.writer(reason="test") as w:
        con = w.connection
        con.execute("CREATE SCHEMA mart")
        con.execute(
            "CREATE TABLE mart.claims (claim_id VARCHAR, billed DECIMAL(18,2), "
            "service_date DATE, paid_at TIMESTAMP)"
        )
        con.execute(
            "INSERT INTO mart.claims VALUES "
            "('C1', 100.10, DATE '2026-01-05', TIMESTAMP '2026-02-01 10:30:00'), "
            "('C2', 0.30, DATE '9999-12-31', NULL), "
            "('C3', 12345678901234.99, 'infinity', 'infinity'), "
            "('C4', -1.00, '-infinity', '-infinity')"
        )
        con.execute(
            "CREATE MACRO mart.claims_of(c) AS TABLE SELECT * FROM mart.claims WHERE claim_id = c"
        )
    return warehouse


def _outside(tmp: Path) -> set[str]:
    return {str(p) for p in tmp.rglob("*")}


# Every way out we know of in DuckDB 2.0: each is refused before it runs.
ESCAPES = [
    "COPY mart.claims TO 'x.csv'",
    "COPY (SELECT 1) TO 'snapshots/rcm-000001.duckdb.tmp/x.csv'",
    "EXPORT DATABASE 'out'",
    "CREATE TEMP TABLE t AS SELECT 1",
    "CREATE TABLE t AS SELECT 1",
    "CREATE TEMP MACRO m() AS 1",
    "CREATE TEMP TABLE t AS SELECT 1; COPY t TO 'x.csv'; SELECT 1",
    "SELECT 1; SELECT 2",
    "PRAGMA version",
    "PRAGMA enable_profiling",
    "SET enable_external_access = true",
    "SET memory_limit = '100GB'",
    "RESET temp_directory",
    "SET VARIABLE x = 1",
    "USE memory",
    "CALL pragma_version()",
    "CHECKPOINT",
    "FORCE CHECKPOINT",
    "ATTACH 'other.duckdb'",
    "DETACH memory",
    "INSTALL httpfs",
    "LOAD httpfs",
    "UPDATE EXTENSIONS",
    "INSERT INTO mart.claims VALUES ('X', 1, NULL, NULL)",
    "WITH a AS (SELECT 1) INSERT INTO mart.claims SELECT 'x', 1, NULL, NULL FROM a",
    "UPDATE mart.claims SET billed = 0",
    "DELETE FROM mart.claims",
    "DROP TABLE mart.claims",
    "ALTER TABLE mart.claims ADD COLUMN x INT",
    "COMMENT ON TABLE mart.claims IS 'x'",
    "MERGE INTO mart.claims USING mart.claims s ON false WHEN MATCHED THEN DELETE",
    "BEGIN",
    "VACUUM",
    "ANALYZE",
    "PREPARE p AS SELECT 1",
    "EXECUTE p",
    "PIVOT mart.claims ON claim_id USING sum(billed)",
    "COPY FROM DATABASE memory TO other",
    "EXPLAIN ANALYZE COPY (SELECT 1) TO 'x.csv'",
    "EXPLAIN COPY mart.claims TO 'x.csv'",
    "EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT 1",
    "EXPLAIN /* c */ ANALYZE (FORMAT json) COPY (SELECT 1) TO 'x.csv'",
    "SELECT * FROM query('SELECT * FROM read_text(''/etc/passwd'')')",
    "SELECT * FROM query_table('x.csv')",
    "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_blob('x')",
    "SELECT * FROM glob('*')",
    "SELECT * FROM read_duckdb('snapshots/rcm-000001.duckdb')",
    "SELECT * FROM read_parquet('x.parquet')",
    "SELECT * FROM parquet_metadata('x.parquet')",
    "SELECT * FROM sniff_csv('x.csv')",
    "SELECT * FROM 'x.csv'",
    "SELECT * FROM '/etc/passwd'",
    "DESCRIBE SELECT * FROM 'x.csv'",
    "SELECT * FROM checkpoint()",
    "SELECT * FROM force_checkpoint()",
    "SELECT * FROM enable_logging()",
    "SELECT * FROM enable_profiling()",
    "SELECT * FROM truncate_duckdb_logs()",
    "SELECT * FROM duckdb_secrets()",
    "SELECT * FROM duckdb_logs()",
    "SELECT * FROM which_secret('s3://x', 's3')",
    "SELECT * FROM arrow_scan(1, 2, 3)",
    "SELECT * FROM pandas_scan(1)",
    "SELECT * FROM python_map_function(1)",
    "SELECT * FROM register_external_resource_type('x')",
    "SELECT (SELECT count(*) FROM read_text('/etc/passwd'))",
    "WITH a AS (SELECT * FROM glob('*')) SELECT * FROM a",
    "SELECT 1 WHERE EXISTS (FROM read_csv('x.csv'))",
    "SELECT nextval('s')",
    "SELECT setseed(0.5)",
    "SELECT write_log('x')",
    "SELECT sleep_ms(100000)",
    "SELECT __internal_json_copy_to_json(1)",
    "EXPLAIN SELECT * FROM read_text('/etc/passwd')",
    "EXPLAIN ANALYZE SELECT * FROM query('SELECT 1')",
]


@pytest.mark.parametrize("sql", ESCAPES)
def test_escapes_are_refused_with_one_line(wh: Warehouse, sql: str, tmp_path: Path) -> None:
    before = sorted(p.name for p in wh.snapshot_dir.iterdir())
    with pytest.raises(QueryRefused) as refused:
        query.run(wh, sql)
    message = str(refused.value)
    assert "\n" not in message and message.startswith(("query refused", "query failed"))
    assert sorted(p.name for p in wh.snapshot_dir.iterdir()) == before
    assert not (Path.cwd() / "x.csv").exists()


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("COPY mart.claims TO 'x.csv'", "COPY is not a read-only statement"),
        ("CHECKPOINT", "CHECKPOINT is not a read-only statement"),
        ("SELECT 1; SELECT 2", "2 statements given"),
        ("EXPLAIN ANALYZE COPY (SELECT 1) TO 'x'", "EXPLAIN of COPY"),
        ("SELECT * FROM query('SELECT 1')", "table function query()"),
        ("SELECT * FROM 'x.csv'", "looks like a file"),
        ("SELECT nextval('s')", "nextval() has side effects"),
        ("   ", "empty query"),
        (" ; ", "empty query"),
    ],
)
def test_refusals_say_why(wh: Warehouse, sql: str, words: str) -> None:
    with pytest.raises(QueryRefused, match=words.replace("(", r"\(").replace(")", r"\)")):
        query.run(wh, sql)


# Read-only kinds that must run (or be harmless): each returns rows.
ALLOWED = [
    "SELECT count(*) FROM mart.claims",
    "WITH a AS (SELECT * FROM mart.claims) SELECT claim_id FROM a",
    "FROM mart.claims",
    "VALUES (1), (2)",
    "DESCRIBE mart.claims",
    "DESCRIBE SELECT * FROM mart.claims",
    "SHOW mart.claims",
    "SHOW ALL TABLES",
    "SUMMARIZE mart.claims",
    "EXPLAIN SELECT * FROM mart.claims",
    "EXPLAIN ANALYZE SELECT count(*) FROM mart.claims",
    "-- a comment first\nSELECT 1;",
    "SELECT * FROM range(3)",
    "SELECT * FROM mart.claims_of('C1')",
    "SELECT * FROM duckdb_tables()",
    "SELECT * FROM duckdb_settings() WHERE name = 'temp_directory'",
    "SELECT * FROM pragma_table_info('mart.claims')",
    "SELECT getvariable('x')",
    "SELECT list_transform([1, 2], lambda x: x + 1)",
    "UNPIVOT mart.claims ON claim_id INTO NAME n VALUE v",
    "PIVOT mart.claims ON claim_id IN ('C1') USING sum(billed)",
]


@pytest.mark.parametrize("sql", ALLOWED)
def test_read_only_kinds_run(wh: Warehouse, sql: str) -> None:
    result = query.run(wh, sql)
    assert result.columns and result.rows


def test_the_sandbox_cannot_be_switched_off_even_directly(wh: Warehouse) -> None:
    con = wh.connect()
    try:
        with pytest.raises(Exception, match=r"locked|disabled"):
            con.execute("SET temp_directory = '/tmp'")
        with pytest.raises(Exception, match=r"locked|disabled"):
            con.execute("SET enable_external_access = true")
        spill = con.execute("SELECT current_setting('temp_directory')").fetchone()[0]
    finally:
        con.close()
    assert not Path(spill).resolve().is_relative_to(wh.root.resolve())


def test_row_limit_says_so(wh: Warehouse) -> None:
    result = query.run(wh, "SELECT * FROM range(100)", row_limit=10)
    assert len(result.rows) == 10 and result.truncated and result.cut_by == "rows"
    assert result.note == "cut at the row limit of 10 rows"
    complete = query.run(wh, "SELECT * FROM range(10)", row_limit=10)
    assert len(complete.rows) == 10 and not complete.truncated and complete.note is None


def test_byte_limit_stops_big_values(wh: Warehouse) -> None:
    # 400 rows of 1 MB values: stopped after 4 rows at a 5 MB limit
    result = query.run(
        wh, "SELECT repeat('x', 1048576) AS v FROM range(400)", byte_limit=5 * 1024 * 1024
    )
    assert len(result.rows) == 4
    assert result.truncated and result.cut_by == "bytes"
    assert result.note == "truncated at 5 MB (the result-size limit) after 4 rows"


def test_time_limit_stops_the_query(wh: Warehouse) -> None:
    with pytest.raises(QueryRefused, match=r"time limit of 0\.2 s"):
        query.run(
            wh,
            "SELECT count(DISTINCT a.range * b.range) FROM range(100000) a, range(100000) b",
            time_limit_s=0.2,
        )


def test_json_is_exact(wh: Warehouse) -> None:
    result = query.run(
        wh,
        "SELECT claim_id, billed, service_date, paid_at FROM mart.claims ORDER BY claim_id",
    )
    rows = json.loads(result.to_json())
    assert rows == [
        {
            "claim_id": "C1",
            "billed": "100.10",
            "service_date": "2026-01-05",
            "paid_at": "2026-02-01T10:30:00",
        },
        {"claim_id": "C2", "billed": "0.30", "service_date": "9999-12-31", "paid_at": None},
        {
            "claim_id": "C3",
            "billed": "12345678901234.99",
            "service_date": "infinity",
            "paid_at": "infinity",
        },
        {"claim_id": "C4", "billed": "-1.00", "service_date": "-infinity", "paid_at": "-infinity"},
    ]
    assert isinstance(result.rows[0][1], Decimal)


def test_json_never_nan_or_infinity(wh: Warehouse) -> None:
    result = query.run(
        wh,
        "SELECT 'nan'::DOUBLE a, 'inf'::DOUBLE b, '-inf'::FLOAT c, [1.5, 'nan'::DOUBLE] d, "
        "{'x': 'inf'::DOUBLE} e, 12345678901234567890::UBIGINT f",
    )
    text = result.to_json()
    assert "NaN" not in text and "Infinity" not in text
    assert json.loads(text) == [
        {
            "a": None,
            "b": None,
            "c": None,
            "d": [1.5, None],
            "e": {"x": None},
            "f": "12345678901234567890",
        }
    ]


def test_json_refuses_duplicate_column_names(wh: Warehouse) -> None:
    result = query.run(wh, "SELECT 1 a, 2 a")
    assert result.columns == ["a", "a"] and result.rows == [(1, 2)]
    with pytest.raises(QueryRefused, match="more than one column named 'a'"):
        result.to_json()


def test_columns_named_like_markup_stay_as_they_are(wh: Warehouse) -> None:
    result = query.run(wh, 'SELECT 1 AS "**bold**", 2 AS "#", 3 AS "[link](x)", 4 AS "a.b"')
    assert result.columns == ["**bold**", "#", "[link](x)", "a.b"]
    assert json.loads(result.to_json()) == [{"**bold**": 1, "#": 2, "[link](x)": 3, "a.b": 4}]


def test_a_big_query_keeps_its_temporary_space_out_of_the_warehouse(
    wh: Warehouse, tmp_path: Path
) -> None:
    """A big DISTINCT under a small memory cap: DuckDB's temporary space is the readers' folder
    under RCM_READER_TEMP, gone when the process ends, and nothing appears beside the snapshot."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from rcm import query\n"
        "from rcm.warehouse import Warehouse, reader_temp_dir\n"
        "r = query.run(Warehouse(sys.argv[1]), 'SELECT count(*) FROM (SELECT DISTINCT range * 7 "
        "FROM range(3000000))')\n"
        "print(r.rows[0][0], reader_temp_dir())\n"
    )
    env = {**os.environ, "RCM_READER_MEMORY_LIMIT": "30MB", "RCM_READER_TEMP": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(wh.root)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    count, folder = done.stdout.split()[-2:]
    assert count == "3000000"
    assert Path(folder).parent == tmp_path
    assert not Path(folder).exists()  # removed when the process ended
    assert not [p for p in wh.snapshot_dir.iterdir() if p.name.endswith(".tmp")]


def _rcm_sql(wh: Warehouse, *args: str, stdin: str | None = None):
    import subprocess
    import sys

    command = [sys.executable, "-c", "from rcm.cli import main; main()"]
    command += ["--warehouse", str(wh.root), "sql", *args]
    return subprocess.run(
        command, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("source", ["argument", "stdin", "file"])
def test_rcm_sql_reads_the_query_from_an_argument_stdin_or_a_file(
    wh: Warehouse, tmp_path: Path, source: str
) -> None:
    sql = "SELECT claim_id, billed FROM mart.claims WHERE claim_id = 'C1'"
    if source == "argument":
        done = _rcm_sql(wh, sql, "--format", "json")
    elif source == "stdin":
        done = _rcm_sql(wh, "-", "--format", "json", stdin=sql)
    else:
        (tmp_path / "q.sql").write_text(sql + "\n", encoding="utf-8")
        done = _rcm_sql(wh, f"@{tmp_path / 'q.sql'}", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [{"claim_id": "C1", "billed": "100.10"}]


@pytest.mark.parametrize(
    "sql",
    ["COPY mart.claims TO 'x.csv'", "CREATE TEMP TABLE t AS SELECT 1; SELECT 1", "SELECT 1 a, 2 a"],
)
def test_rcm_sql_refusal_is_exit_1_and_one_line(wh: Warehouse, sql: str) -> None:
    done = _rcm_sql(wh, sql, "--format", "json")
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: query refused"), done.stderr


def test_rcm_sql_table_prints_markup_names_as_typed(wh: Warehouse) -> None:
    done = _rcm_sql(wh, 'SELECT 1 AS "[bold]x[/bold]", 2 AS "[link](y)", \'[red]v\' AS "#"')
    assert done.returncode == 0, done.stderr
    for text in ("[bold]x[/bold]", "[link](y)", "[red]v", "#"):
        assert text in done.stdout


def test_rcm_sql_notes_a_cut_result_on_stderr(wh: Warehouse) -> None:
    done = _rcm_sql(wh, "SELECT * FROM range(50)", "--limit", "5", "--format", "json")
    assert done.returncode == 0
    assert len(json.loads(done.stdout)) == 5
    assert "cut at the row limit of 5 rows" in done.stderr


_caller_table = None


def test_python_variables_are_not_tables(wh: Warehouse) -> None:
    """DuckDB's Python client can scan a caller's DataFrame by its name; not here."""
    import pyarrow as pa

    global _caller_table
    _caller_table = pa.table({"secret": [42]})
    _local_table = pa.table({"secret": [43]})  # a name a query might reach
    for name in ("_caller_table", "_local_table"):
        with pytest.raises(QueryRefused, match="does not exist"):
            query.run(wh, f"SELECT * FROM {name}")


def test_an_unusable_temp_folder_is_one_clear_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    code = (
        "import sys\nfrom rcm.warehouse import WarehouseError, reader_temp_dir\n"
        "try:\n    reader_temp_dir()\nexcept WarehouseError as exc:\n    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "RCM_READER_TEMP": str(blocker / "sub")},
        timeout=60,
        check=True,
    )
    assert "cannot make the readers' temporary folder" in done.stdout
    assert "RCM_READER_TEMP" in done.stdout
