"""Hostile peers (issue #19, findings 5 and 6): a real node's nats-server holds against floods
of the public `peer` user, and a real follower (its own process) holds against a peer that
sends oversize messages, valid events after a gap, replies that never end, and crafted cards.
Bounds (deploy/README.md, "Hostile peers"): node ≤ 300 MB, nats-server ≤ 256 MB, /healthz
under 1 s throughout."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from helpers import eventually, initiative_chain
from hostile_peer import MIB, HostilePeer, Prober, children, peer_flood, proc_kib, reset_peak
from nats.aio.client import Client
from nodeproc import NodeProc

from node.app import Node
from node.net import directget, subjects
from node.net.directget import DirectGet
from node.net.transport import connect
from node.store import Store
from node.store.accept import Result
from protocol import Event, SigningKey, trusted_event

NODE_BOUND_KIB = 300 * 1024
NATS_BOUND_KIB = 256 * 1024
#: The peers' connection limit the README states (natsconf.PEER_LIMITS).
PEER_CONNECTIONS = 100
#: What one flood may add to the follower's peak over its size before the flood.
GROWTH_BOUND_KIB = 64 * 1024


@pytest.fixture
async def hostile(tmp_path: Path) -> AsyncIterator[HostilePeer]:
    peer = HostilePeer(tmp_path / "hostile")
    yield peer
    await peer.stop()


@pytest.fixture
def follower(tmp_path: Path) -> Iterator[NodeProc]:
    node = NodeProc(tmp_path, "F")
    node.start()
    try:
        yield node
    finally:
        node.stop()


def figures(follower: NodeProc, before_kib: int, probe: Prober, **extra: object) -> dict:
    assert follower.proc is not None
    pid = follower.proc.pid
    out = {
        "node_rss_before_mib": round(before_kib / 1024, 1),
        "node_hwm_mib": round(proc_kib(pid, "VmHWM") / 1024, 1),
        "workers_hwm_mib": [round(proc_kib(c, "VmHWM") / 1024, 1) for c in children(pid)],
        "healthz_slowest_s": round(probe.slowest, 3),
        "probes": probe.probes,
        **extra,
    }
    print("hostile peer figures", json.dumps(out))
    return out


def assert_bounded(follower: NodeProc, before_kib: int, probe: Prober) -> None:
    assert follower.proc is not None
    pid = follower.proc.pid
    hwm = proc_kib(pid, "VmHWM")
    assert hwm < NODE_BOUND_KIB, f"node peak {hwm} KiB"
    assert hwm - before_kib < GROWTH_BOUND_KIB, f"node grew {hwm - before_kib} KiB"
    for child in children(pid):  # the verifier worker and the node's own nats-server
        assert proc_kib(child, "VmHWM") < NATS_BOUND_KIB, f"child {child}"
    assert probe.failures == 0 and probe.slowest < 1.0, (probe.failures, probe.slowest)
    assert follower.healthy()


def start_watch(follower: NodeProc) -> int:
    """Reset the follower's (and its children's) peak; its resident size now."""
    assert follower.proc is not None
    for pid in [follower.proc.pid, *children(follower.proc.pid)]:
        reset_peak(pid)
    return proc_kib(follower.proc.pid, "VmRSS")


async def follow(follower: NodeProc, url: str, **extra: object) -> tuple[int, dict]:
    return await asyncio.to_thread(follower.post, "/api/v1/admin/follow", {"url": url, **extra})


async def rejected(follower: NodeProc, code: str) -> int:
    status = await asyncio.to_thread(follower.get, "/api/v1/status?heads=false")
    return int(status["rejected"].get(code, 0))


@pytest.mark.slow
async def test_oversize_stream_messages_are_dropped_before_any_decode(hostile, follower):
    await hostile.start()
    await hostile.put(hostile.profile.raw)
    for i in range(200):  # 1 MB each: far over the 64 KiB event limit
        await hostile.put(b"{" + str(i).encode() * 10 + b" " * 1_000_000 + b"}")
    before = start_watch(follower)
    async with Prober(follower.url) as probe:
        status, answer = await follow(follower, hostile.url)
        assert status == 201, answer
        await eventually(
            lambda: rejected(follower, "too_large"), 60, "the oversize messages rejected"
        )

        async def all_rejected() -> bool:
            return await rejected(follower, "too_large") >= 200

        await eventually(all_rejected, 60, "all 200 oversize messages rejected")
    figures(follower, before, probe, messages=200, size_mb=1)
    assert_bounded(follower, before, probe)


@pytest.mark.slow
async def test_oversize_live_messages_and_notices_are_dropped_before_any_decode(hostile, follower):
    await hostile.start()
    await hostile.put(hostile.profile.raw)
    status, answer = await follow(follower, hostile.url)
    assert status == 201, answer
    big = b"{" + b" " * 1_000_000 + b"}"
    before = start_watch(follower)
    async with Prober(follower.url) as probe:
        for i in range(200):  # notices (no stream headers), then posing as stream messages
            headers = None if i % 2 else {"Nats-Sequence": str(2 + i), "Nats-Last-Sequence": "1"}
            await hostile.live(big, headers)
        await hostile.nc.flush()

        async def dropped() -> bool:
            return await rejected(follower, "too_large") >= 100

        await eventually(dropped, 60, "the oversize notices counted as too large")
    figures(follower, before, probe, messages=200, size_mb=1)
    assert_bounded(follower, before, probe)


@pytest.mark.slow
async def test_a_message_far_over_any_limit_ends_the_connection_before_it_is_read(
    hostile, follower
):
    await hostile.start()
    await hostile.put(hostile.profile.raw)
    status, answer = await follow(follower, hostile.url)
    assert status == 201, answer
    before = start_watch(follower)
    async with Prober(follower.url) as probe:
        await hostile.live(b"{" + b" " * 48 * MIB + b"}")
        await hostile.nc.flush()
        # The link comes back, and the next event arrives.
        event = hostile.chain(1, kib=1, prev=hostile.profile.envelope.id)[0]
        await hostile.put(event.raw)

        def arrived() -> bool:
            try:
                follower.get(f"/api/v1/events/{event.envelope.id}")
                return True
            except OSError:
                return False

        await eventually(lambda: asyncio.to_thread(arrived), 30, "the next event arrived")
    figures(follower, before, probe, message_mib=48)
    assert_bounded(follower, before, probe)


async def test_one_peer_fills_at_most_its_share_of_the_out_of_order_buffer(tmp_path):
    store = await Store.open(tmp_path / "db.sqlite", relay=False)
    try:
        hostile, honest = HostilePeer(tmp_path / "h"), SigningKey.generate()
        # 300 valid events of 60 KB after a gap that never fills: 18 MB, more than the whole
        # buffer's 16 MB.
        chain = hostile.chain(301, kib=60, prev=hostile.profile.envelope.id)
        flood: list[Event | Result] = [trusted_event(e.raw) for e in chain[1:]]
        for chunk in range(0, len(flood), 50):
            await store.ingest(flood[chunk : chunk + 50], source="http://hostile")
        held = store._acceptor.pending_count  # type: ignore[union-attr]
        # An honest peer's event that arrives before its predecessor still waits in memory,
        # and is accepted the moment the predecessor comes.
        first, second = initiative_chain(honest, ["One", "Two"])
        results, _, _ = await store.ingest([second], source="http://honest")
        assert results == ["pending"]
        results, accepted, _ = await store.ingest([first], source="http://honest")
        assert results == ["accepted"] and len(accepted) == 2
        print("out-of-order buffer figures", json.dumps({"hostile_events_held": held}))
        assert held * 60 * 1024 <= 4 * MIB + 60 * 1024, held
    finally:
        await store.close()


async def test_a_huge_card_stored_before_cards_were_bounded_does_not_stop_the_node(nodes):
    a: Node = await nodes("A")
    card = {**(await a.card()), "name": "x" * 50_000}
    await a.store.execute(
        "INSERT INTO peers (url, node, card) VALUES (?, ?, ?)",
        ("http://old.example.org", card["id"], json.dumps(card)),
    )
    await a.stop()
    again: Node = await nodes.restart(a)
    assert "http://old.example.org" not in again.replicator.links
    assert (await again.status(heads=False))["nats_connected"]


@pytest.mark.slow
async def test_valid_events_after_a_gap_are_buffered_within_a_byte_bound(hostile, follower):
    await hostile.start()
    await hostile.put(hostile.profile.raw)
    chain = hostile.chain(801, kib=60, prev=hostile.profile.envelope.id)
    await hostile.put_many([e.raw for e in chain[1:]])  # sequence 2 never comes
    before = start_watch(follower)
    async with Prober(follower.url) as probe:
        status, answer = await follow(follower, hostile.url)
        assert status == 201, answer

        async def caught_up() -> bool:
            status = await asyncio.to_thread(follower.get, "/api/v1/status?heads=false")
            follows = status["peers"][0]["follows"] if status["peers"] else []
            return bool(follows) and follows[0]["peer_last"] >= 3

        await eventually(caught_up, 60, "the follower read past the gap")
        # Give the catch-ups a few rounds over the held events.
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            await asyncio.sleep(0.2)
    figures(follower, before, probe, events=800, size_kib=60)
    assert_bounded(follower, before, probe)


@pytest.mark.slow
async def test_a_direct_get_reply_that_never_ends_is_cut_off(hostile, follower):
    await hostile.start(direct=False)
    # The stream's own direct gets are off: this peer answers them, forever.
    await hostile.answer_direct_gets_forever(b"{" + b" " * 60_000 + b"}", limit=4000)
    before = start_watch(follower)
    async with Prober(follower.url) as probe:
        status, answer = await follow(follower, hostile.url)
        assert status == 201, answer
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            await asyncio.sleep(0.2)
    figures(follower, before, probe, messages_sent=4000, size_kib=60)
    assert_bounded(follower, before, probe)


async def peer_connection(hostile: HostilePeer) -> Client:
    """A follower's connection to the hostile peer, as `replication` makes it."""
    return await connect(
        [hostile.nats_url],
        name="follower",
        user=subjects.PEER_USER,
        password=hostile.password,
        inbox_prefix=subjects.PEER_INBOX_PREFIX,
    )


