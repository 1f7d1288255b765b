"""Parse every X12 file under the given folders in this one process, with no database.

Run by the scale benchmark in a fresh interpreter so its peak RSS is the
parser's own: `python -m bench.parse_folder DIR...` prints one JSON object
(bytes, seconds, files, claims, remittance claims). Memory must stay flat
whatever the number of files: batches are dropped as soon as they are counted.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from etl.x12 import iter_batches


def main(folders: list[str]) -> None:
    files = sorted(p for folder in folders for p in Path(folder).rglob("*") if p.is_file())
    total = claims = remit_claims = 0
    started = time.perf_counter()
    for path in files:
        total += path.stat().st_size
        for table, batch in iter_batches(path):
            if table == "claims":
                claims += batch.num_rows
            elif table == "remit_claims":
                remit_claims += batch.num_rows
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
