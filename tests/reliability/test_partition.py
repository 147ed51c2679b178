"""Partitions: a follower cut off from its peer catches up; a dead peer stalls no other."""

from __future__ import annotations

import asyncio

from helpers import eventually, initiative

from node.net.natsserver import EmbeddedServer


async def _count(node, author: str) -> int:
    row = await node.store.read(
        lambda c: c.execute("SELECT COUNT(*) FROM events WHERE author = ?", (author,)).fetchone()
    )
    return int(row[0])


async def _take_down(node) -> EmbeddedServer:
    """Stop a node's nats-server for good (its supervisor does not bring it back)."""
    server = node.server
    await server.stop()
    return server


async def _bring_back(node, old: EmbeddedServer) -> None:
    node.server = EmbeddedServer(old.config, old.host, old.port, old.log_file)
    await node.server.start()


async def test_follower_cut_off_for_500_events_catches_up_completely(nodes):
    a = await nodes("A")
    b = await nodes("B")
    await b.follow(a.http_url)
    await eventually(lambda: _count(b, a.id), what="B has A's profile")

    old = await _take_down(a)  # B loses its peer; A keeps publishing into its store
    for i in range(500):
        await a.publish("initiative", initiative(f"While cut off {i}"))
    assert await _count(b, a.id) == 1
    await _bring_back(a, old)
    # Published at once: it goes out only after the 500 still waiting, in chain order.
    await eventually(lambda: a.transport.connected, what="A reconnected to its server")
    await a.publish("initiative", initiative("Back online"))

    async def caught_up() -> bool:
        return await _count(b, a.id) == 502

    await eventually(caught_up, timeout=30, what="B holds A's 502 events")
    assert await b.store.digest(a.id) == await a.store.digest(a.id)


async def test_one_peer_down_does_not_stall_replication_from_another(nodes):
    a = await nodes("A")
    c = await nodes("C")
    b = await nodes("B")
    await b.follow(a.http_url)
    await b.follow(c.http_url)
    await eventually(lambda: _count(b, c.id), what="B has C's profile")
    await _take_down(c)  # C stays down

    async def within_two_seconds(node) -> None:
        event = await a.publish("initiative", initiative("Live while C is down"))
        started = asyncio.get_running_loop().time()

        async def arrived() -> bool:
            row = await node.store.read(
                lambda conn: conn.execute(
                    "SELECT 1 FROM events WHERE id = ?", (event.envelope.id,)
                ).fetchone()
            )
            return row is not None

        await eventually(arrived, timeout=2.0, what="A's event reaches B while C is down")
        assert asyncio.get_running_loop().time() - started < 2.0

    await within_two_seconds(b)
    # And after B restarts with C still down (its link to C retries in the background).
    await b.stop()
    b = await nodes.restart(b)
    await eventually(lambda: b.transport.connected, what="B reconnected")
    await within_two_seconds(b)
