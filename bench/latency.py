"""Relay latency: publish through A's HTTP API; time until the event is in C's view, where
C gets A's events through B (A -> B -> C, three processes, three nats-servers). C's view is
observed through its live stream, which announces an event once it is committed. Beside it,
before and after, the floor: the same hops with no work on them (bench/floor.py).

    python bench/latency.py [--events 1000] [--rate 100] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
from pathlib import Path

import aiohttp
from floor import floor
from harness import percentile, relay_times, report
from procs import NodeProcess


async def measure(a: NodeProcess, c: NodeProcess, count: int, rate: float) -> list[float]:
    headers = {"Authorization": f"Bearer {a.token}"}

    async def send(session: aiohttp.ClientSession, i: int) -> str:
        body = {
            "title": {"en": f"Relay {i}"},
            "summary": {"en": "latency probe"},
            "category": "welcoming_rights",
            "status": "active",
        }
        async with session.post(
            f"{a.url}/api/v1/events", json={"kind": "initiative", "body": body}, headers=headers
        ) as resp:
            event = await resp.json()
        return str(event["id"])

    def key(data: bytes) -> str:
        return str(json.loads(data)["id"])

    return await relay_times(f"{c.url}/api/v1/stream?kind=initiative", send, key, count, rate)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100.0, help="events per second")
    parser.add_argument("--quick", action="store_true", help="200 events")
    args = parser.parse_args()
    count = 200 if args.quick else args.events
    before = floor(count // 2, args.rate)
    with tempfile.TemporaryDirectory(prefix="citymesh-bench-") as tmp:
        a, b, c = (NodeProcess(Path(tmp), n) for n in ("A", "B", "C"))
        for n in (a, b, c):
            n.start()
        try:
            b.follow(a.url)
            c.follow(b.url, author=a.get("/.well-known/citymesh")["id"])
            ms = asyncio.run(measure(a, c, count, args.rate))
        finally:
            for n in (a, b, c):
                n.stop()
    after = floor(count // 2, args.rate)
    p50 = statistics.median(ms)
    # Measured on both sides of the run: noise shows.
    floor_p50 = statistics.mean([before["p50_ms"], after["p50_ms"]])
    floor_p99 = statistics.mean([before["p99_ms"], after["p99_ms"]])
    p99 = percentile(ms, 0.99)
    report(
        "latency",
        {
            "events": count,
            "rate_per_s": args.rate,
            "p50_ms": round(p50, 2),
            "p90_ms": round(ms[int(len(ms) * 0.9)], 2),
            "p99_ms": round(p99, 2),
            "max_ms": round(ms[-1], 2),
            "target_p50_ms": 4,
            "target_p99_ms": 10,
            "floor_p50_ms": round(floor_p50, 2),
            "floor_p99_ms": round(floor_p99, 2),
            "floor_runs": [before, after],
        },
        f"latency A->B->C: p50 {p50:.1f} ms, p99 {p99:.1f} ms over {count} events "
        f"(target p50 <= 4, p99 <= 10); the same hops with no work: p50 {floor_p50:.1f} ms, "
        f"p99 {floor_p99:.1f} ms",
    )


if __name__ == "__main__":
    main()
