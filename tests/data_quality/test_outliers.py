"""The provider outlier test: minimum visits, binomial p-value and the peer 90th percentile."""

from __future__ import annotations

import json

from rcm.data_quality.rules.outliers import ProviderCount, flag_outliers

TAX = "207Q00000X"


def _peers(n: int = 12, visits: int = 100, hits: int = 30) -> list[ProviderCount]:
    return [ProviderCount(f"N{i:02d}", TAX, visits, hits + (i % 3) - 1) for i in range(n)]


def test_a_provider_far_above_the_peers_is_flagged_with_its_evidence() -> None:
    counts = [*_peers(), ProviderCount("HIGH", TAX, 100, 75)]
    findings = flag_outliers("EM_LEVEL_OUTLIER", counts)
    assert [f.provider_npi for f in findings] == ["HIGH"]
    evidence = json.loads(findings[0].evidence)
    assert evidence["visits"] == 100 and evidence["hits"] == 75
    assert evidence["p_value"] < 0.01
    assert evidence["provider_rate"] > evidence["peer_p90"] > evidence["peer_share"] - 0.05


def test_a_provider_with_29_visits_is_not_tested() -> None:
    counts = [*_peers(), ProviderCount("SMALL", TAX, 29, 29)]
    assert flag_outliers("MOD25_OUTLIER", counts) == []


def test_thirty_visits_are_enough() -> None:
    counts = [*_peers(), ProviderCount("THIRTY", TAX, 30, 30)]
    assert [f.provider_npi for f in flag_outliers("MOD25_OUTLIER", counts)] == ["THIRTY"]


def test_peers_are_the_same_taxonomy_only() -> None:
    other = [ProviderCount(f"O{i}", "207X00000X", 100, 80) for i in range(10)]
    counts = [*_peers(), *other, ProviderCount("HIGH", "207X00000X", 100, 85)]
    assert flag_outliers("MOD59_OUTLIER", counts) == []


def test_above_the_percentile_but_not_significant_is_not_flagged() -> None:
    counts = [*_peers(), ProviderCount("BITHIGH", TAX, 40, 16)]
    assert flag_outliers("EM_LEVEL_OUTLIER", counts) == []
