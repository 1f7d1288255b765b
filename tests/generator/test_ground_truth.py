"""The ground truth lists every seeded anomaly and nothing a rule would not find."""

from __future__ import annotations

from collections import Counter

import gen_rules as rules
import pytest

from rcm.generator.anomalies import RATES
from rcm.generator.reference import BYPASS_MODIFIERS, load

ALL_RULES = sorted(
    [*RATES, "EM_LEVEL_OUTLIER", "MOD25_OUTLIER", "MOD59_OUTLIER", "FRONT_END_REJECTED"]
)


def _rows(truth, names):
    return {tuple(r.values()) for r in truth if r["rule"] in names}


def test_header_is_exact(out_dir):
    header = (out_dir / "ground_truth.csv").read_text().splitlines()[0]
    assert header == "rule,claim_id,billing_npi,line_number,provider_npi"


def test_every_rule_is_seeded(truth):
    counts = Counter(r["rule"] for r in truth)
    assert sorted(counts) == ALL_RULES, counts


def test_rows_point_at_claims_in_the_files(truth, claims):
    for r in truth:
        if r["claim_id"]:
            c = claims[(r["billing_npi"], r["claim_id"])]
            if r["rule"] == "FRONT_END_REJECTED":
                continue
            if r["line_number"]:
                assert int(r["line_number"]) <= len(c.lines)
            assert r["provider_npi"] == c.rendering_npi


LINE_RULES = [
    "DX_INVALID",
    "PX_INVALID",
    "NPI_INVALID",
    "SEX_CONFLICT",
    "AGE_CONFLICT",
    "NCCI_PTP",
    "MUE",
    "DUPLICATE_LINE",
]


@pytest.mark.parametrize("rule", LINE_RULES)
def test_rule_finds_exactly_the_seeded_rows(rule, truth, claims):
    found = {r for r in rules.line_and_claim_rules(list(claims.values())) if r[0] == rule}
    assert found == _rows(truth, {rule})


def test_charge_outliers_match(truth, claims):
    found = rules.charge_outliers(list(claims.values()))
    expected = _rows(truth, {"CHARGE_OUTLIER"})
    assert found == expected
    assert expected, "no charge outlier seeded"


def test_provider_outliers_match(truth, claims):
    """Pooled peer share per taxonomy; 90th percentile interpolated linearly over the
    peers with at least 30 visits (the reading the coding rules implement: a peer with a
    handful of visits has no rate worth ranking). Over every peer the answer can differ."""
    names = {"EM_LEVEL_OUTLIER", "MOD25_OUTLIER", "MOD59_OUTLIER"}
    found = rules.provider_outliers(list(claims.values()), min_peer_visits=30)
    assert found == _rows(truth, names)


def test_indicator_one_pairs_with_bypass_exist_and_are_not_findings(claims, truth):
    """Bypassed pairs are common in normal data; none of them is in the ground truth."""
    ref = load()
    flagged = {
        (r["billing_npi"], r["claim_id"], int(r["line_number"]))
        for r in truth
        if r["rule"] == "NCCI_PTP"
    }
    bypassed = 0
    for c in claims.values():
        for i, a in enumerate(c.lines):
            for b in c.lines[i + 1 :]:
                edit = ref.edit(a.code, b.code, c.service)
                if edit is None or edit.indicator != "1":
                    continue
                col2 = b if edit.column_2 == b.code else a
                if BYPASS_MODIFIERS & set(col2.modifiers):
                    bypassed += 1
                    assert (*c.key, c.lines.index(col2) + 1) not in flagged
    assert bypassed >= 20
