"""Ingest throughput: a follower takes N events from a peer's stream, verified, chain-checked,
stored and applied to the view; beside it, the single-core ceiling: a bare loop that only
decodes, hashes and verifies the same events. Prints both and their ratio.

    python bench/ingest.py [--events 50000] [--authors 200] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from harness import Peer, cpu_seconds, follow_all, follower, now, report  # isort: skip
from ceilings import disk, load, verify_ceiling  # isort: skip
from corpus import cached  # isort: skip
from stages import Stages, thread_cpu  # isort: skip


async def ingest(events: list[bytes], root: Path) -> dict[str, Any]:
    peer = Peer(root / "peer")
    await peer.start()
    await peer.load(events, len(events))
    node = await follower(root)
    servers = [s.proc.pid for s in (node.server, peer.server) if s and s.proc]
    pids = [os.getpid(), *servers]  # this process is the node; then both nats-servers
    try:
        base = node.ingest.accepted
        stages = Stages(node)
        threads_before = thread_cpu()
        cpu_before = [cpu_seconds(p) for p in pids]
        start = now()
        await follow_all(node, peer)
        while node.ingest.accepted - base < len(events):
            stages.sample_workers()
            await asyncio.sleep(0.005)
        # A large backlog is stored without the query indexes: the run ends when they are back.
        while not await node.store.query_indexes_complete():
            await asyncio.sleep(0.005)
        elapsed = now() - start
        cpu = [cpu_seconds(p) - c for p, c in zip(pids, cpu_before, strict=True)]
        threads = {k: v - threads_before.get(k, 0.0) for k, v in thread_cpu().items()}
        table = stages.table(elapsed, start, threads)
        # The workers start within the run: all of their time is in it.
        worker = sum(stages.worker_cpu.values())
        # Not part of the ratio (text indexing is off the acceptance path), but shown.
        while not await node.store.text_index_complete():
            await asyncio.sleep(0.005)
        searchable = now() - start
        rejected = sum(node.ingest.rejected.values())
        return {
            "seconds": elapsed,
            "events_per_s": len(events) / elapsed,
            "rejected": rejected,
            "seconds_until_searchable": round(searchable, 2),
            # Where the two cores went, as a share of one core over the run: the node's own
            # process near 1.0 is the bound (its threads share one interpreter lock).
            "cores_used": {
                "node_process": round(cpu[0] / elapsed, 2),
                "verifier_worker": round(worker / elapsed, 2),
                "nats_server_own": round(cpu[1] / elapsed, 2),
                "nats_server_peer": round(cpu[2] / elapsed, 2),
            },
            "threads_cpu_share": {k: round(v / elapsed, 2) for k, v in threads.items() if v},
            "stages": table,
            "timeline": stages.timeline(start),
        }
    finally:
        await node.stop()
        await peer.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--authors", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="5,000 events")
    parser.add_argument("--timeline", help="write each stage's spans (JSON) to this file")
    args = parser.parse_args()
    count = 5_000 if args.quick else args.events
    events = cached(count, args.authors)
    ceil_before = verify_ceiling(events)
    with tempfile.TemporaryDirectory(prefix="citymesh-bench-") as tmp:
        disk_ceiling = disk(Path(tmp))  # where the node writes
        result = asyncio.run(ingest(events, Path(tmp)))
    ceil_after = verify_ceiling(events)
    timeline = result.pop("timeline")
    if args.timeline:
        Path(args.timeline).write_text(json.dumps(timeline))
    ceil = (ceil_before + ceil_after) / 2  # measured on both sides of the run: noise shows
    ratio = result["events_per_s"] / ceil
    target = 0.85 if count >= 50_000 else 0.75
    report(
        "ingest",
        {
            "events": count,
            "authors": args.authors,
            "ingest_events_per_s": round(result["events_per_s"]),
            "ceiling_events_per_s": round(ceil),
            "ceiling_runs": [round(ceil_before), round(ceil_after)],
            "ratio": round(ratio, 3),
            "target_ratio": target,
            "disk": disk_ceiling,
            "load": load(),
            "rejected": result["rejected"],
            "seconds": round(result["seconds"], 2),
            "seconds_until_searchable": result["seconds_until_searchable"],
            "cores_used": result["cores_used"],
            "threads_cpu_share": result["threads_cpu_share"],
            "stages": result["stages"],
        },
        f"ingest: {result['events_per_s']:.0f} events/s vs single-core verify ceiling "
        f"{ceil:.0f}/s = {ratio:.0%} (target >= {target:.0%}); fsync p50 "
        f"{disk_ceiling['fsync_4k_ms']['p50']} ms; load {load()[0]}",
    )


if __name__ == "__main__":
    main()
