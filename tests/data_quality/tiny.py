"""A tiny warehouse of core tables built by hand, for the rule unit tests.

Only the columns the rules read are created; the reference tables are the
shipped CSVs loaded as `rcm load` loads them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import duckdb
import pandas as pd

from rcm import sqlfiles
from rcm.data_quality.icd10 import code_set
from rcm.data_quality.rules import RULES_BY_ID
from rcm.data_quality.rules.run import prepare, run_rule
from rcm.etl import reference

BILLING = "1234567893"  # Luhn-valid with prefix 80840
RENDERING = "1245319599"  # Luhn-valid
DAY = dt.date(2026, 3, 2)


@dataclass
class Line:
    code: str
    modifiers: tuple[str, ...] = ()
    units: str = "1"
    charge: str = "100.00"
    dx: tuple[str, ...] = ("J069",)


@dataclass
class Claim:
    claim_id: str
    lines: list[Line]
    dx: tuple[str, ...] = ("J069",)
    sex: str = "F"
    birth: dt.date = dt.date(1980, 6, 15)
    service: dt.date = DAY
    billing: str = BILLING
    rendering: str = RENDERING
    patient: str = "P1"
    claim_type: str = "837P"
    voided: bool = False


@dataclass
class Tiny:
    claims: list[Claim] = field(default_factory=list)

    def add(self, claim: Claim) -> Tiny:
        self.claims.append(claim)
        return self

    def connect(self, taxonomy: str = "207Q00000X") -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        reference.ensure(con)
        sqlfiles.create_tables(con, "dq")
        con.execute("CREATE SCHEMA core")
        claims = pd.DataFrame(
            [
                {
                    "billing_npi": c.billing,
                    "claim_id": c.claim_id,
                    "rendering_npi": c.rendering,
                    "patient_birth_date": c.birth,
                    "patient_sex": c.sex,
                    "claim_type": c.claim_type,
                    "is_voided": c.voided,
                }
                for c in self.claims
            ]
        )
        lines = pd.DataFrame(
            [
                {
                    "billing_npi": c.billing,
                    "claim_id": c.claim_id,
                    "line_number": n,
                    "procedure_qualifier": "HC",
                    "procedure_code": ln.code,
                    **{
                        f"modifier_{i}": (ln.modifiers[i - 1] if i <= len(ln.modifiers) else None)
                        for i in range(1, 5)
                    },
                    "modifiers": ":".join(ln.modifiers),
                    "units": Decimal(ln.units),
                    "charge": Decimal(ln.charge),
                    "service_date": c.service,
                    "rendering_npi": c.rendering,
                    **{
                        f"dx_code_{i}": (ln.dx[i - 1] if i <= len(ln.dx) else None)
                        for i in range(1, 5)
                    },
                    "patient_key": c.patient,
                }
                for c in self.claims
                for n, ln in enumerate(c.lines, start=1)
            ]
        )
        diagnoses = pd.DataFrame(
            [
                {"billing_npi": c.billing, "claim_id": c.claim_id, "ordinal": n, "code": d}
                for c in self.claims
                for n, d in enumerate(c.dx, start=1)
            ]
        )
        con.register("claims_frame", claims)
        con.register("lines_frame", lines)
        con.register("dx_frame", diagnoses)
        con.execute("CREATE TABLE core.claims AS SELECT * FROM claims_frame")
        con.execute(
            "CREATE TABLE core.claim_lines AS SELECT * REPLACE ("
            "CAST(units AS DECIMAL(15,3)) AS units, CAST(charge AS DECIMAL(18,2)) AS charge, "
            "CAST(service_date AS DATE) AS service_date) FROM lines_frame"
        )
        con.execute("CREATE TABLE core.claim_diagnoses AS SELECT * FROM dx_frame")
        con.execute(
            "CREATE TABLE core.submissions AS SELECT DISTINCT rendering_npi, "
            "? AS rendering_taxonomy FROM claims_frame",
            [taxonomy],
        )
        con.execute("CREATE TABLE core.providers (npi VARCHAR, taxonomy VARCHAR)")
        con.execute("ALTER TABLE core.claims ALTER patient_birth_date TYPE DATE")
        prepare(con, code_set())
        return con


def flags(con: duckdb.DuckDBPyConnection, rule_id: str) -> set[tuple[str, int | None]]:
    """Run one rule and return (claim_id, line_number) of its findings."""
    con.execute("DELETE FROM dq.coding_flags")
    run_rule(con, RULES_BY_ID[rule_id], 1)
    return {
        (claim, line)
        for claim, line in con.execute(
            "SELECT claim_id, line_number FROM dq.coding_flags WHERE rule = ?", [rule_id]
        ).fetchall()
    }
