"""A node stores a skeleton wherever it would store the full event (SPEC.md §2.1, §6.4), and
the full event offered later is a duplicate: the body never comes back."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from helpers import initiative, initiative_chain

from node.store import Store, text_index, view
from node.store.accept import ACCEPTED, DUPLICATE, PENDING
from protocol import SigningKey, build_event, decode_event, skeleton
from protocol.vectors import load

LISBOA = [
    decode_event(v["event"].encode())
    for v in load("valid.json")
    if v["form"] == "full" and v["label"].startswith("lisboa/")
]


async def test_a_skeleton_is_stored_in_place_and_its_full_event_is_then_a_duplicate(
    tmp_path: Path,
) -> None:
    store = await Store.open(tmp_path / "db.sqlite")
    try:
        assert (await store.ingest(LISBOA[:1]))[0] == [ACCEPTED]
        skeletons = [decode_event(skeleton(e)) for e in LISBOA[1:3]]
        # One further ahead waits for its gap; the next one fills it, and both are stored.
        assert (await store.ingest([skeletons[1]]))[0] == [PENDING]
        assert (await store.ingest([skeletons[0]]))[0] == [ACCEPTED]
        assert (await store.ingest(LISBOA[1:3]))[0] == [DUPLICATE, DUPLICATE]
        rows = await store.read(
            lambda c: c.execute("SELECT raw FROM events ORDER BY seq").fetchall()
        )
        assert [r[0] for r in rows] == [LISBOA[0].raw, *(s.raw for s in skeletons)]
        digest = await store.read(lambda c: c.execute("SELECT COUNT(*) FROM erasures").fetchone())
        assert digest == (2,)
        view = await store.read(
            lambda c: c.execute(
                "SELECT body FROM objects WHERE id = ?", (LISBOA[1].envelope.id,)
            ).fetchone()
        )
        assert view is not None and "erased before this node received it" in view[0]
    finally:
        await store.close()


@pytest.mark.parametrize("relay", [True, False])
async def test_a_reader_process_erases_what_its_stream_shows_erased(
    tmp_path: Path, relay: bool
) -> None:
    """A reader process (relay=False) reads its organisation's own stream: a skeleton there
    means its writer erased the event. A node reading a peer keeps its copy (operator
    erasure holds on one node only)."""
    store = await Store.open(tmp_path / "db.sqlite", relay=relay)
    try:
        await store.ingest(LISBOA[:3])
        assert (await store.ingest([decode_event(skeleton(LISBOA[1]))]))[0] == [DUPLICATE]
        raw = await store.read(
            lambda c: c.execute(
                "SELECT raw FROM events WHERE id = ?", (LISBOA[1].envelope.id,)
            ).fetchone()[0]
        )
        assert raw == (LISBOA[1].raw if relay else skeleton(LISBOA[1]))
    finally:
        await store.close()


async def test_an_erasure_stopped_before_its_scrub_is_scrubbed_at_the_next_start(
    tmp_path: Path,
) -> None:
    """The text index's merge and the log's truncation follow an erasure at the next
    indexing; a node stopped before that does them when it indexes again."""
    key = SigningKey.generate()
    titles = ["Zuleika Okonkwo-Brandão asked for help", "Housing desk"]
    events = initiative_chain(key, titles)
    path = tmp_path / "db.sqlite"
    store = await Store.open(path)
    await store.ingest(events)
    await text_index.index_all(store)
    await store.erase(events[0].envelope.id, "personal_data")
    assert await store.read(text_index.scrub_due)
    await store.close()

    store = await Store.open(path)
    try:
        await text_index.index_all(store)
        assert not await store.read(text_index.scrub_due)
    finally:
        await store.close()
    assert not [f.name for f in tmp_path.iterdir() if b"zuleika" in f.read_bytes().lower()]


async def test_the_operator_erases_fork_evidence_too(tmp_path: Path) -> None:
    key = SigningKey.generate()
    first, second = initiative_chain(key, ["Opening", "Housing desk"])
    fork = build_event(
        key,
        seq=2,
        prev=first.envelope.id,
        kind="initiative",
        body=initiative("Zuleika Okonkwo-Brandão's file"),
        lang="en",
    )
    store = await Store.open(tmp_path / "db.sqlite")
    try:
        await store.ingest([first, second, fork])
        done = await store.erase(fork.envelope.id, "legal_order")
        assert done["erased"]
        await text_index.index_all(store)  # the log's truncation
        raw = await store.read(
            lambda c: c.execute(
                "SELECT raw FROM forks WHERE id = ?", (fork.envelope.id,)
            ).fetchone()[0]
        )
        assert raw == skeleton(fork)
    finally:
        await store.close()
    assert not [f.name for f in tmp_path.iterdir() if b"zuleika" in f.read_bytes().lower()]


async def test_an_erasure_rederives_the_same_rows_as_a_whole_rebuild(tmp_path: Path) -> None:
    """Only the erased event's object is derived again; the rows are those a rebuild of the
    author's whole view gives (an erased object updated later shows the update; an erased
    update no longer counts; a retraction stays)."""
    key = SigningKey.generate()
    events = initiative_chain(key, ["Plan", "Desk", "Centre"])
    plan, desk, centre = (e.envelope.id for e in events)

    def next_event(kind: str, body: dict) -> None:
        prev = events[-1].envelope
        events.append(
            build_event(key, seq=prev.seq + 1, prev=prev.id, kind=kind, body=body, lang="en")
        )

    next_event("update", {"event": plan, "body": initiative("Plan, revised")})
    next_event("update", {"event": desk, "body": initiative("Desk, revised")})
    next_event("update", {"event": desk, "body": initiative("Desk, again")})
    next_event("retraction", {"event": centre, "reason": "withdrawn"})
    next_event("endorsement", {"event": plan, "stance": "support"})
    store = await Store.open(tmp_path / "db.sqlite")

    def rows(c: Any) -> list[Any]:
        return [
            c.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("objects", "versions", "nodes")
        ]

    try:
        await store.ingest(events)
        for erased in (plan, events[4].envelope.id, centre):
            await store.erase(erased, "personal_data")
        after = await store.read(rows)
    finally:
        await store.close()
    conn = sqlite3.connect(tmp_path / "db.sqlite")
    try:
        with conn:
            view.rebuild_author(conn, key.public_id, None)
        assert rows(conn) == after
    finally:
        conn.close()
    assert "Plan, revised" in str(after[0]) and "Desk, again" in str(after[0])
