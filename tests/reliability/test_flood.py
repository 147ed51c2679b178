"""Quotas and flooding: per-author rate limit (deferred, never dropped) and a junk flood."""

from __future__ import annotations

import asyncio
import json
import time

from floodrun import flood
from helpers import eventually, initiative
from nodeproc import NodeProc

from node.ingest import AuthorRate

RSS_BOUND_KIB = 400 * 1024


async def _count(node, author: str) -> int:
    row = await node.store.read(
        lambda c: c.execute("SELECT COUNT(*) FROM events WHERE author = ?", (author,)).fetchone()
    )
    return int(row[0])


async def test_an_author_over_its_rate_is_deferred_not_dropped(nodes):
    a = await nodes("A")
    b = await nodes("B")
    b.ingest.rate = AuthorRate(rate=40, burst=10)  # the node's own limiter, made tight
    await b.follow(a.http_url)
    # One batch: the burst must reach B faster than its limiter allows, however fast the
    # machine publishes one by one.
    await a.publish_many([("initiative", initiative(f"Burst {i}")) for i in range(120)])

    async def complete() -> bool:
        return await _count(b, a.id) == 121

    await eventually(complete, timeout=20, what="B holds all 121 of A's events")
    assert b.ingest.rejected["rate_limited"] > 0  # some were deferred on the way
    assert (await b.status())["rejected"]["rate_limited"] > 0
    assert await b.store.digest(a.id) == await a.store.digest(a.id)


async def test_junk_flood_on_live_subject_keeps_follower_serving_and_bounded(nodes, tmp_path):
    a = await nodes("A")
    follower = NodeProc(tmp_path, "F")
    follower.start()
    try:
        status, answer = await asyncio.to_thread(
            follower.post, "/api/v1/admin/follow", {"url": a.http_url}
        )
        assert status == 201, answer
        before = await a.publish("initiative", initiative("Before the flood"))

        def has(event_id: str) -> bool:
            try:
                follower.get(f"/api/v1/events/{event_id}")
                return True
            except OSError:
                return False

        await eventually(lambda: asyncio.to_thread(has, before.envelope.id), timeout=10)
        started = time.monotonic()
        stats = await flood(a, follower, messages=100_000)
        after = await a.publish("initiative", initiative("After the flood"))
        await eventually(lambda: asyncio.to_thread(has, after.envelope.id), timeout=30)
        stats["seconds"] = round(time.monotonic() - started, 2)
        stats["vm_hwm_mib"] = round(follower.vm_hwm_kib() / 1024, 1)
        print("flood figures", json.dumps(stats))
        assert stats["failures"] == 0, stats
        assert stats["slowest"] < 1.0, stats  # healthz answered within 1 s throughout
        assert stats["probes"] >= 20
        assert stats["follower_rejected"] > 0  # the junk did reach the follower
        assert follower.vm_hwm_kib() < RSS_BOUND_KIB, stats
        assert follower.healthy()
    finally:
        follower.stop()
