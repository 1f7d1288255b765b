"""Time the analyst queries of bench/analyst_queries.sql through the SQL workbench's path.

`python -m bench.workbench WAREHOUSE` prints one JSON object per query: each
runs as the dashboard and `rcm sql` run it (`rcm.query.run`: a fresh sandboxed
read-only connection on the published snapshot, row and time limits), so the
figure is what an analyst waits for, connection included.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from rcm import query
from rcm.warehouse import Warehouse

QUERIES = Path(__file__).with_name("analyst_queries.sql")


def analyst_queries() -> list[tuple[str, str]]:
    """(name, sql) pairs in file order."""
    parts = QUERIES.read_text().split("-- name: ")[1:]
    return [
        (name.strip(), sql.strip().rstrip(";"))
        for name, sql in (part.split("\n", 1) for part in parts)
    ]


def main(warehouse_dir: str) -> None:
    warehouse = Warehouse(warehouse_dir)
    for name, sql in analyst_queries():
        started = time.perf_counter()
        result = query.run(warehouse, sql, row_limit=10_000, time_limit_s=30.0)
        seconds = time.perf_counter() - started
        print(json.dumps({"query": name, "seconds": seconds, "rows": len(result.rows)}))


if __name__ == "__main__":
    main(sys.argv[1])
