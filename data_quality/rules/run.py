"""Run the coding rules over the whole warehouse and write `dq.coding_flags`."""

from __future__ import annotations

import time

import duckdb

from rcm import sqlfiles
from rcm.data_quality.icd10 import CodeSet
from rcm.data_quality.rules import RULES, Rule
from rcm.data_quality.rules.outliers import ProviderCount, flag_outliers

# The rule context, one object a file, in the order they are made
# (dq_provider_lines reads dq_rule_lines).
CONTEXT = tuple(
    f"dq/context/{name}.sql"
    for name in ("dq_npi_valid", "dq_age_years", "dq_rule_lines", "dq_provider_lines")
)


def prepare(con: duckdb.DuckDBPyConnection, codes: CodeSet) -> None:
    """The temporary views, macros and the ICD-10-CM table the rule SQL reads."""
    for path in CONTEXT:
        con.execute(sqlfiles.read(path))
    con.register("dq_icd10cm_arrow", codes.table())
    con.execute("CREATE OR REPLACE TEMP TABLE dq_icd10cm AS SELECT * FROM dq_icd10cm_arrow")
    con.unregister("dq_icd10cm_arrow")


def run_rule(con: duckdb.DuckDBPyConnection, rule: Rule, run_id: int) -> None:
    """Insert one rule's findings under `run_id`."""
    text = sqlfiles.read(rule.sql).strip().rstrip(";")
    try:
        if rule.kind == "findings":
            insert = sqlfiles.read("statements/checks/insert_flags.sql").replace("{rule_sql}", text)
            con.execute(insert, [run_id])
        else:
            _run_provider_rule(con, rule, text, run_id)
    except duckdb.Error as exc:
        raise RuntimeError(f"sql/{rule.sql}: {exc}") from exc


def _run_provider_rule(con: duckdb.DuckDBPyConnection, rule: Rule, text: str, run_id: int) -> None:
    counts = [
        ProviderCount(npi, taxonomy, int(visits), int(hits))
        for npi, taxonomy, visits, hits in con.execute(text).fetchall()
    ]
    rows = [
        (
            run_id,
            rule.rule_id,
            rule.severity,
            None,
            None,
            None,
            f.provider_npi,
            f.detail,
            f.evidence,
        )
        for f in flag_outliers(rule.rule_id, counts)
    ]
    if rows:
        con.executemany(sqlfiles.read("statements/checks/insert_provider_flag.sql"), rows)


def release(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the temporary tables of `prepare` (their memory is wanted by what runs next)."""
    con.execute(sqlfiles.read("statements/checks/drop_rule_context.sql"))


def run_rules(
    con: duckdb.DuckDBPyConnection, run_id: int, rules: tuple[Rule, ...] = RULES
) -> dict[str, float]:
    """Run `rules` in order; return the seconds each took."""
    seconds: dict[str, float] = {}
    for rule in rules:
        started = time.perf_counter()
        run_rule(con, rule, run_id)
        seconds[rule.rule_id] = time.perf_counter() - started
    return seconds
