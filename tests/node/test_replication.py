"""Replication between independent nodes, each with its own nats-server (issue: the node)."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sqlite3

import nats
import pytest
from helpers import eventually, initiative, view_has

from node.net import replication, subjects, transport
from node.net.natsconf import node_nkey_seed
from node.store import faults
from node.store.accept import DUPLICATE
from protocol import Event, SigningKey, canonical_bytes, new_salt, sign_envelope


async def test_relay_three_nodes_converge_within_two_seconds(nodes):
    a = await nodes("A")
    b = await nodes("B")
    c = await nodes("C")
    await b.follow(a.http_url)
    await c.follow(b.http_url, author=a.id)  # C peers only with B

    event = await a.publish("initiative", initiative("Welcome centre"))
    object_id = event.envelope.id
    loop = asyncio.get_running_loop()
    started = loop.time()
    await eventually(lambda: view_has(b, object_id), timeout=2.0, what="initiative in B's view")
    await eventually(lambda: view_has(c, object_id), timeout=2.0, what="initiative in C's view")
    assert loop.time() - started < 2.0

    digests = [await n.store.digest(a.id) for n in (a, b, c)]
    assert digests[0]["events"] == 2  # profile + initiative
    assert digests[0] == digests[1] == digests[2]


async def test_follower_catches_up_after_downtime_without_loss_or_duplicates(nodes):
    a = await nodes("A")
    b = await nodes("B")
    await b.follow(a.http_url)
    await eventually(lambda: _head(b, a.id), what="B has A's profile")
    await b.stop()

    for i in range(200):
        await a.publish("initiative", initiative(f"Programme {i}"))
    b = await nodes.restart(b)

    async def complete() -> bool:
        return await _head(b, a.id) == 201

    await eventually(complete, timeout=20, what="B holds A's 201 events")
    rows = await b.store.read(
        lambda c: c.execute(
            "SELECT seq, COUNT(*) FROM events WHERE author = ? GROUP BY seq ORDER BY seq", (a.id,)
        ).fetchall()
    )
    assert [seq for seq, _ in rows] == list(range(1, 202))  # chain complete
    assert all(count == 1 for _, count in rows)  # none duplicated
    assert await b.store.digest(a.id) == await a.store.digest(a.id)


async def test_a_large_catch_up_is_stored_without_query_indexes_then_indexed(
    nodes, caplog, monkeypatch
):
    a = await nodes("A")
    for i in range(150):
        await a.publish("initiative", initiative(f"Programme {i}"))
    b = await nodes("B")
    b.store.BULK_MIN = 100  # a large backlog, at test scale
    # B's text indexer is held until B's outbox waits for it, or, if the outbox does not
    # wait, until it relays: each time it reads A's events, is their text indexed yet?
    gate, text_done_when_relayed = asyncio.Event(), []
    write_text, unpublished, backlog_indexed = (
        b.store.write_text,
        b.store.unpublished,
        b.store.backlog_indexed,
    )

    async def held_write_text(*args):
        await gate.wait()
        return await write_text(*args)

    async def reading(*args, **kwargs):
        rows = await unpublished(*args, **kwargs)
        if any(author == a.id for _, _, author, _ in rows):
            text_done_when_relayed.append(await b.store.text_index_complete())
            gate.set()
        return rows

    async def relay_waits():
        gate.set()
        await backlog_indexed()

    monkeypatch.setattr(b.store, "write_text", held_write_text)
    monkeypatch.setattr(b.store, "unpublished", reading)
    monkeypatch.setattr(b.store, "backlog_indexed", relay_waits)
    with caplog.at_level(logging.INFO, logger="citymesh.store"):
        await b.follow(a.http_url)

        async def complete() -> bool:
            return await _head(b, a.id) == 151

        await eventually(complete, timeout=20, what="B holds A's 151 events")
        await eventually(b.store.query_indexes_complete, what="B's query indexes built again")
        await eventually(b.store.text_index_complete, what="B's text index complete")
    assert "events without the query indexes" in caplog.text
    assert "built index objects_author" in caplog.text
    found = await b.store.read(
        lambda c: c.execute("SELECT count(*) FROM search WHERE search MATCH 'programme'").fetchone()
    )
    assert found == (150,)
    # Relayed once the backlog is stored and its text indexed: nothing waits in B's outbox.
    await eventually(lambda: b.transport.published >= 151, what="A's events relayed by B")
    assert await b.store.unpublished() == []
    assert text_done_when_relayed and all(text_done_when_relayed)
    assert await b.store.digest(a.id) == await a.store.digest(a.id)


async def test_a_large_catch_ups_batches_commit_together_and_nothing_is_lost_if_that_fails(
    nodes, monkeypatch
):
    """A large backlog's batches share one transaction: listeners hear of its events only
    once they are committed, all together. When that commit fails (a full disk), all of it
    rolls back with the cursor, and the catch-up tried again stores every event."""
    a = await nodes("A")
    for i in range(150):
        await a.publish("initiative", initiative(f"Programme {i}"))
    b = await nodes("B")
    b.store.BULK_MIN = 100  # a large backlog, at test scale
    b.store.HOLD_BYTES, b.store.HOLD_SECONDS = 10**9, 3600.0
    monkeypatch.setattr(replication, "BATCH", 40)
    commit_held, failed = b.store._commit_held, []

    def failing_once():
        if not failed:
            failed.append(True)
            faults.arm("store.commit", faults.disk_full(), rollback=True)
        commit_held()

    monkeypatch.setattr(b.store, "_commit_held", failing_once)
    told, uncommitted = [], []

    def listener(accepted):
        ours = [n for n, e in accepted if e.head.author == a.id]
        if ours:
            told.append(len(ours))
            with sqlite3.connect(b.store.path) as conn:  # a reader: what is committed
                marks = ",".join("?" * len(ours))
                (found,) = conn.execute(
                    f"SELECT COUNT(*) FROM events WHERE n IN ({marks})", ours
                ).fetchone()
            uncommitted.append(len(ours) - found)

    b.ingest.listeners.append(listener)
    await b.follow(a.http_url)

    async def complete() -> bool:
        return await _head(b, a.id) == 151

    await eventually(complete, timeout=20, what="B holds A's 151 events")
    assert failed  # the first commit of the held batches failed
    assert told == [151] and uncommitted == [0]  # told once, all together, once committed
    assert await b.store.digest(a.id) == await a.store.digest(a.id)


async def test_relaying_goes_on_after_a_large_backlog_that_stored_nothing(nodes):
    b = await nodes("B")
    b.store.BULK_MIN = 100
    await eventually(_outbox_empty(b), what="B's profile in its stream")
    await eventually(b.store.text_index_complete, what="B's text indexer idle")
    async with b.store.bulk_load(1000) as dropped:  # a catch-up that found nothing new
        assert dropped
    # Nothing stored wakes the text indexer; the backlog's end does, and relaying follows.
    async with asyncio.timeout(10):
        await b.store.backlog_indexed()


async def test_live_relay_sends_each_event_once_in_chain_order(nodes):
    a = await nodes("A")
    b = await nodes("B")
    await b.follow(a.http_url)
    await eventually(lambda: _head(b, a.id), what="B has A's profile")
    await eventually(_outbox_empty(b), what="B relayed the profile")
    relayed = b.transport.published

    # Published one by one, each heard live by B and relayed while the next arrives.
    for i in range(60):
        await a.publish("initiative", initiative(f"Live {i}"))

    async def complete() -> bool:
        return await _head(b, a.id) == 61

    await eventually(complete, what="B holds A's 61 events")
    await eventually(_outbox_empty(b), what="B relayed A's events")
    assert b.transport.published - relayed == 60  # each published once
    js = b.transport.nc.jetstream()
    last = (await js.stream_info(subjects.STREAM)).state.last_seq
    seqs = []
    for stream_seq in range(1, last + 1):
        msg = await js.get_msg(subjects.STREAM, stream_seq)
        if msg.subject == subjects.event_subject(a.id):
            seqs.append(json.loads(msg.data)["seq"])
    assert seqs == list(range(1, 62))  # in B's stream once each, in chain order


async def test_the_outbox_marks_a_relayed_event_and_reads_what_follows_in_one_trip(
    nodes, monkeypatch
):
    """A relayed event costs the outbox two trips to the store: the read that finds it, and
    its marking, which also reads what follows (a third trip, apart, read nothing)."""
    monkeypatch.setattr(transport, "OUTBOX_IDLE_SECONDS", 60.0)  # only woken looks
    a = await nodes("A")
    b = await nodes("B")
    await b.follow(a.http_url)
    await eventually(lambda: _head(b, a.id), what="B has A's profile")
    await eventually(_outbox_empty(b), what="B relayed the profile")

    class Watched(asyncio.Event):
        """The outbox's wake, counting how often the outbox waits for it."""

        waits = 0

        async def wait(self) -> bool:
            self.waits += 1
            return await super().wait()

    old, b.transport.wake = b.transport.wake, Watched()
    old.set()
    await eventually(lambda: b.transport.wake.waits == 1, what="B's outbox waits")
    trips = 0

    def counting(method):
        async def counted(*args, **kwargs):
            nonlocal trips
            trips += 1
            return await method(*args, **kwargs)

        return counted

    b.store.unpublished = counting(b.store.unpublished)
    b.store.mark_published = counting(b.store.mark_published)
    relayed = b.transport.published
    for i in range(1, 6):
        await a.publish("initiative", initiative(f"Relayed {i}"))
        await eventually(
            lambda i=i: b.transport.published == relayed + i and b.transport.wake.waits == i + 1,
            what=f"B relayed event {i} and waits again",
        )
    assert trips == 2 * 5


