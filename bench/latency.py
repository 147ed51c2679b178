"""Relay latency: publish through A's HTTP API; time until the event is in C's view, where
C gets A's events through B (A -> B -> C, three processes, three nats-servers). C's view is
observed through its live stream, which announces an event once it is committed.

    python bench/latency.py [--events 1000] [--rate 100] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

import aiohttp
from harness import report
from procs import NodeProcess


async def measure(a: NodeProcess, c: NodeProcess, count: int, rate: float) -> list[float]:
    sent: dict[str, float] = {}
    arrived: dict[str, float] = {}
    done = asyncio.Event()
    async with aiohttp.ClientSession() as session:

        async def listen() -> None:
            async with session.get(
                f"{c.url}/api/v1/stream?kind=initiative", timeout=aiohttp.ClientTimeout(total=None)
            ) as resp:
                ready.set()
                async for line in resp.content:
                    if line.startswith(b"data:"):
                        event = json.loads(line[5:])
                        arrived.setdefault(event["id"], time.perf_counter())
                        if len(arrived) >= count:
                            done.set()
                            return

        ready = asyncio.Event()
        listener = asyncio.create_task(listen())
        await ready.wait()
        headers = {"Authorization": f"Bearer {a.token}"}
        interval, start = 1 / rate, time.perf_counter()
        for i in range(count):
            body = {
                "title": {"en": f"Relay {i}"},
                "summary": {"en": "latency probe"},
                "category": "welcoming_rights",
                "status": "active",
            }
            t0 = time.perf_counter()
            async with session.post(
                f"{a.url}/api/v1/events", json={"kind": "initiative", "body": body}, headers=headers
            ) as resp:
                event = await resp.json()
            sent[event["id"]] = t0
            delay = start + (i + 1) * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)  # a steady rate, not a synchronisation
        await asyncio.wait_for(done.wait(), 60)
        listener.cancel()
    return sorted((arrived[i] - sent[i]) * 1000 for i in sent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100.0, help="events per second")
    parser.add_argument("--quick", action="store_true", help="200 events")
    args = parser.parse_args()
    count = 200 if args.quick else args.events
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
    p50 = statistics.median(ms)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
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
        },
        f"latency A->B->C: p50 {p50:.1f} ms, p99 {p99:.1f} ms over {count} events "
        f"(target p50 <= 4, p99 <= 10)",
    )


if __name__ == "__main__":
    main()
