"""Provider outlier test: a provider's rate against the peers of the same specialty.

The counts come from SQL (one file per rule); the decision is made here
because it needs an exact binomial test. A provider is flagged when all hold:
- at least `MIN_VISITS` visits (lines the rule counts);
- a one-sided binomial test of their hits against the pooled share of their
  specialty (all providers with the same taxonomy) gives p < `ALPHA`;
- their rate is above the 90th percentile (linear interpolation, as DuckDB's
  `quantile_cont`) of the rates of the peers with at least `MIN_VISITS` visits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import binomtest

from rcm.data_quality.expectations.json_values import dumps

MIN_VISITS = 30
ALPHA = 0.01
PEER_QUANTILE = 0.9

WHAT = {
    "EM_LEVEL_OUTLIER": ("level 4/5 office visits", "office E/M visits"),
    "MOD25_OUTLIER": ("E/M lines with modifier 25", "E/M lines"),
    "MOD59_OUTLIER": ("lines with modifier 59/XE/XP/XS/XU", "service lines"),
}


@dataclass(frozen=True)
class ProviderCount:
    provider_npi: str
    taxonomy: str | None
    visits: int
    hits: int


@dataclass(frozen=True)
class Finding:
    provider_npi: str
    detail: str
    evidence: str


def flag_outliers(rule_id: str, counts: list[ProviderCount]) -> list[Finding]:
    """The providers of `counts` that are outliers among the peers of their taxonomy."""
    by_taxonomy: dict[str | None, list[ProviderCount]] = {}
    for count in counts:
        by_taxonomy.setdefault(count.taxonomy, []).append(count)
    findings: list[Finding] = []
    numerator, denominator = WHAT[rule_id]
    for taxonomy, peers in by_taxonomy.items():
        if taxonomy is None:
            continue
        total = sum(p.visits for p in peers)
        if not total:
            continue
        share = sum(p.hits for p in peers) / total
        rates = [p.hits / p.visits for p in peers if p.visits >= MIN_VISITS]
        if not rates or not 0 < share < 1:
            continue
        p90 = float(np.quantile(rates, PEER_QUANTILE, method="linear"))
        for p in peers:
            if p.visits < MIN_VISITS or p.hits / p.visits <= p90:
                continue
            p_value = binomtest(p.hits, p.visits, share, alternative="greater").pvalue
            if p_value >= ALPHA:
                continue
            rate = p.hits / p.visits
            findings.append(
                Finding(
                    provider_npi=p.provider_npi,
                    detail=(
                        f"{p.hits} of {p.visits} {denominator} are {numerator} "
                        f"({rate:.1%}); specialty {taxonomy} share {share:.1%}, "
                        f"peer 90th percentile {p90:.1%}, binomial p = {p_value:.2g}"
                    ),
                    evidence=dumps(
                        {
                            "taxonomy": taxonomy,
                            "visits": p.visits,
                            "hits": p.hits,
                            "provider_rate": round(rate, 6),
                            "peer_share": round(share, 6),
                            "peer_p90": round(p90, 6),
                            "peer_providers": len(peers),
                            "peers_with_min_visits": len(rates),
                            "p_value": p_value,
                            "test": "one-sided binomial (greater) against the peer share",
                        }
                    ),
                )
            )
    return findings
