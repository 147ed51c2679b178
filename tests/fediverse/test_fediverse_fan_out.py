"""Own events become deliveries in the same transaction that moves the queue's cursor, and
an own event that queues none costs the queue nothing more."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from helpers import eventually, initiative

from node.fediverse.delivery import Queue
from node.store.store import Store
from node.tasks import cancel_and_wait
from protocol import SigningKey


def _queue(store: Store, author: str) -> Queue:
    # Fanning out renders, signs and sends nothing: those parts are never called here.
    return Queue(
        store,
        None,
        author,
        None,
        None,
        retry_max=60,
        give_up_after=3600,  # type: ignore[arg-type]
    )


async def test_a_fan_out_that_fails_leaves_no_delivery_to_send_twice(tmp_path):
    key = SigningKey(bytes([5]) * 32)
    store = await Store.open(tmp_path / "citymesh.db")
    try:
        await store.execute(
            "INSERT INTO fediverse_followers (actor, inbox, since) VALUES (?, ?, ?)",
            ("https://social.example/users/ana", "https://social.example/inbox", "2026-12-06"),
        )
        queue = _queue(store, key.public_id)
        await store.publish_own(key, "initiative", initiative("Casa primeiro"), "en")
        assert await queue.fan_out() == 0  # the first time, the cursor starts at the head
        await store.publish_own(key, "initiative", initiative("Hortas"), "en")
        # The cursor's move fails after the deliveries were written (a full disk, a crash).
        await store.execute(
            "CREATE TRIGGER refuse BEFORE UPDATE ON fediverse_state"
            " BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
        with pytest.raises(sqlite3.IntegrityError):
            await queue.fan_out()
        await store.execute("DROP TRIGGER refuse")
        assert await queue.fan_out() == 1
        rows = await store.read(
            lambda c: c.execute("SELECT inbox FROM fediverse_deliveries").fetchall()
        )
        assert rows == [("https://social.example/inbox",)]
    finally:
        await store.close()


async def test_an_own_event_that_queues_nothing_does_not_look_through_the_queue(tmp_path):
    """With no follower, each own event moves the cursor and nothing else: the queue is not
    read again for what is due (it was read when the queue started)."""
    key = SigningKey(bytes([6]) * 32)
    store = await Store.open(tmp_path / "citymesh.db")
    queue = _queue(store, key.public_id)
    looked = 0
    start_due = queue._start_due

    async def counted() -> float:
        nonlocal looked
        looked += 1
        return await start_due()

    queue._start_due = counted  # type: ignore[method-assign]
    task = asyncio.create_task(queue.run())
    try:
        await eventually(lambda: looked == 1, what="the queue's first look")
        for i in range(1, 6):
            await store.publish_own(key, "initiative", initiative(f"Casa {i}"), "en")
            queue.wake.set()
            await eventually(lambda i=i: _cursor(store, i), what=f"the cursor at {i}")
        assert looked == 1
    finally:
        await cancel_and_wait(task)
        await store.close()


async def _cursor(store: Store, seq: int) -> bool:
    row = await store.read(
        lambda c: c.execute("SELECT v FROM fediverse_state WHERE k = 'fanned_out'").fetchone()
    )
    return bool(row and row[0] >= seq)
