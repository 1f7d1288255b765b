"""The SQL runner: what each model reads, the order that follows from it, and what runs
again downstream of a change; checked on small folders and on the real `sql/`."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from rcm import sqlfiles


def write_models(root: Path, files: dict[str, str]) -> Path:
    """A SQL folder: `{"core/claims.sql": "CREATE ..."}` written under `root`."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("SELECT * FROM core.claims", {"core.claims"}),
        ("SELECT * FROM CORE.Claims c JOIN ref.carc r USING (code)", {"core.claims", "ref.carc"}),
        ("SELECT * FROM mart.kpis_of('x', 1, 2, 3)", {"mart.kpis_of"}),
        (
            "SELECT * FROM mart.kpis_of('mart.claim_summary', 1)",
            {"mart.kpis_of", "mart.claim_summary"},
        ),
        ("-- reads core.claims\nSELECT 1", set()),
        ("/* core.claims\n   mart.x */ SELECT 1", set()),
        ("SELECT 'from core.claims' AS note", set()),
        ("SELECT 'it''s core.claims' AS note", set()),
        ("SELECT c.claim_id FROM core.claims AS c", {"core.claims"}),
        ("SELECT * FROM other.claims, main.core.claims", set()),
        (
            "SELECT * FROM staging.stg_x -- and dq.check_runs\n JOIN dq.coding_flags f ON true",
            {"staging.stg_x", "dq.coding_flags"},
        ),
    ],
)
def test_reads_are_the_qualified_names_outside_comments_and_strings(
    text: str, reads: set[str]
) -> None:
    assert sqlfiles.reads_of(text) == reads


def test_a_model_is_named_after_what_it_creates_and_does_not_read_itself(tmp_path: Path) -> None:
    root = write_models(
        tmp_path,
        {
            "core/claims.sql": "-- claims\nCREATE OR REPLACE TABLE core.claims AS SELECT * FROM staging.s;\n"
            "COMMENT ON TABLE core.claims IS 'claims';"
        },
    )
    found = sqlfiles.model("core.claims", root=root)
    assert (found.object_name, found.reads, found.layer) == ("core.claims", {"staging.s"}, "core")
    with pytest.raises(KeyError, match=r"core\.nothing"):
        sqlfiles.model("core.nothing", root=root)


SMALL = {
    "staging/stg_b.sql": "CREATE OR REPLACE VIEW staging.stg_b AS SELECT * FROM raw.b",
    "staging/stg_a.sql": "CREATE OR REPLACE VIEW staging.stg_a AS SELECT * FROM raw.a",
    "core/zeta.sql": "CREATE OR REPLACE TABLE core.zeta AS SELECT * FROM staging.stg_a",
    "core/alpha.sql": "CREATE OR REPLACE TABLE core.alpha AS SELECT * FROM core.zeta, staging.stg_b",
    "core/beta.sql": "CREATE OR REPLACE TABLE core.beta AS SELECT * FROM staging.stg_b",
    "marts/facts_of.sql": "CREATE OR REPLACE MACRO mart.facts_of(t) AS TABLE "
    "SELECT * FROM query_table(t), dq.coding_flags",
    "marts/summary.sql": "CREATE OR REPLACE TABLE mart.summary AS "
    "SELECT * FROM mart.facts_of('core.alpha')",
    "marts/scorecard.sql": "CREATE OR REPLACE TABLE mart.scorecard AS SELECT * FROM mart.summary",
    "marts/plain.sql": "CREATE OR REPLACE TABLE mart.plain AS SELECT * FROM core.beta",
}


def names(models: list[sqlfiles.SqlModel]) -> list[str]:
    return [found.object_name for found in models]


@pytest.mark.parametrize(
    ("layers", "order"),
    [
        (
            sqlfiles.LAYERS,
            [
                # Ties by layer, then name: both staging views first, alpha waits for zeta.
                "staging.stg_a",
                "staging.stg_b",
                "core.beta",
                "core.zeta",
                "core.alpha",
                "mart.facts_of",
                "mart.plain",
                "mart.summary",
                "mart.scorecard",
            ],
        ),
        (["core"], ["core.beta", "core.zeta", "core.alpha"]),
        (["marts"], ["mart.facts_of", "mart.plain", "mart.summary", "mart.scorecard"]),
        # Layers asked in another order still tie in layer order.
        (
            ["marts", "core"],
            [
                "core.beta",
                "core.zeta",
                "core.alpha",
                "mart.facts_of",
                "mart.plain",
                "mart.summary",
                "mart.scorecard",
            ],
        ),
        # A reader whose name sorts first still waits for what it reads.
        (["marts"], ["mart.facts_of", "mart.plain", "mart.summary", "mart.scorecard"]),
    ],
)
def test_plan_runs_each_model_after_what_it_reads(
    tmp_path: Path, layers: list[str], order: list[str]
) -> None:
    root = write_models(tmp_path, SMALL)
    assert names(sqlfiles.plan(layers, root=root)) == order


def test_plan_names_the_models_of_a_cycle(tmp_path: Path) -> None:
    root = write_models(
        tmp_path,
        {
            "core/a.sql": "CREATE OR REPLACE TABLE core.a AS SELECT * FROM core.c",
            "core/b.sql": "CREATE OR REPLACE TABLE core.b AS SELECT * FROM core.a",
            "core/c.sql": "CREATE OR REPLACE TABLE core.c AS SELECT * FROM core.b",
            "core/d.sql": "CREATE OR REPLACE TABLE core.d AS SELECT * FROM core.c",
            "core/e.sql": "CREATE OR REPLACE TABLE core.e AS SELECT 1",
        },
    )
    with pytest.raises(sqlfiles.ModelCycle) as raised:
        sqlfiles.plan(["core"], root=root)
    assert str(raised.value).endswith("core.a, core.b, core.c")


