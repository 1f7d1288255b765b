"""Parse every X12 file under the given folders in this one process, with no database.

Run by the scale benchmark in a fresh interpreter so its peak RSS is the
parser's own: `python -m bench.parse_folder DIR...` prints one JSON object
(bytes, seconds, files, claims, remittance claims). Small files are parsed in
groups sharing row buffers and large ones streamed, as the loader does, but
all on one core. Memory must stay flat whatever the number of files: batches
are dropped as soon as they are counted.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from rcm.etl.x12 import FileGroup, iter_batches

GROUP_BYTES = 4 << 20
GROUP_FILES = 1000


def main(folders: list[str]) -> None:
    files = sorted(p for folder in folders for p in Path(folder).rglob("*") if p.is_file())
    total = claims = remit_claims = 0
    started = time.perf_counter()
    group, grouped_bytes = FileGroup(), 0

    def count(table: str, rows: int) -> None:
        nonlocal claims, remit_claims
        if table == "claims":
            claims += rows
        elif table == "remit_claims":
            remit_claims += rows

    def flush() -> None:
        nonlocal group, grouped_bytes
        tables, _ = group.finish()
        for table, pairs in tables.items():
            count(table, sum(batch.num_rows for batch, _ in pairs))
        group, grouped_bytes = FileGroup(), 0

    for path in files:
        size = path.stat().st_size
        total += size
        if size >= GROUP_BYTES:
            for table, batch in iter_batches(path):
                count(table, batch.num_rows)
            continue
        group.add(path)
        grouped_bytes += size
        if grouped_bytes >= GROUP_BYTES or len(group.names) >= GROUP_FILES:
            flush()
    flush()
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "bytes": total,
                "seconds": seconds,
                "files": len(files),
                "claims": claims,
                "remit_claims": remit_claims,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
