"""Medians over the runs `bench/run` saved: one line per figure, the ceilings beside it.

python bench/summarize.py DIR    (DIR holds <benchmark>-<run>.json, as bench/run writes)
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: benchmark -> (figure, how to read it from one run's JSON)
FIGURES: dict[str, list[tuple[str, Callable[[dict[str, Any]], float]]]] = {
    "ceilings": [
        ("verify ceiling, events/s on one core", lambda r: r["verify_events_per_s"]),
        ("fsync of 4 KB, p50 ms", lambda r: r["fsync_4k_ms"]["p50"]),
        ("fsync of 4 KB, p99 ms", lambda r: r["fsync_4k_ms"]["p99"]),
        ("sequential write, MB/s", lambda r: r["sequential_write_mb_s"]),
    ],
    "idle": [("idle RSS, MB", lambda r: r["total_rss_mb"])],
    "ingest": [
        ("ratio to the verify ceiling", lambda r: r["ratio"]),
        ("events/s", lambda r: r["ingest_events_per_s"]),
        ("verify ceiling in the same run, events/s", lambda r: r["ceiling_events_per_s"]),
        ("node process, cores", lambda r: r["cores_used"]["node_process"]),
        ("verifier worker, cores", lambda r: r["cores_used"]["verifier_worker"]),
        ("fsync p50 in the same run, ms", lambda r: r["disk"]["fsync_4k_ms"]["p50"]),
    ],
    "latency": [
        ("p50 ms", lambda r: r["p50_ms"]),
        ("p99 ms", lambda r: r["p99_ms"]),
        ("floor p50 ms (the same hops, no work)", lambda r: r["floor_p50_ms"]),
        ("floor p99 ms", lambda r: r["floor_p99_ms"]),
    ],
    "bootstrap": [
        ("seconds", lambda r: r["seconds"]),
        ("seconds until in the view", lambda r: r["seconds_until_in_view"]),
        ("peak RSS at one moment, MB (all processes)", lambda r: r["peak_rss_together_mb"]),
        (
            "sum of each process's own peak RSS, MB",
            lambda r: (
                r["peak_rss_python_mb"] + r["peak_rss_workers_mb"] + r["peak_rss_nats_server_mb"]
            ),
        ),
    ],
    "query": [("worst p99 ms", lambda r: r["worst_p99_ms"])],
    "render": [
        ("main page, first full render, median ms", lambda r: r["pages"]["main page"]["median_ms"]),
        ("item page, median ms", lambda r: r["pages"]["item page"]["median_ms"]),
    ],
}


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) == 2 else None
    if folder is None or not folder.is_dir():
        sys.exit(
            "usage: python bench/summarize.py DIR, where DIR holds the runs' JSON files "
            "(bench/run keeps them in bench/.cache/runs)"
        )
    runs: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text())
        name = path.stem.rsplit("-", 1)[0]
        runs.setdefault(name, []).append(data)
    print("\n== medians (runs per benchmark in brackets; load = 1-minute load average, 2 cores) ==")
    for name, rows in runs.items():
        figures = FIGURES.get(name.split(".")[0], [])
        loads = [r["load"][0] for r in rows if "load" in r]
        load = f"; load {min(loads)}-{max(loads)}" if loads else ""
        print(f"{name} [{len(rows)}{load}]")
        for label, read in figures:
            try:
                values = [read(r) for r in rows]
            except KeyError:
                continue
            shown = ", ".join(f"{v:g}" for v in values)
            print(f"  {label:<44} {statistics.median(values):>10g}   ({shown})")


if __name__ == "__main__":
    main()