def _outbox_empty(node):
    async def check() -> bool:
        return await node.store.unpublished() == []

    return check


async def test_forged_event_on_followed_subjects_is_rejected_and_counted(nodes):
    a = await nodes("A")
    b = await nodes("B")
    await b.follow(a.http_url)
    genuine = await a.publish("initiative", initiative("Genuine"))
    await eventually(lambda: view_has(b, genuine.envelope.id))

    # Right shape, right id and chain position, but signed by another key.
    head = await a.store.own_head(a.id)
    forged = forge(a.id, head[0] + 1, head[1], initiative("Forged"), SigningKey.generate())
    nc = await nats.connect(a.nats_urls, nkeys_seed_str=node_nkey_seed(a.key))
    try:
        # Straight onto both subjects B listens to: the stream's and the live one.
        await nc.jetstream().publish(subjects.event_subject(a.id), forged)
        await nc.publish(
            subjects.live_subject(a.id),
            forged,
            headers={"Nats-Sequence": "99", "Nats-Last-Sequence": "98"},
        )
        await nc.flush()
    finally:
        await nc.close()

    await eventually(lambda: b.ingest.rejected["bad_signature"] >= 1, what="B counts the forgery")
    assert await _head(b, a.id) == head[0]
    rows = await b.store.read(
        lambda c: c.execute("SELECT COUNT(*) FROM objects WHERE body LIKE '%Forged%'").fetchone()
    )
    assert rows[0] == 0
    # B keeps running: the next genuine event still arrives.
    later = await a.publish("initiative", initiative("Still flowing"))
    await eventually(lambda: view_has(b, later.envelope.id))


