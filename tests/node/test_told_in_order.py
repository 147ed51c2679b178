"""Listeners hear of accepted events in the order they were stored, also when a large
catch-up's open transaction (`Ingest.receive`'s `hold`) is committed by another write."""

from __future__ import annotations

from helpers import initiative_chain

from node.ingest.gate import Ingest
from node.store.store import CursorMove, Store
from protocol import SigningKey

PEER, FILTER = "nats://peer", "*"


async def test_a_catch_ups_events_committed_by_another_write_are_told_before_its_own(tmp_path):
    store = await Store.open(tmp_path / "db.sqlite", relay=False)
    ingest = Ingest(store)
    try:
        await store.execute(
            "INSERT INTO subscriptions (peer, filter, cursor) VALUES (?, ?, 0)", (PEER, FILTER)
        )
        store.HOLD_BYTES, store.HOLD_SECONDS = 10**9, 3600.0
        heard: list[int] = []
        ingest.listeners.append(lambda accepted: heard.extend(n for n, _ in accepted))
        caught_up = initiative_chain(SigningKey.generate(), ["One", "Two", "Three"])
        (live,) = initiative_chain(SigningKey.generate(), ["Live"])
        move = CursorMove(PEER, FILTER, [1, 2, 3], live=False)
        _, moved = await ingest.receive([e.raw for e in caught_up], cursor=move, hold=True)
        assert moved is None and heard == []  # held: not committed, not told
        results, _ = await ingest.receive([live.raw])  # commits the catch-up's first
        assert results == ["accepted"] and heard == [1, 2, 3, 4]
        assert await ingest.settle(PEER, FILTER) == 3  # its cursor, committed, told to it
        assert heard == [1, 2, 3, 4]  # once
    finally:
        await ingest.close()
        await store.close()
