"""One generated data set shared by the generator tests (small: a few seconds)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

# The shared test modules sit beside the tests; pytest's import mode does not put this folder on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_x12text as x12text

from rcm.generator import GenerationSummary, generate

CLAIMS = 3000
SEED = 11


@pytest.fixture(scope="package")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GenerationSummary]:
    out = tmp_path_factory.mktemp("generated")
    summary = generate(out, claims=CLAIMS, seed=SEED)
    return out, summary


@pytest.fixture(scope="package")
def out_dir(generated) -> Path:
    return generated[0]


@pytest.fixture(scope="package")
def truth(out_dir: Path) -> list[dict[str, str]]:
    with (out_dir / "ground_truth.csv").open(newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="package")
def taxonomy(out_dir: Path) -> dict[str, str]:
    with (out_dir / "csv" / "providers.csv").open(newline="") as f:
        return {r["provider_npi"]: r["taxonomy_code"] for r in csv.DictReader(f)}


@pytest.fixture(scope="package")
def submissions(out_dir: Path, taxonomy) -> list[x12text.Claim]:
    subs: list[x12text.Claim] = []
    for path in sorted(out_dir.glob("837/*/*.837")):
        subs += x12text.read_837(path)
    subs += x12text.read_claims_csv(out_dir / "csv" / "claims_lakeside.csv", taxonomy)
    return subs


@pytest.fixture(scope="package")
def refused_files(out_dir: Path) -> set[str]:
    """Names of the 837s a 999 rejected (their claims are sent again, corrected)."""
    groups = set()
    for path in out_dir.glob("999/*/*.999"):
        segs = x12text.segments(path)
        if any(s[:2] == ["IK5", "R"] for s in segs):
            groups.add(next(s[2] for s in segs if s[0] == "AK1"))
    return {p.name for p in out_dir.glob("837/*/*.837") if x12text.segments(p)[1][6] in groups}


@pytest.fixture(scope="package")
def refused_claims(out_dir: Path) -> set[tuple[str, str, str]]:
    """(837 file name, billing NPI, claim id) of each claim a 277CA rejected."""
    names = {x12text.segments(p)[0][13]: p.name for p in out_dir.glob("837/*/*.837")}
    out = set()
    for path in out_dir.glob("277/*/*.277"):
        name, billing = "", ""
        for s in x12text.segments(path):
            if s[:2] == ["TRN", "2"] and not billing:
                name = names[s[2]]
            elif s[:2] == ["NM1", "85"]:
                billing = s[9]
            elif s[:2] == ["TRN", "2"]:
                claim_id = s[2]
            elif s[0] == "STC" and billing and s[3] == "U":
                out.add((name, billing, claim_id))
    return out


@pytest.fixture(scope="package")
def claims(submissions, refused_files, refused_claims) -> dict[tuple[str, str], x12text.Claim]:
    """Each claim's original as the payer took it (not one a 999 or 277CA turned back)."""
    kept = [
        c
        for c in submissions
        if c.source not in refused_files and (c.source, *c.key) not in refused_claims
    ]
    return x12text.first_submissions(kept)