async def test_peer_credentials_cannot_publish_or_delete_streams(nodes):
    a = await nodes("A")
    card = await a.card()
    errors: list[str] = []

    async def on_error(exc: Exception) -> None:
        errors.append(str(exc).lower())

    peer = await nats.connect(
        [u for u in card["nats"]["urls"] if u.startswith("nats:")],
        user=card["nats"]["user"],
        password=card["nats"]["password"],
        inbox_prefix=subjects.PEER_INBOX_PREFIX,
        error_cb=on_error,
        max_reconnect_attempts=0,
    )
    try:
        js = peer.jetstream(timeout=1.0)
        with pytest.raises(nats.errors.TimeoutError):  # denied requests time out ...
            await js.publish(subjects.event_subject(a.id), b"{}")
        await eventually(
            lambda: any("permissions violation for publish" in e and "cm.e." in e for e in errors),
            what="publish denied",
        )  # ... and the server says why
        with pytest.raises(nats.errors.TimeoutError):
            await js.delete_stream(subjects.STREAM)
        await eventually(
            lambda: any("$js.api.stream.delete" in e for e in errors), what="delete denied"
        )
        with pytest.raises(nats.errors.TimeoutError):
            await js.add_consumer(subjects.STREAM, durable_name="hog")
        await eventually(
            lambda: any('publish to "$js.api.consumer.' in e for e in errors), what="no consumers"
        )
    finally:
        await peer.close()
    info = await a.transport.nc.jetstream().stream_info(subjects.STREAM)
    assert info.state.messages >= 1  # the stream is intact


