"""`rcm reference load`: official CMS NCCI PTP and MUE files as a new reference version.

The tables keep the columns of the shipped extracts, so the rules read either.
The version row is marked official, and the reference loader of `rcm load`
leaves official tables alone instead of reverting them to the extract.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pyarrow as pa
from rich.table import Table

from rcm import sqlfiles
from rcm.data_quality.reference_files import (
    ReferenceFileError,
    preamble_quarter,
    quarter,
    read_mue,
    read_ptp,
)

PTP_SOURCE = "CMS NCCI PTP practitioner edits (official quarterly files)"
MUE_SOURCE = "CMS practitioner MUE values (official quarterly file)"


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def load_reference(con: duckdb.DuckDBPyConnection, ncci_ptp: list[Path], mue: Path | None) -> Table:
    """Replace ref.ncci_ptp_practitioner and/or ref.mue_practitioner; return a summary table."""
    for path in [*ncci_ptp, *([mue] if mue else [])]:
        if not Path(path).is_file():
            raise ReferenceFileError(f"{path}: no such file")
    sqlfiles.create_tables(con, "ref")
    summary = Table(
        "table", "files", "rows", "effective", "version", title="Official reference load"
    )
    if ncci_ptp:
        edits = [edit for path in ncci_ptp for edit in read_ptp(Path(path))]
        latest = max(edit.effective_date for edit in edits)
        version = f"CMS NCCI PTP practitioner {quarter(latest)}"
        frame = pa.table(
            {
                "column_1": [e.column_1 for e in edits],
                "column_2": [e.column_2 for e in edits],
                "effective_date": [e.effective_date for e in edits],
                "deletion_date": [e.deletion_date for e in edits],
                "modifier_indicator": [e.modifier_indicator for e in edits],
            }
        )
        names = ", ".join(Path(p).name for p in ncci_ptp)
        _replace(
            con,
            "dq_official_ptp",
            frame,
            "statements/reference/replace_ncci_ptp.sql",
            [
                "ncci_ptp_practitioner",
                names,
                PTP_SOURCE,
                latest.isoformat(),
                version,
                _digest([Path(p) for p in ncci_ptp]),
            ],
        )
        summary.add_row(
            "ref.ncci_ptp_practitioner", names, f"{len(edits):,}", latest.isoformat(), version
        )
    if mue is not None:
        values, preamble = read_mue(Path(mue))
        stated = preamble_quarter(preamble) or preamble_quarter(Path(mue).name)
        version = f"CMS practitioner MUE {stated or 'release as loaded'}"
        frame = pa.table(
            {
                "hcpcs": [v.hcpcs for v in values],
                "mue_value": [v.mue_value for v in values],
                "adjudication_indicator": [v.adjudication_indicator for v in values],
                "rationale": [v.rationale for v in values],
            }
        )
        _replace(
            con,
            "dq_official_mue",
            frame,
            "statements/reference/replace_mue.sql",
            [
                "mue_practitioner",
                Path(mue).name,
                MUE_SOURCE,
                stated or "",
                version,
                _digest([Path(mue)]),
            ],
        )
        summary.add_row(
            "ref.mue_practitioner", Path(mue).name, f"{len(values):,}", stated or "", version
        )
    return summary


def _replace(
    con: duckdb.DuckDBPyConnection, name: str, frame: pa.Table, sql: str, version: list[str]
) -> None:
    con.register(name, frame)
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(sqlfiles.read(sql))
        con.execute(sqlfiles.read("statements/reference/record_official_version.sql"), version)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister(name)
