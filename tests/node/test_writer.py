"""The store's writer: one transaction at a time, and small ones without a hand-over."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

from helpers import initiative_chain

from node.store.store import PAGE_SIZE, TRICKLE, WAL_BACKSTOP_BYTES, CursorMove, Store
from protocol import SigningKey


async def test_a_live_event_is_stored_without_waking_the_idle_writer_thread(tmp_path):
    store = await Store.open(tmp_path / "w.db")
    try:
        first, second = initiative_chain(SigningKey.generate(), ["One", "Two"])
        await store.ingest([first])  # a write checks the disk's room first
        handed_over = []
        submit = store._writer.submit
        store._writer.submit = lambda *a, **k: handed_over.append(a) or submit(*a, **k)  # type: ignore[method-assign]
        results, accepted, _ = await store.ingest([second])
        assert results == ["accepted"] and len(accepted) == 1
        assert handed_over == []
    finally:
        await store.close()


async def test_a_small_write_waits_for_the_writer_threads_job(tmp_path):
    """Never two transactions at once on the writer's connection: while the writer thread
    runs a job, a small write is handed to it too, and runs after that job."""
    store = await Store.open(tmp_path / "w.db")
    try:
        first, event = initiative_chain(SigningKey.generate(), ["First", "Later"])
        await store.ingest([first])  # a write checks the disk's room first
        release, running, order = threading.Event(), threading.Event(), []

        def long_job() -> None:
            running.set()
            release.wait(10)
            order.append("job")

        job = asyncio.ensure_future(store._write(long_job))
        await asyncio.to_thread(running.wait, 10)
        small = asyncio.ensure_future(store.ingest([event]))
        await asyncio.sleep(0)  # one turn of the loop: the small write starts
        assert not small.done()  # and waits for the writer thread
        release.set()
        await job
        results, _, _ = await small
        order.append("small")
        assert order == ["job", "small"] and results == ["accepted"]
    finally:
        await store.close()


async def test_the_outbox_reads_and_marks_a_trickle_without_waking_a_thread(tmp_path):
    """A live event's relay: the outbox's read of what to publish and its mark once the
    stream took it run on the event loop while the writer thread is idle."""
    store = await Store.open(tmp_path / "w.db")
    try:
        first, second, third = initiative_chain(SigningKey.generate(), ["One", "Two", "Three"])
        await store.ingest([first])  # a write checks the disk's room first
        await store.ingest([second])
        handed_over: list[object] = []
        for pool in (store._writer, store._readers):
            submit = pool.submit
            pool.submit = lambda *a, _s=submit, **k: handed_over.append(a) or _s(*a, **k)  # type: ignore[method-assign]
        rows = await store.unpublished(TRICKLE)
        assert [r[1] for r in rows] == [first.head.id, second.head.id]
        rest = await store.mark_published([rows[0][0]], then=500)
        assert [r[1] for r in rest] == [second.head.id]
        await store.ingest([third])
        rest = await store.mark_published([rest[0][0]], then=500)
        assert [r[1] for r in rest] == [third.head.id]
        assert handed_over == []
    finally:
        await store.close()


async def test_a_new_database_has_large_pages_and_an_existing_one_keeps_its_own(tmp_path):
    """Pages of `PAGE_SIZE` for a new database (fewer pages written per batch of events); a
    database made with SQLite's default size opens as before and keeps it. Either way the
    writer's backstop checkpoint runs at the same size of the log, in bytes."""
    assert PAGE_SIZE > 4096
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE earlier (x)")
    conn.close()
    for path, size in ((tmp_path / "new.db", PAGE_SIZE), (old, 4096)):
        store = await Store.open(path)
        try:
            first, second = initiative_chain(SigningKey.generate(), ["One", "Two"])
            results, _, _ = await store.ingest([first, second])
            assert results == ["accepted", "accepted"]
            assert await store.read(lambda c: c.execute("PRAGMA page_size").fetchone()[0]) == size
            (pages,) = store._conn().execute("PRAGMA wal_autocheckpoint").fetchone()
            assert pages * size == WAL_BACKSTOP_BYTES
        finally:
            await store.close()


async def test_a_held_catch_up_transaction_is_told_once_committed_and_before_any_other_write(
    tmp_path,
):
    """A large catch-up's batch (`hold`) leaves its transaction open: readers, listeners and
    the cursor see nothing of it until it commits, which any other write makes it do first."""
    store = await Store.open(tmp_path / "w.db")
    try:
        store.HOLD_BYTES, store.HOLD_SECONDS = 10**9, 3600.0
        a, b, c = initiative_chain(SigningKey.generate(), ["One", "Two", "Three"])
        await store.execute(
            "INSERT INTO subscriptions (peer, filter, cursor) VALUES ('https://p.test', '*', 0)"
        )

        def stored(conn: sqlite3.Connection) -> int:
            return conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]

        move = CursorMove("https://p.test", "*", [1, 2], False)
        results, accepted, moved = await store.ingest([a, b], move, hold=True)
        assert results == ["accepted", "accepted"]
        assert (accepted, moved) == ([], None)
        assert await store.read(stored) == 0  # the transaction is still open
        # Another batch joins it; then an unrelated write commits both first.
        await store.ingest([c], CursorMove("https://p.test", "*", [3], False), hold=True)
        await store.execute("UPDATE peers SET card = card")
        assert await store.read(stored) == 3
        told, cursor = await store.settle("https://p.test", "*")
        assert [event.head.id for _, event in told] == [e.head.id for e in (a, b, c)]
        assert cursor == 3
        assert await store.settle("https://p.test", "*") == ([], None)  # told once
    finally:
        await store.close()
