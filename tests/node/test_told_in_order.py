"""Listeners hear of accepted events in the order they were stored, also when a large
catch-up's events are read back from the store to be told (`Ingest.receive`'s `hold`)."""

from __future__ import annotations

import asyncio

from helpers import initiative_chain

from node.ingest.gate import Ingest
from node.store.store import CursorMove, Store
from protocol import SigningKey

PEER, FILTER = "nats://peer", "*"


async def test_events_accepted_while_a_catch_ups_are_told_wait_behind_them(tmp_path):
    store = await Store.open(tmp_path / "db.sqlite", relay=False)
    ingest = Ingest(store)
    try:
        await store.execute(
            "INSERT INTO subscriptions (peer, filter, cursor) VALUES (?, ?, 0)", (PEER, FILTER)
        )
        store.HOLD_BYTES = 1  # each catch-up batch commits at once: its events are told next
        heard: list[int] = []
        ingest.listeners.append(lambda accepted: heard.extend(n for n, _ in accepted))
        # The catch-up's events are read back slowly: the live event is stored meanwhile.
        told_events, release = store.told_events, asyncio.Event()

        async def slow(told, limit=2000):
            await release.wait()
            return await told_events(told, limit)

        store.told_events = slow  # type: ignore[method-assign]
        caught_up = initiative_chain(SigningKey.generate(), ["One", "Two", "Three"])
        (live,) = initiative_chain(SigningKey.generate(), ["Live"])
        move = CursorMove(PEER, FILTER, [1, 2, 3], live=False)
        _, moved = await ingest.receive([e.raw for e in caught_up], cursor=move, hold=True)
        assert moved == 3  # committed
        results, _ = await ingest.receive([live.raw])
        assert results == ["accepted"] and heard == []  # it waits behind the catch-up's
        release.set()
        await ingest.settle(PEER, FILTER)  # returns once all is told
        assert heard == [1, 2, 3, 4]
    finally:
        await ingest.close()
        await store.close()
