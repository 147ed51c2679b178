"""Bootstrap: a fresh node replicates everything a peer holds (by default 1,000,000 events
from 1,000 authors), verifying, storing and indexing all of it. The peer's stream and the
event corpus are generated once and cached under bench/.cache. Memory is sampled until the
bootstrap is done and through the first seconds of the relay that follows it (the backlog's
relay to the node's own stream waits until its text is indexed).

    python bench/bootstrap.py [--events 1000000] [--authors 1000] [--quick] [--keep DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import tempfile
import time
from pathlib import Path

from corpus import CACHE, ensure
from harness import Peer, bar, machine, peak_rss_mb, report  # noqa: F401
from procs import NodeProcess

TARGET_S, TARGET_MB = 100, 300


def lines(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as f:
        for line in f:
            yield line.rstrip(b"\n")


async def prepare_peer(count: int, authors: int) -> Peer:
    corpus = ensure(count, authors)
    peer = Peer(CACHE / f"peer-{count}-{authors}")
    await peer.start()
    await peer.load(lines(corpus), count, progress=True)
    return peer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--authors", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="20,000 events from 100 authors")
    parser.add_argument(
        "--rss-timeline",
        metavar="FILE",
        help="write each sample (seconds, events accepted, RSS of each process) as JSON lines",
    )
    parser.add_argument("--keep", help="keep the bootstrapped node home here (for bench/query.py)")
    parser.add_argument(
        "--relay-seconds",
        type=float,
        default=20,
        help="after the bootstrap, sample memory this long while the relay runs",
    )
    args = parser.parse_args()
    count, authors = (20_000, 100) if args.quick else (args.events, args.authors)

    loop = asyncio.new_event_loop()
    peer = loop.run_until_complete(prepare_peer(count, authors))
    tmp = tempfile.mkdtemp(prefix="citymesh-bench-")
    node = NodeProcess(Path(tmp), "newcomer")
    card = peer.card()
    node.subscribe_raw(
        "bench-peer",
        {
            "id": card.id,
            "name": card.name,
            "http_url": card.http_url,
            "nats": {
                "urls": card.nats.urls,
                "user": card.nats.user,
                "password": card.nats.password,
            },
            "profile": {},
        },
        "*",
    )
    try:
        start = time.perf_counter()
        node.start()
        peak = {"python": 0.0, "workers": 0.0, "nats_server": 0.0}
        # The most the processes held together at one sample: the workers stop once the
        # catch-up is over, and nats-server grows after that, when the relay starts.
        together: dict[str, float] = {}
        in_view = None
        timeline = open(args.rss_timeline, "w") if args.rss_timeline else None  # noqa: SIM115
        while True:
            status = node.get("/api/v1/status?heads=0")
            done = status["accepted"]
            rss = node.rss_mb()
            for k, v in rss.items():
                peak[k] = max(peak[k], v)
            if sum(rss.values()) > sum(together.values()):
                together = dict(rss)
            if timeline is not None:
                seconds = round(time.perf_counter() - start, 1)
                sample = {"s": seconds, "accepted": done, **rss}
                for key in ("published", "text_index_complete", "query_indexes_complete"):
                    sample[key] = status.get(key)
                timeline.write(json.dumps(sample) + "\n")
            bar(min(done, count), count, "bootstrap")
            if done >= count and in_view is None:
                in_view = time.perf_counter() - start
            # Done when every event is in the view, every object is searchable and the query
            # indexes set aside during the catch-up are built again.
            if (
                in_view is not None
                and status["text_index_complete"]
                and status["query_indexes_complete"]
            ):
                break
            time.sleep(0.5)
        elapsed = time.perf_counter() - start
        # The backlog's relay to the node's own stream starts once its text is indexed:
        # nats-server's memory grows then. The peaks take in its first `--relay-seconds`.
        relay_end = time.monotonic() + args.relay_seconds
        while time.monotonic() < relay_end:
            rss = node.rss_mb()
            for k, v in rss.items():
                peak[k] = max(peak[k], v)
            if sum(rss.values()) > sum(together.values()):
                together = dict(rss)
            time.sleep(0.5)
        status = node.get("/api/v1/status?heads=0")
        if timeline is not None:
            timeline.close()
        python_hwm = peak_rss_mb(node.pids()[0])
        relayed = status["published"]  # in the relay's first `--relay-seconds`
        # Hashes every event and view row (tens of seconds at 1M, beside the indexer).
        digest = node.get("/api/v1/view/digest", timeout=300)
    finally:
        node.stop()
        loop.run_until_complete(peer.stop())
    if args.keep:
        shutil.rmtree(args.keep, ignore_errors=True)
        shutil.move(str(node.home), args.keep)
    shutil.rmtree(tmp, ignore_errors=True)
    report(
        "bootstrap",
        {
            "events": count,
            "authors": authors,
            "seconds": round(elapsed, 1),
            "seconds_until_in_view": round(in_view or 0, 1),
            "events_per_s": round(count / elapsed),
            "peak_rss_python_mb": round(python_hwm, 1),
            "peak_rss_workers_mb": round(peak["workers"], 1),
            "peak_rss_nats_server_mb": round(peak["nats_server"], 1),
            "peak_rss_together_mb": round(sum(together.values()), 1),
            "peak_rss_together_of": {k: round(v, 1) for k, v in together.items()},
            "relay_seconds_sampled": args.relay_seconds,
            "relayed_to_own_stream_at_end": relayed,
            "view_events": digest["events"],
            "target_seconds": TARGET_S,
            "target_rss_mb": TARGET_MB,
        },
        f"bootstrap: {count} events in {elapsed:.1f} s ({count / elapsed:.0f}/s), peak RSS "
        f"{sum(together.values()):.0f} MB at once (each process's own peak: "
        f"{python_hwm:.0f} MB node + {peak['workers']:.0f} MB workers + "
        f"{peak['nats_server']:.0f} MB nats-server) (targets <= {TARGET_S} s, <= {TARGET_MB} MB)",
    )


if __name__ == "__main__":
    main()
