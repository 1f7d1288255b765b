"""Deterministic per-provider quotas.

A provider's coding rates (share of level-4/5 visits, of modifier 25, of
modifier 59) are met by an accumulator instead of coin flips: after n visits
the count is within one of n x rate. Peer rates then sit tightly on the
specialty's rate, so the provider-level outlier rules find the seeded outliers
and nobody else, at any volume.
"""

from __future__ import annotations

from .model import Provider


def hit(provider: Provider, attribute: str) -> bool:
    """Take one draw of `attribute` for `provider`: True at exactly its long-run rate."""
    acc = provider.acc[attribute] + provider.rates[attribute]
    if acc >= 1.0:
        provider.acc[attribute] = acc - 1.0
        return True
    provider.acc[attribute] = acc
    return False
