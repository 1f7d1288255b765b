"""Synthetic 837/835/CSV data with seeded anomalies and a ground truth.

`generate` is the one entry point; the CLI (`rcm generate`) calls it.
"""

from __future__ import annotations

import datetime as dt
import pathlib

from .summary import GenerationSummary

__all__ = ["GenerationSummary", "generate"]


def generate(
    out_dir: pathlib.Path,
    *,
    claims: int,
    seed: int,
    start: dt.date = dt.date(2026, 1, 1),
    months: int = 12,
    progress: bool = False,
) -> GenerationSummary:
    """Write a realistic, reproducible data set under `out_dir` and say what was written.

    Same arguments, same bytes: all randomness flows from `seed`, and no date
    comes from the clock.
    """
    if claims < 1 or months < 1:
        raise ValueError("claims and months must be positive")
    from .assemble import run

    return run(pathlib.Path(out_dir), claims, seed, start, months, progress)