@pytest.mark.parametrize(
    ("changed", "layers", "expected"),
    [
        # dq is read by facts_of only; summary reads it through facts_of, scorecard through summary.
        (["dq"], ["marts"], ["mart.facts_of", "mart.summary", "mart.scorecard"]),
        (["dq.coding_flags"], ["marts"], ["mart.facts_of", "mart.summary", "mart.scorecard"]),
        (["dq.check_runs"], ["marts"], []),
        (["core.beta"], sqlfiles.LAYERS, ["mart.plain"]),
        (
            ["raw.a"],
            sqlfiles.LAYERS,
            ["staging.stg_a", "core.zeta", "core.alpha", "mart.summary", "mart.scorecard"],
        ),
        (
            ["staging.stg_b", "dq"],
            sqlfiles.LAYERS,
            [
                "core.beta",
                "core.alpha",
                "mart.facts_of",
                "mart.plain",
                "mart.summary",
                "mart.scorecard",
            ],
        ),
    ],
)
def test_downstream_follows_reads_through_other_models(
    tmp_path: Path, changed: list[str], layers: list[str], expected: list[str]
) -> None:
    root = write_models(tmp_path, SMALL)
    assert names(sqlfiles.downstream(changed, layers=layers, root=root)) == expected


def test_run_creates_each_schema_and_runs_the_plan_once(tmp_path: Path) -> None:
    root = write_models(tmp_path, SMALL)
    con = duckdb.connect()
    for schema, table in (("raw", "a"), ("raw", "b"), ("dq", "coding_flags")):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        con.execute(f"CREATE TABLE {schema}.{table} AS SELECT 1 AS {table}_value")
    ran = sqlfiles.run(sqlfiles.plan(root=root), con)
    assert names([found for found, _ in ran]) == names(sqlfiles.plan(root=root))
    assert con.execute("SELECT * FROM mart.scorecard").fetchall() == [(1, 1, 1)]


def test_real_models_read_only_sources_and_models_before_them() -> None:
    made: set[str] = set()
    unmet: list[tuple[str, str]] = []
    for found in sqlfiles.plan():
        for name in sorted(found.reads):
            if name.partition(".")[0] not in sqlfiles.SOURCE_SCHEMAS and name not in made:
                unmet.append((found.object_name, name))
        made |= found.creates
    assert unmet == []
    assert len(made) > 40


@pytest.mark.parametrize("layer", sqlfiles.LAYERS)
def test_each_model_file_creates_one_object_named_like_the_file(layer: str) -> None:
    schema = sqlfiles.SCHEMA_OF_LAYER[layer]
    wrong = {
        found.path.name: sqlfiles.created_by(found.text)
        for found in sqlfiles.models(layer)
        if sqlfiles.created_by(found.text) != [f"{schema}.{found.name}"]
    }
    assert wrong == {}
    assert sqlfiles.models(layer)


def sql_files(*parts: str) -> list[Path]:
    return sorted((sqlfiles.SQL_ROOT.joinpath(*parts)).rglob("*.sql"))


# Alternative definitions of one per-connection object: the file stem -> the object.
ALTERNATIVES = {"dash_rejections_empty": "dash_rejections"}
# Statements that (re)create an object, by path under sql/: the temporary tables the
# KPI command reads back, and the reference tables an official CMS load replaces.
STATEMENTS_CREATING = {
    "statements/kpis/facts_at.sql": ["kpi_facts"],
    "statements/kpis/buckets_at.sql": ["kpi_buckets"],
    "statements/reference/replace_mue.sql": ["ref.mue_practitioner"],
    "statements/reference/replace_ncci_ptp.sql": ["ref.ncci_ptp_practitioner"],
}


def relative(path: Path) -> str:
    return path.relative_to(sqlfiles.SQL_ROOT).as_posix()


@pytest.mark.parametrize(
    ("folder", "qualified"),
    [(("schema",), True), (("dashboard", "session"), False), (("dq", "context"), False)],
)
def test_each_schema_and_connection_file_makes_one_object_named_like_the_file(
    folder: tuple[str, ...], qualified: bool
) -> None:
    wrong: dict[str, list[str]] = {}
    paths = sql_files(*folder)
    for path in paths:
        name = ALTERNATIVES.get(path.stem, path.stem)
        expected = f"{path.parent.name}.{name}" if qualified else name
        created = sqlfiles.created_by(path.read_text(encoding="utf-8"))
        # A schema file either creates its table or types one another step loads.
        altered = re.findall(r"ALTER\s+TABLE\s+([\w.]+)", path.read_text(), re.IGNORECASE)
        if created != [expected] and not (qualified and not created and altered):
            wrong[relative(path)] = created
        if any(table.lower() != expected for table in altered):
            wrong[relative(path)] = altered
    assert wrong == {}
    assert paths


def test_statements_and_queries_make_no_lasting_object() -> None:
    made = {
        relative(path): sqlfiles.created_by(path.read_text(encoding="utf-8"))
        for folder in ("statements", "dashboard", "dq")
        for path in sql_files(folder)
        if not relative(path).startswith(("dashboard/session/", "dq/context/"))
    }
    assert {path: names for path, names in made.items() if names} == STATEMENTS_CREATING
    assert all(path in made for path in ("dq/rules/mue.sql", "dashboard/kpis.sql"))


def test_no_sql_file_is_left_outside_the_layout() -> None:
    homes = ("staging/", "core/", "marts/", "schema/", "statements/", "dashboard/", "dq/")
    assert [relative(p) for p in sql_files() if not relative(p).startswith(homes)] == []
    assert [relative(p) for p in sql_files("marts") if p.parent.name != "marts"] == []