async def test_a_direct_get_reply_is_bounded_in_count(hostile):
    await hostile.start(direct=False)
    # Tiny messages, never the end: more of them than were asked for.
    await hostile.answer_direct_gets_forever(b"{}", limit=500)
    nc = await peer_connection(hostile)
    try:
        async with DirectGet(nc, subjects.STREAM) as get:
            with pytest.raises(ValueError, match="larger than asked for"):
                await get.fetch(1, subjects.event_wildcard(), 100)
    finally:
        await nc.close()


async def test_a_direct_get_reply_that_trickles_on_ends_at_the_time_bound(hostile, monkeypatch):
    monkeypatch.setattr(directget, "BATCH_SECONDS", 1.0)
    await hostile.start(direct=False)
    # One message every 0.1 s: never quiet for long, never done.
    await hostile.answer_direct_gets_forever(b"{}", limit=50, pause=0.1)
    nc = await peer_connection(hostile)
    try:
        started = time.monotonic()
        async with DirectGet(nc, subjects.STREAM) as get:
            with pytest.raises(TimeoutError, match="did not end"):
                await get.fetch(1, subjects.event_wildcard(), 2000)
        assert time.monotonic() - started < 3
    finally:
        await nc.close()


@pytest.mark.slow
async def test_crafted_cards_and_urls_are_refused_and_nothing_is_stored(hostile, follower):
    await hostile.start()
    await hostile.put(hostile.profile.raw)
    before = start_watch(follower)
    async with Prober(follower.url) as probe:
        hostile.card_mode = "huge"
        status, answer = await follow(follower, hostile.url)
        assert status == 502 and answer["code"] == "bad_card", answer
        assert "256 KiB" in answer["detail"] and hostile.url in answer["detail"]

        long_url = hostile.url + "/" + "a" * 2100
        status, answer = await follow(follower, long_url)
        assert status == 422 and answer["code"] == "bad_url", answer
        status, answer = await follow(follower, "ftp://example.org")
        assert status == 422 and answer["code"] == "bad_url", answer

        hostile.card_mode = "silent"
        started = time.monotonic()
        status, answer = await follow(follower, hostile.url)
        took = time.monotonic() - started
        assert status == 504 and answer["code"] == "peer_timeout", answer
        assert hostile.url in answer["detail"]
        assert took < 9, took
    peers = (await asyncio.to_thread(follower.get, "/api/v1/status?heads=false"))["peers"]
    assert peers == []
    figures(follower, before, probe, silent_card_seconds=round(took, 2))
    assert_bounded(follower, before, probe)


