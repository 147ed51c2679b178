"""The flood campaign, shared by the CI test and `tests/soak/flood.py`: a peer floods a
follower (a real process) with junk on the followed live subject while HTTP is probed."""

from __future__ import annotations

import asyncio
import os
import random
import threading
import time
import urllib.request
from typing import Any

import nats
from nodeproc import NodeProc

from node.app import Node
from node.net import subjects
from node.net.natsconf import node_nkey_seed


def _probe(url: str, stop: threading.Event, out: dict[str, Any]) -> None:
    """Ask /healthz every 50 ms; record the slowest answer and any failure."""
    while not stop.is_set():
        started = time.monotonic()
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=5) as resp:
                ok = resp.status == 200
        except OSError as exc:
            ok, out["error"] = False, repr(exc)
        took = time.monotonic() - started
        out["probes"] += 1
        out["slowest"] = max(out["slowest"], took)
        if not ok:
            out["failures"] += 1
        stop.wait(0.05)


async def flood(peer: Node, follower: NodeProc, messages: int, seed: int = 1) -> dict[str, Any]:
    """Publish `messages` junk messages on the peer's live subject for its own author."""
    rng = random.Random(seed)
    stats: dict[str, Any] = {"probes": 0, "slowest": 0.0, "failures": 0}
    stop = threading.Event()
    prober = threading.Thread(target=_probe, args=(follower.url, stop, stats), daemon=True)
    prober.start()
    nc = await nats.connect(peer.nats_urls, nkeys_seed_str=node_nkey_seed(peer.key))
    subject = subjects.live_subject(peer.id)
    started = time.monotonic()
    try:
        for i in range(messages):
            kind = i % 4
            if kind == 0:  # no headers at all
                await nc.publish(subject, os.urandom(rng.randrange(1, 512)))
            elif kind == 1:  # headers that claim the next position, body not an event
                await nc.publish(
                    subject,
                    b'{"v":1,"junk":"' + b"x" * rng.randrange(0, 2048) + b'"}',
                    headers={"Nats-Sequence": str(10**6 + i), "Nats-Last-Sequence": "2"},
                )
            elif kind == 2:  # headers that are not numbers
                await nc.publish(subject, b"[]", headers={"Nats-Sequence": "x"})
            else:  # far ahead: pretends the follower missed messages
                await nc.publish(
                    subject,
                    b"{}",
                    headers={"Nats-Sequence": str(10**9 + i), "Nats-Last-Sequence": str(10**9)},
                )
            if i % 1000 == 999:
                await nc.flush()
        await nc.flush()
        stats["publish_seconds"] = round(time.monotonic() - started, 2)
        # Keep probing while the follower drains what it took of the flood.
        deadline = time.monotonic() + 60
        while stats["probes"] < 20:
            assert time.monotonic() < deadline, f"only {stats['probes']} probes answered"
            await asyncio.sleep(0.05)
        status = await asyncio.to_thread(follower.get, "/api/v1/status")
        stats["follower_rejected"] = sum(status["rejected"].values())
    finally:
        await nc.close()
        stop.set()
        prober.join()
    stats["slowest"] = round(stats["slowest"], 3)
    return stats