def forge(author: str, seq: int, prev: str | None, body: dict, signer: SigningKey) -> bytes:
    """A well-formed event claiming `author`, with a correct id, signed by `signer`."""
    unsigned = {
        "v": 1,
        "author": author,
        "seq": seq,
        "prev": prev,
        "kind": "initiative",
        "kv": 1,
        "created_at": "2026-01-01T00:00:00.000Z",
        "lang": "en",
        "body": body,
        "salt": new_salt(),
    }
    return canonical_bytes(sign_envelope(signer, unsigned))


async def _head(node, author: str) -> int:
    row = await node.store.read(
        lambda c: c.execute("SELECT MAX(seq) FROM events WHERE author = ?", (author,)).fetchone()
    )
    return row[0] or 0


async def _cursor(node, filt: str) -> int:
    (cursor,) = await node.store.read(
        lambda c: c.execute("SELECT cursor FROM subscriptions WHERE filter = ?", (filt,)).fetchone()
    )
    return cursor


async def _announce(node, raw: bytes) -> None:
    """Publish `raw` as a notice on the node's own server: plain NATS, no headers."""
    nc = await nats.connect(node.nats_urls, nkeys_seed_str=node_nkey_seed(node.key))
    try:
        await nc.publish(subjects.live_subject(node.id), raw)
        await nc.flush()
    finally:
        await nc.close()


async def test_a_noticed_event_is_stored_but_never_moves_the_cursor(nodes):
    a = await nodes("A")
    b = await nodes("B")
    await b.follow(a.http_url)
    await eventually(lambda: _head(b, a.id), what="B has A's profile")
    cursor = await _cursor(b, a.id)
    seq, prev = await a.store.own_head(a.id)
    # A's next event, announced but never put into A's stream.
    await _announce(a, forge(a.id, seq + 1, prev, initiative("Announced"), a.key))

    async def stored() -> bool:
        return await _head(b, a.id) == seq + 1

    await eventually(stored, what="B stores the announced event")
    assert await _cursor(b, a.id) == cursor


async def test_a_forged_notice_is_rejected_and_counted(nodes):
    a = await nodes("A")
    b = await nodes("B")
    await b.follow(a.http_url)
    await eventually(lambda: _head(b, a.id), what="B has A's profile")
    seq, prev = await a.store.own_head(a.id)
    await _announce(a, forge(a.id, seq + 1, prev, initiative("Forged"), SigningKey.generate()))
    await eventually(lambda: b.ingest.rejected["bad_signature"] >= 1, what="B counts it")
    assert await _head(b, a.id) == seq


async def _in_a_line(nodes):
    """Nodes A, B and C, where C hears A only through B, once C has A's profile."""
    a = await nodes("A")
    b = await nodes("B")
    c = await nodes("C")
    await b.follow(a.http_url)
    await c.follow(b.http_url, author=a.id)
    await eventually(lambda: _head(c, a.id), what="C has A's profile")
    return a, b, c


async def test_a_relaying_node_announces_what_it_accepted(nodes):
    a, b, c = await _in_a_line(nodes)
    event = await a.publish("initiative", initiative("Passed on"))
    await eventually(lambda: view_has(c, event.envelope.id), what="in C's view")
    # B announced it once checked, before its stream's copy went out on the same connection:
    # the notice is what C accepted, and the stream's copy, a duplicate, moves the cursor.
    assert event.raw in c.ingest.noticed

    async def in_b_stream() -> bool:
        return await b.store.unpublished(10) == []

    await eventually(in_b_stream, what="B's stream has it")
    info = await b.transport.nc.jetstream().stream_info(subjects.STREAM)

    async def cursor_at_stream_end() -> bool:
        return await _cursor(c, a.id) == info.state.last_seq

    await eventually(cursor_at_stream_end, what="C's cursor past B's stream copy")
    assert c.ingest.duplicates >= 1
    (count,) = await c.store.read(
        lambda conn: conn.execute(
            "SELECT COUNT(*) FROM events WHERE id = ?", (event.envelope.id,)
        ).fetchone()
    )
    assert count == 1


