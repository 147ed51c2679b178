"""Batched direct gets from a real node's stream: messages in order, what is left, and a
peer that answers wrongly or not at all fails the fetch instead of looking caught up."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from helpers import eventually, initiative
from nats.aio.client import Client

from node.app import Node
from node.net import directget, subjects
from node.net.directget import DirectGet
from node.net.natsconf import node_nkey_seed
from node.net.transport import connect
from protocol import decode_event


@pytest.fixture
async def node(nodes) -> Node:  # type: ignore[no-untyped-def]
    a: Node = await nodes("A")
    for i in range(4):
        await a.publish("initiative", initiative(f"Plan {i}"))

    async def all_in_stream() -> bool:
        return await a.store.unpublished(10) == []

    await eventually(all_in_stream, 10, "A's events in its stream")
    return a


@pytest.fixture
async def nc(node: Node) -> AsyncIterator[Client]:
    client = await connect(node.nats_urls, name="test", nkeys_seed_str=node_nkey_seed(node.key))
    yield client
    await client.close()


async def test_a_batch_holds_its_messages_in_stream_order_and_how_many_are_left(
    node: Node, nc: Client
) -> None:
    subject = subjects.event_subject(node.id)
    info = await nc.jetstream().stream_info(subjects.STREAM)
    async with DirectGet(nc, subjects.STREAM) as get:
        everything = await get.fetch(1, subject, 100)
        first_two = await get.fetch(1, subject, 2)
    # The profile and four initiatives, each message's stream sequence with its bytes.
    assert [decode_event(raw).envelope.seq for _, raw in everything.items] == [1, 2, 3, 4, 5]
    assert [seq for seq, _ in everything.items] == sorted(seq for seq, _ in everything.items)
    assert everything.pending == 0 and everything.last == info.state.last_seq
    assert first_two.items == everything.items[:2] and first_two.pending == 3


async def test_a_batch_after_the_last_message_is_empty(node: Node, nc: Client) -> None:
    info = await nc.jetstream().stream_info(subjects.STREAM)
    async with DirectGet(nc, subjects.STREAM) as get:
        batch = await get.fetch(info.state.last_seq + 1, subjects.event_wildcard(), 100)
    assert batch.items == [] and batch.pending == 0


async def test_a_stream_that_is_not_there_fails_the_fetch(nc: Client) -> None:
    async with DirectGet(nc, "NO_SUCH_STREAM") as get:
        with pytest.raises(ValueError, match="503"):
            await get.fetch(1, subjects.event_wildcard(), 100)


async def test_a_reply_without_a_sequence_fails_the_fetch(nc: Client) -> None:
    async def junk(msg):  # type: ignore[no-untyped-def]
        await nc.publish(msg.reply, b"not an event", headers={"Nats-Stream": "FAKE"})

    responder = await nc.subscribe(subjects.direct_get_api("FAKE"), cb=junk)
    try:
        async with DirectGet(nc, "FAKE") as get:
            with pytest.raises(ValueError, match="Nats-Sequence"):
                await get.fetch(1, subjects.event_wildcard(), 100)
    finally:
        await responder.unsubscribe()


async def test_a_peer_that_stops_answering_fails_the_fetch(
    nc: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(directget, "QUIET_SECONDS", 0.3)
    responder = await nc.subscribe(subjects.direct_get_api("SILENT"))  # takes, never answers
    try:
        async with DirectGet(nc, "SILENT") as get:
            started = asyncio.get_running_loop().time()
            with pytest.raises(TimeoutError):
                await get.fetch(1, subjects.event_wildcard(), 100)
            assert asyncio.get_running_loop().time() - started >= 0.3
    finally:
        await responder.unsubscribe()


async def test_a_fetch_fails_at_once_when_its_connection_drops(node: Node) -> None:
    # A follower's server cut it off (a slow consumer, a restart): the replies are gone, and
    # the catch-up must start again now, not after QUIET_SECONDS of silence.
    gets: list[DirectGet] = []

    def dropped() -> None:
        for get in gets:
            get.abort(ConnectionError("the connection dropped"))

    client = await connect(
        node.nats_urls,
        name="test",
        nkeys_seed_str=node_nkey_seed(node.key),
        on_disconnect=dropped,
    )

    async def silent(msg):  # type: ignore[no-untyped-def]
        pass  # a request that is never answered: the fetch waits

    try:
        await client.subscribe(subjects.direct_get_api("SILENT"), cb=silent)
        async with DirectGet(client, "SILENT") as get:
            gets.append(get)
            fetch = asyncio.create_task(get.fetch(1, subjects.event_wildcard(), 100))
            await client.flush()
            assert node.server is not None and node.server.proc is not None
            node.server.proc.kill()
            loop = asyncio.get_running_loop()
            start = loop.time()
            with pytest.raises(ConnectionError):
                await fetch
            assert loop.time() - start < directget.QUIET_SECONDS / 2
    finally:
        await client.close()
