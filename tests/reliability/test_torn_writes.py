"""Torn writes: kill -9 a follower while it ingests a large catch-up; its view stays exact."""

from __future__ import annotations

import asyncio
import sqlite3

from helpers import eventually, initiative
from nodeproc import NodeProc

from node.net.replication import BATCH
from node.store import Store
from protocol import decode_event

EVENTS = 2 * BATCH  # a catch-up of several batches, so that a kill can land between them


def _held(follower: NodeProc, author: str) -> int:
    try:
        return int(follower.get("/api/v1/status")["heads"].get(author, 0))
    except OSError:
        return -1


async def rebuilt_digest(db, scratch) -> tuple[dict, dict]:
    """The digest of `db`, and of a fresh store fed the same events in the same order."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    raws = [r[0] for r in conn.execute("SELECT raw FROM events ORDER BY n")]
    conn.close()
    stored, fresh = await Store.open(db), await Store.open(scratch)
    try:
        for i in range(0, len(raws), 500):
            await fresh.ingest([decode_event(r) for r in raws[i : i + 500]])
        return await stored.digest(), await fresh.digest()
    finally:
        await stored.close()
        await fresh.close()


async def test_kill9_mid_catch_up_leaves_view_matching_events(nodes, tmp_path):
    a = await nodes("A")
    # Published in batches (one transaction each): the catch-up is the subject here.
    items = [("initiative", initiative(f"Batch item {i}")) for i in range(EVENTS - 1)]
    for start in range(0, len(items), 500):
        await a.publish_many(items[start : start + 500])
    follower = NodeProc(tmp_path, "F")
    follower.start()
    kills_mid_ingest = 0
    try:
        status, answer = await asyncio.to_thread(
            follower.post, "/api/v1/admin/follow", {"url": a.http_url}
        )
        assert status == 201, answer
        for _ in range(3):
            # Kill as soon as the catch-up has visibly started, while more batches remain.
            held = await eventually(
                lambda: asyncio.to_thread(_held, follower, a.id), timeout=20, what="ingest"
            )
            if held < EVENTS:
                kills_mid_ingest += 1
            await asyncio.to_thread(follower.kill9)
            await asyncio.to_thread(follower.start)
        assert kills_mid_ingest >= 1

        async def complete() -> bool:
            return await asyncio.to_thread(_held, follower, a.id) == EVENTS

        await eventually(complete, timeout=30, what="the follower holds all of A's events")
    finally:
        await asyncio.to_thread(follower.stop)

    db = follower.home / "citymesh.db"
    got, expected = await rebuilt_digest(db, tmp_path / "rebuilt.db")
    assert got == expected  # the view is exactly what its events make
    assert got["heads"][a.id] == EVENTS
    assert (await a.store.digest(a.id))["digest"] == (await _author_digest(db, a.id))["digest"]
    store = await Store.open(db)  # what a restart's indexer does: finish from its mark
    try:
        while await store.index_text():
            pass
    finally:
        await store.close()
    conn = sqlite3.connect(db)
    objects = {r[0] for r in conn.execute("SELECT rowid FROM objects")}
    searchable = {r[0] for r in conn.execute("SELECT rowid FROM search")}
    conn.close()
    assert objects == searchable, "the full-text index lost or kept stale rows"


async def _author_digest(db, author: str) -> dict:
    store = await Store.open(db)
    try:
        return await store.digest(author)
    finally:
        await store.close()
