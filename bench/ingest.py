"""Ingest throughput: a follower takes N events from a peer's stream, verified, chain-checked,
stored and applied to the view; beside it, the single-core ceiling: a bare loop that only
decodes, hashes and verifies the same events. Prints both and their ratio.

    python bench/ingest.py [--events 50000] [--authors 200] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import msgspec
import nacl.signing

from harness import Peer, cpu_seconds, follow_all, follower, now, report  # isort: skip
from corpus import cached  # isort: skip
from protocol import canonical_bytes, parse_public_id  # noqa: E402
from protocol.keys import unb64u  # noqa: E402


def ceiling(events: list[bytes]) -> float:
    """Events/s of decode + canonical re-encode + SHA-256 + Ed25519 verify on one core."""
    start = now()
    for raw in events:
        value = msgspec.json.decode(raw)
        sig = value.pop("sig")
        value.pop("id")
        salted = {"body": value.pop("body"), "salt": value.pop("salt")}
        value["body_digest"] = hashlib.sha256(canonical_bytes(salted)).hexdigest()
        digest = hashlib.sha256(canonical_bytes(value)).digest()
        key: nacl.signing.VerifyKey = parse_public_id(value["author"])
        key.verify(digest, unb64u(sig))
    return len(events) / (now() - start)


async def ingest(events: list[bytes], root: Path) -> dict[str, Any]:
    peer = Peer(root / "peer")
    await peer.start()
    await peer.load(events, len(events))
    node = await follower(root)
    servers = [s.proc.pid for s in (node.server, peer.server) if s and s.proc]
    pids = [os.getpid(), *servers]  # this process is the node; then both nats-servers
    try:
        base = node.ingest.accepted
        cpu_before = [cpu_seconds(p) for p in pids]
        start = now()
        await follow_all(node, peer)
        while node.ingest.accepted - base < len(events):
            await asyncio.sleep(0.005)
        # A large backlog is stored without the query indexes: the run ends when they are back.
        while not await node.store.query_indexes_complete():
            await asyncio.sleep(0.005)
        elapsed = now() - start
        cpu = [cpu_seconds(p) - c for p, c in zip(pids, cpu_before, strict=True)]
        # The worker starts within the run: all of its time is in it.
        worker = sum(cpu_seconds(p) for p in node.ingest.verifier.pids())
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
        }
    finally:
        await node.stop()
        await peer.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--authors", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="5,000 events")
    args = parser.parse_args()
    count = 5_000 if args.quick else args.events
    events = cached(count, args.authors)
    ceil_before = ceiling(events)
    with tempfile.TemporaryDirectory(prefix="citymesh-bench-") as tmp:
        result = asyncio.run(ingest(events, Path(tmp)))
    ceil_after = ceiling(events)
    ceil = (ceil_before + ceil_after) / 2  # measured on both sides of the run: noise shows
    ratio = result["events_per_s"] / ceil
    report(
        "ingest",
        {
            "events": count,
            "authors": args.authors,
            "ingest_events_per_s": round(result["events_per_s"]),
            "ceiling_events_per_s": round(ceil),
            "ceiling_runs": [round(ceil_before), round(ceil_after)],
            "ratio": round(ratio, 3),
            "target_ratio": 0.75,
            "rejected": result["rejected"],
            "seconds": round(result["seconds"], 2),
            "seconds_until_searchable": result["seconds_until_searchable"],
            "cores_used": result["cores_used"],
        },
        f"ingest: {result['events_per_s']:.0f} events/s vs single-core verify ceiling "
        f"{ceil:.0f}/s = {ratio:.0%} (target >= 75%)",
    )


if __name__ == "__main__":
    main()
