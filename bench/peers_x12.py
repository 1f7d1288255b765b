"""What the X12 benchmark compares our engine with, on the same bytes.

- pyx12 (installed in the project as a dev dependency): `X12ContextReader`
  walks every segment through the implementation guide's loop map, which is
  the closest it has to our parse (segments placed in their loops); it builds
  no tables, so the comparison flatters it slightly.
- LinuxForHealth x12: `X12ModelReader` validates each transaction set into
  Pydantic models. It needs Pydantic 1, so it lives in its own virtualenv under
  bench/.cache and runs this file as a script there (stdlib imports only at
  the top for that reason).
- The physical floor: read the file and split it into segments and elements
  with `str.split`, and nothing else. No parser in Python that looks at every
  element can beat it.

Each function returns seconds and the number of claims (`loop_id` loops:
2300 for 837, 2100 for 835) it saw.
"""

from __future__ import annotations

import io
import json
import resource
import sys
import time
from pathlib import Path


def pyx12_parse(path: Path, loop_id: str) -> dict[str, float]:
    """Seconds to walk the file loop by loop with pyx12, and how many `loop_id` loops it found."""
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


def _count_loops(model: object, name: str) -> int:
    """`name` loops anywhere below a LinuxForHealth model (plain attribute walk, no copies)."""
    fields = getattr(model, "__fields__", None)
    if fields is None:
        return 0
    found = 0
    for field in fields:
        value = getattr(model, field)
        items = value if isinstance(value, list) else [value]
        if field.startswith(name):
            found += len(items) if value is not None else 0
        for item in items:
            found += _count_loops(item, name)
    return found


def lfh_parse(path: Path, loop_id: str) -> dict[str, float]:
    """Seconds to stream the file's transaction models with LinuxForHealth x12."""
    from linuxforhealth.x12.io import X12ModelReader

    started = time.perf_counter()
    claims = 0
    with X12ModelReader(str(path)) as reader:
        for model in reader.models():
            claims += _count_loops(model, f"loop_{loop_id}")
    return {"seconds": time.perf_counter() - started, "claims": claims}


def floor_parse(path: Path, loop_id: str) -> dict[str, float]:
    """Seconds to read the file and split it into segments and elements, nothing more."""
    started = time.perf_counter()
    claims = 0
    first = "CLM" if loop_id == "2300" else "CLP"
    with open(path, "rb") as stream:
        data = stream.read(1 << 20)
        head = data.lstrip()[:106].decode("latin-1")
        element, terminator = head[3], head[105]
        tail = ""
        while data:
            text = tail + data.decode("latin-1")
            if "\n" in text:
                text = text.replace("\r", "").replace("\n", "")
            segments = text.split(terminator)
            tail = segments.pop()
            for segment in segments:
                if segment.split(element)[0] == first:
                    claims += 1
            data = stream.read(1 << 20)
    return {"seconds": time.perf_counter() - started, "claims": claims}


def pyx12_version() -> str:
    try:
        from importlib.metadata import version

        return version("pyx12")
    except Exception:
        return "not installed"


def lfh_version() -> str:
    from importlib.metadata import version

    return f"linuxforhealth-x12 {version('linuxforhealth-x12')}, pydantic {version('pydantic')}"


if __name__ == "__main__":
    # Run by the LinuxForHealth virtualenv's interpreter: `peers_x12.py lfh PATH LOOP_ID warm|cold`.
    engine, file, loop = sys.argv[1:4]
    if engine == "lfh-version":
        print(json.dumps({"version": lfh_version()}))
        sys.exit(0)
    parse = {"lfh": lfh_parse, "floor": floor_parse}[engine]
    if sys.argv[4:5] == ["warm"]:
        parse(Path(file), loop)
    cpu = time.process_time()
    result = parse(Path(file), loop)
    result["cpu_seconds"] = time.process_time() - cpu
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))
