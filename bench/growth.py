"""How cost grows with the events held: for each size, a fresh node bootstraps that many events
(from 1,000 authors), then every view query is timed, both pages are rendered, and the bytes on
disk are counted per table against the events' own size. Prints one JSON object per size.

    python bench/growth.py [--sizes 100000,300000,1000000]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from corpus import CACHE

HERE = Path(__file__).resolve().parent


def bench(script: str, *args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(HERE / script), *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out[: out.rstrip().rindex("\n")])


def disk(home: Path) -> dict[str, Any]:
    """Bytes on disk: per SQLite table and index, the node's own stream, per event."""
    conn = sqlite3.connect(home / "citymesh.db")
    try:
        count, raw = conn.execute("SELECT COUNT(*), SUM(LENGTH(raw)) FROM events").fetchone()
        tables = dict(conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall())
    finally:
        conn.close()
    files = sum(p.stat().st_size for p in home.glob("citymesh.db*"))
    stream = sum(p.stat().st_size for p in (home / "nats").rglob("*") if p.is_file())
    top = sorted(tables.items(), key=lambda kv: -kv[1])[:8]
    return {
        "events": count,
        "event_bytes_avg": round(raw / count),
        "sqlite_bytes_per_event": round(files / count),
        "stream_bytes_per_event": round(stream / count),
        "largest_tables_bytes_per_event": {name: round(size / count) for name, size in top},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--repeat", type=int, default=20, help="requests per query")
    args = parser.parse_args()
    for size in [int(s) for s in args.sizes.split(",")]:
        home = CACHE / f"node-{size}"
        boot = bench("bootstrap.py", "--events", str(size), "--keep", str(home))
        query = bench("query.py", "--home", str(home), "--repeat", str(args.repeat))
        render = bench("render.py", "--home", str(home), "--repeat", "3")
        row = {
            "size": size,
            "load": boot["load"],
            "bootstrap_s": boot["seconds"],
            "in_view_s": boot["seconds_until_in_view"],
            "peak_rss_mb": {
                k: boot[f"peak_rss_{k}_mb"] for k in ("python", "workers", "nats_server")
            },
            "query_p50_ms": {k: v["p50_ms"] for k, v in query["queries"].items()},
            "query_p99_ms": {k: v["p99_ms"] for k, v in query["queries"].items()},
            "peak_rss_together_mb": boot["peak_rss_together_mb"],
            "render_ms": render["pages"],
            "disk": disk(home),
        }
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
