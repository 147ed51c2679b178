"""A large backlog is stored without the query indexes, which are built again afterwards,
whatever happens in between."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from helpers import eventually, initiative, initiative_chain

from node.store import Store, deferred, text_index
from node.store.deferred import QUERY_INDEXES
from protocol import Event, SigningKey, build_event
from protocol.errors import ProtocolError


def _chain(count: int, key: SigningKey | None = None) -> list[Event]:
    titles = [f"Welcome desk {seq}" for seq in range(1, count + 1)]
    return initiative_chain(key or SigningKey.generate(), titles)


def _indexes(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(
            conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql > ''")
        )


async def _open(path: Path, bulk_min: int = 50) -> Store:
    store = await Store.open(path, relay=False)
    store.BULK_MIN = bulk_min
    return store


async def test_a_large_backlog_is_stored_without_query_indexes_and_they_come_back(tmp_path):
    events = _chain(120)
    db = tmp_path / "bulk.sqlite"
    store = await _open(db)
    before = _indexes(db)
    assert set(QUERY_INDEXES) <= set(before)

    async with store.bulk_load(len(events)) as dropped:
        assert dropped
        assert set(before) - set(_indexes(db)) == set(QUERY_INDEXES)
        # What the default listings and the network list use stays.
        assert {"events_kind", "objects_kind", "objects_ref"} <= set(_indexes(db))
        assert not await store.query_indexes_complete()
        results, _, _ = await store.ingest(list(events))
        assert results == ["accepted"] * len(events)

    assert _indexes(db) == before  # the same indexes, from the same SQL
    assert await store.query_indexes_complete()
    ok = await store.read(lambda c: c.execute("PRAGMA integrity_check").fetchone()[0])
    assert ok == "ok"
    # The same rows as a store that kept its indexes all along.
    plain = await _open(tmp_path / "plain.sqlite", bulk_min=10**9)
    await plain.ingest(list(events))
    assert await store.digest() == await plain.digest()
    await store.close()
    await plain.close()


async def test_a_backlog_smaller_than_what_is_stored_keeps_the_indexes(tmp_path):
    db = tmp_path / "db.sqlite"
    store = await _open(db)
    events = _chain(100)
    await store.ingest(events[:80])
    before = _indexes(db)
    async with store.bulk_load(60) as dropped:  # over BULK_MIN, but less than the 80 stored
        assert not dropped
        assert _indexes(db) == before
        await store.ingest(events[80:])
    assert _indexes(db) == before
    await store.close()


async def test_indexes_set_aside_when_the_node_stopped_are_built_at_the_next_open(tmp_path):
    db = tmp_path / "db.sqlite"
    store = await _open(db)
    await store.ingest(_chain(30))
    before = _indexes(db)
    await store.close()
    # What a kill between dropping the indexes and building them again leaves behind.
    conn = sqlite3.connect(db, isolation_level=None)
    assert sorted(deferred.defer(conn)) == sorted(QUERY_INDEXES)
    conn.close()
    assert not set(QUERY_INDEXES) & set(_indexes(db))

    store = await Store.open(db)
    assert _indexes(db) == before
    assert await store.query_indexes_complete()
    await store.close()


async def test_a_cancelled_catch_up_still_leaves_the_indexes_built(tmp_path):
    db = tmp_path / "db.sqlite"
    store = await _open(db)
    before = _indexes(db)
    inside = asyncio.Event()

    async def catch_up() -> None:
        async with store.bulk_load(1000):
            inside.set()
            await asyncio.Event().wait()  # until cancelled

    task = asyncio.create_task(catch_up())
    await eventually(inside.is_set, what="inside the bulk load")
    assert not await store.query_indexes_complete()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert _indexes(db) == before
    assert await store.query_indexes_complete()
    await store.close()


async def _held_back(store: Store) -> asyncio.Task[None]:
    """`bulk_stored()`, started now: still waiting after a few turns of the loop."""
    waiting = asyncio.create_task(store.bulk_stored())
    for _ in range(5):
        await asyncio.sleep(0)  # let it run: it must still be waiting
    assert not waiting.done()
    return waiting


async def test_text_indexing_waits_until_a_large_backlog_is_stored(tmp_path):
    store = await _open(tmp_path / "db.sqlite")
    async with store.bulk_load(1000) as dropped:
        assert dropped
        waiting = await _held_back(store)
    async with asyncio.timeout(5):
        await waiting
    async with store.bulk_load(10):  # a small backlog: nothing waits
        async with asyncio.timeout(5):
            await store.bulk_stored()
    await store.close()


async def _held_back_relay(store: Store) -> asyncio.Task[None]:
    waiting = asyncio.create_task(store.backlog_indexed())
    for _ in range(5):
        await asyncio.sleep(0)
    assert not waiting.done()
    return waiting


async def test_relaying_waits_until_the_text_index_caught_up_with_a_backlog(tmp_path):
    store = await _open(tmp_path / "db.sqlite")
    before = store.backlogs_stored()  # a text indexing pass that began before the backlog
    async with store.bulk_load(1000):
        waiting = await _held_back_relay(store)
    assert not waiting.done()  # stored, but not indexed yet
    store.text_indexed(before)  # that older pass ends: the backlog's text is not in it
    for _ in range(5):
        await asyncio.sleep(0)
    assert not waiting.done()
    store.text_indexed(store.backlogs_stored())  # a pass after the backlog ends
    async with asyncio.timeout(5):
        await waiting
    async with store.bulk_load(10):  # a small backlog: relaying does not wait
        async with asyncio.timeout(5):
            await store.backlog_indexed()
    await store.close()


async def test_relaying_waits_only_until_the_text_index_holds_the_backlog(tmp_path):
    # The indexer's pass may go on while events keep arriving: once the index holds every
    # object stored when it began to write, relaying goes on.
    store = await _open(tmp_path / "db.sqlite")
    async with store.bulk_load(1000):
        await store.ingest(_chain(60))
    waiting = await _held_back_relay(store)
    batch, texts = await store.read(lambda c: text_index.prepare(c, 30))
    await store.write_text(batch, texts)  # half of it
    for _ in range(5):
        await asyncio.sleep(0)
    assert not waiting.done()
    batch, texts = await store.read(lambda c: text_index.prepare(c, 100))
    await store.write_text(batch, texts)  # the rest; the pass has not ended
    async with asyncio.timeout(5):
        await waiting
    await store.close()


async def test_a_backlog_too_small_to_set_indexes_aside_still_holds_indexing_back(tmp_path):
    db = tmp_path / "db.sqlite"
    store = await _open(db)  # query indexes set aside from 50 events
    store.BACKLOG_MIN = 20
    before = _indexes(db)
    async with store.bulk_load(30) as dropped:
        assert not dropped
        assert _indexes(db) == before
        waiting = await _held_back(store)
    async with asyncio.timeout(5):
        await waiting
    assert _indexes(db) == before
    await store.close()


async def test_concurrent_backlogs_build_the_indexes_once_the_last_is_stored(tmp_path):
    db = tmp_path / "db.sqlite"
    store = await _open(db)
    before = _indexes(db)
    async with store.bulk_load(1000) as first:
        async with store.bulk_load(1000) as second:
            assert first and not second  # the first one dropped them
        assert not await store.query_indexes_complete()  # the other backlog still runs
    assert _indexes(db) == before
    await store.close()


async def test_every_head_is_known_after_a_rolled_back_write_during_a_large_catch_up(tmp_path):
    # Without `events_chain`, heads come from memory: a rollback must not lose any of them.
    store = await _open(tmp_path / "db.sqlite")
    events = _chain(150)
    await store.ingest(events[:20])
    async with store.bulk_load(130) as dropped:
        assert dropped
        await store.ingest(events[20:60])
        with pytest.raises(ProtocolError):  # an invalid body: its transaction rolls back
            await store.publish_own(SigningKey.generate(), "initiative", {"title": {}}, "en")
        results, _, _ = await store.ingest(events[60:])
        assert results == ["accepted"] * 90  # not held back as if their author were new
        newcomer = build_event(
            SigningKey.generate(),
            seq=1,
            prev=None,
            kind="initiative",
            body=initiative("x"),
            lang="en",
        )
        assert (await store.ingest([newcomer, events[10]]))[0] == ["accepted", "duplicate"]
    assert (await store.digest())["heads"] == {
        events[0].envelope.author: 150,
        newcomer.envelope.author: 1,
    }
    await store.close()


async def test_a_fork_during_a_large_catch_up_leaves_the_same_view_as_without(tmp_path):
    key = SigningKey.generate()
    events = _chain(120, key)
    head = events[48].envelope.id
    rival = build_event(
        key, seq=50, prev=head, kind="initiative", body=initiative("Rival"), lang="en"
    )
    batch = [*events[:100], rival, *events[100:]]

    stores = [await _open(tmp_path / "bulk.sqlite"), await _open(tmp_path / "plain.sqlite", 10**9)]
    for store in stores:
        async with store.bulk_load(len(batch)) as dropped:
            assert dropped == (store is stores[0])
            results, _, _ = await store.ingest(list(batch))
        assert isinstance(results[100], ProtocolError) and results[100].code == "fork"
    bulk, plain = [await s.digest() for s in stores]
    assert bulk == plain
    assert bulk["heads"] == {key.public_id: 49}  # the view stops before the fork
    for store in stores:
        await store.close()
