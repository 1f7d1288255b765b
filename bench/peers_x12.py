"""The peer the X12 benchmark compares against: pyx12's loop-aware reader.

pyx12's `X12ContextReader` walks every segment through the implementation
guide's loop map, which is the closest it has to our parse (segments placed
in their loops); it builds no tables, so the comparison flatters it slightly.
"""

from __future__ import annotations

import io
import time
from pathlib import Path


def pyx12_parse(path: Path, loop_id: str) -> dict[str, float]:
    """Seconds to walk the file loop by loop with pyx12, and how many `loop_id` loops it found.

    `loop_id` is 2300 (837 claim) or 2100 (835 claim payment).
    """
    import pyx12.error_handler
    import pyx12.params
    import pyx12.x12context

    text = path.read_text(encoding="latin-1")
    started = time.perf_counter()
    reader = pyx12.x12context.X12ContextReader(
        pyx12.params.params(), pyx12.error_handler.errh_null(), io.StringIO(text)
    )
    claims = 0
    for node in reader.iter_segments(loop_id):
        if node.id == loop_id:
            claims += 1
    return {"seconds": time.perf_counter() - started, "claims": claims}


def pyx12_version() -> str:
    try:
        from importlib.metadata import version

        return version("pyx12")
    except Exception:
        return "not installed"