async def test_a_relaying_node_announces_an_event_before_it_stores_it(nodes):
    """An event that continues its author's chain goes out as a notice once B has checked it:
    C checks and stores it while B stores it, rather than after."""
    a, b, c = await _in_a_line(nodes)
    seq, _ = await a.store.own_head(a.id)
    c_had_it: list[bool] = []  # when B's transaction for A's next event began
    ingest = b.store.ingest

    async def c_has_it() -> bool:
        return await _head(c, a.id) == seq + 1

    async def held(items, cursor=None, source="", hold=False):
        ours = any(
            isinstance(i, Event) and i.head.author == a.id and i.head.seq == seq + 1 for i in items
        )
        if ours and not c_had_it:
            # B's transaction waits (5 s at most) for C to hold the event.
            try:
                await eventually(c_has_it, timeout=5, what="C holds A's event")
                c_had_it.append(True)
            except AssertionError:
                c_had_it.append(False)
        return await ingest(items, cursor, source, hold)

    b.store.ingest = held
    event = await a.publish("initiative", initiative("Announced early"))
    await eventually(lambda: view_has(b, event.envelope.id), what="in B's view")
    assert c_had_it == [True]
    assert event.raw in c.ingest.noticed  # C took it from B's notice, not from B's stream


async def test_notices_never_wait_for_a_server_that_stopped_reading(nodes):
    """The gate announces before it stores: a node whose nats-server stopped taking data
    (here, stopped) leaves its notices out rather than wait for room, which nats-py would do
    once 16 MB are queued."""
    a = await nodes("A")
    raw = b"x" * 60_000  # the size of a large event; nobody reads it
    os.kill(a.server.proc.pid, signal.SIGSTOP)
    try:
        async with asyncio.timeout(20):
            for _ in range(400):  # 24 MB: more than the socket and nats-py's queue hold
                await a.transport.notice([(a.id, raw)])
        assert a.transport.nc.pending_data_size <= transport.NOTICE_PENDING_BYTES
    finally:
        os.kill(a.server.proc.pid, signal.SIGCONT)


async def test_the_stream_copies_of_noticed_events_are_not_stored_one_by_one(nodes):
    """Each event reaches C first as B's notice; its stream copy only moves C's cursor, which
    is saved for a trickle of copies at once, not in one transaction per copy."""
    a, b, c = await _in_a_line(nodes)
    copies_stored = 0
    ingest = c.store.ingest

    async def counted(items, cursor=None, source="", hold=False):
        nonlocal copies_stored
        copies_stored += all(item == DUPLICATE for item in items)
        return await ingest(items, cursor, source, hold)

    c.store.ingest = counted
    duplicates = c.ingest.duplicates
    for i in range(10):
        event = await a.publish("initiative", initiative(f"Trickle {i}"))
        await eventually(lambda e=event: view_has(c, e.envelope.id), what=f"event {i} in C")
    await eventually(_outbox_empty(b), what="B's stream has them")
    info = await b.transport.nc.jetstream().stream_info(subjects.STREAM)
    await eventually(
        lambda: _cursor_is(c, a.id, info.state.last_seq),
        what="C's cursor saved past B's stream copies",
    )
    assert c.ingest.duplicates - duplicates >= 10  # and the profile's copy, if it came late
    assert copies_stored == 0


async def _cursor_is(node, filt: str, seq: int) -> bool:
    return await _cursor(node, filt) == seq


async def test_own_events_are_not_announced_before_the_stream_takes_them(nodes):
    a = await nodes("A")
    b = await nodes("B")
    await b.follow(a.http_url)
    await eventually(lambda: _head(b, a.id), what="B has A's profile")
    event = await a.publish("initiative", initiative("Ours"))
    await eventually(lambda: view_has(b, event.envelope.id), what="in B's view")
    # Only the stream can refuse a second process writing as A (test_single_writer): B took
    # A's own event from the stream, never from an announcement.
    assert event.raw not in b.ingest.noticed


async def test_an_own_event_published_at_once_does_not_wake_the_outbox(nodes):
    """`publish` puts an own event in the stream itself: the outbox has nothing to do for it
    (woken, it found the next own event in flight and checked it against the stream again).
    One that could not go out yet, or an erasure, still wakes it."""
    a = await nodes("A")
    await eventually(_outbox_empty(a), what="A's profile in its stream")
    a.transport.wake.clear()
    for i in range(3):
        await a.publish("initiative", initiative(f"Casa {i}"))
        assert not a.transport.wake.is_set()
    assert await _outbox_empty(a)()
    event = await a.publish("initiative", initiative("Erased"))
    assert not a.transport.wake.is_set()
    await a.publish("erasure", {"events": [event.envelope.id], "reason": "personal_data"})
    assert a.transport.wake.is_set()  # the erased event's full copy leaves the stream