@pytest.mark.slow
async def test_a_card_that_trickles_in_fails_within_the_time_bound(hostile, follower):
    await hostile.start()
    hostile.card_mode = "drip"
    started = time.monotonic()
    status, answer = await follow(follower, hostile.url)
    took = time.monotonic() - started
    print("hostile peer figures", json.dumps({"drip_card_seconds": round(took, 2)}))
    assert status == 504 and answer["code"] == "peer_timeout", answer
    assert hostile.url in answer["detail"] and took < 20, took
    peers = (await asyncio.to_thread(follower.get, "/api/v1/status?heads=false"))["peers"]
    assert peers == []


@pytest.mark.slow
async def test_public_peer_credentials_cannot_exhaust_the_nodes_nats_server(nodes):
    a: Node = await nodes("A")
    b: Node = await nodes("B")
    await b.follow(a.http_url)
    stats = await peer_flood(a, b, PEER_CONNECTIONS)
    print("peer flood figures", json.dumps(stats))
    # B's link is one of the connections the limit allows: the next one is refused.
    assert stats["accepted"] == PEER_CONNECTIONS - 1 and stats["refused"], stats
    assert stats["nats_hwm_mib"] < NATS_BOUND_KIB / 1024, stats
    assert stats["healthz_failures"] == 0 and stats["healthz_slowest_s"] < 1.0, stats
    assert stats["event_seconds"] < 10, stats
