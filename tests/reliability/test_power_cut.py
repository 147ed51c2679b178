"""A power cut: the database loses its last commits, the node's stream keeps what it synced.

A node's own event commits without a sync to disk once its stream is about to take it (the
stream syncs it before anyone is told). A power cut after that loses the commit and keeps
the stream's copy: the node takes it back at its next start. Losing the database's last
commits is simulated by putting back a copy of the database taken before them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from helpers import initiative
from nats.js.errors import NotFoundError

from node.app import Node
from node.net import directget, subjects
from node.store import faults
from protocol import Event


def _keep(node: Node, where: str) -> None:
    """Copy a stopped node's database files aside."""
    for suffix in ("", "-wal", "-shm"):
        src = node.home.db.with_name(node.home.db.name + suffix)
        if src.exists():
            shutil.copy2(src, f"{where}{suffix}")


def _put_back(node: Node, where: str) -> None:
    """The database as it was when `_keep` copied it, as a power cut would leave it."""
    for suffix in ("", "-wal", "-shm"):
        dst = node.home.db.with_name(node.home.db.name + suffix)
        dst.unlink(missing_ok=True)
        try:
            shutil.copy2(f"{where}{suffix}", dst)
        except FileNotFoundError:
            pass


async def _own_in_stream(node: Node) -> list[int]:
    """The chain seq of each of the node's own events in its stream, in stream order."""
    assert node.transport.nc is not None
    js, seq, found = node.transport.nc.jetstream(), 0, []
    subject = subjects.event_subject(node.id)
    while True:
        try:
            msg = await js.get_msg(subjects.STREAM, seq + 1, subject, direct=True, next=True)
        except NotFoundError:
            return found
        seq = msg.seq or seq + 1
        found.append(json.loads(msg.data or b"{}")["seq"])


async def _power_cut(nodes: Any, tmp_path: Path, count: int) -> tuple[Node, list[Event]]:
    """A node with one synced own event, then `count` more whose commits a power cut took
    from its database (its stream kept them); started again. Returns it and those events."""
    a = await nodes("A")
    await a.publish("initiative", initiative("Synced"))
    await a.stop()
    _keep(a, str(tmp_path / "before.db"))

    a = await nodes.restart(a)
    lost = [await a.publish("initiative", initiative(f"Lost {i}")) for i in range(count)]
    await a.stop()
    _put_back(a, str(tmp_path / "before.db"))  # the power cut: the last commits are gone
    return await nodes.restart(a), lost


async def test_own_events_a_power_cut_took_from_the_database_come_back_from_its_stream(
    nodes, tmp_path
):
    a, lost = await _power_cut(nodes, tmp_path, 2)
    for event in lost:
        assert await a.store.own_event_at(a.id, event.envelope.seq) == event.envelope.id
    assert [e.envelope.id for _, e in a.transport.taken_back] == [e.envelope.id for e in lost]
    # The chain goes on after them: nothing refused as another writer's, nothing forked.
    after = await a.publish("initiative", initiative("After the cut"))
    assert after.envelope.prev == lost[-1].envelope.id
    assert await _own_in_stream(a) == [1, 2, 3, 4, 5]


async def test_lost_own_events_are_read_back_over_several_batches_of_the_stream(
    nodes, tmp_path, monkeypatch
):
    monkeypatch.setattr(directget, "MAX_BATCH_BYTES", 4096)  # a few events per direct get
    a, lost = await _power_cut(nodes, tmp_path, 12)
    assert [e.envelope.id for _, e in a.transport.taken_back] == [e.envelope.id for e in lost]


async def test_an_own_event_the_stream_did_not_take_is_synced_before_publish_returns(nodes):
    a = await nodes("A")
    synced: list[list[int]] = []
    make_durable = a.store.make_durable

    async def spy(numbers: list[int]) -> None:
        await make_durable(numbers)
        synced.append(numbers)

    a.store.make_durable = spy  # type: ignore[method-assign]
    await a.publish("initiative", initiative("Taken by the stream"))
    assert synced == []  # the stream synced it
    with faults.armed("stream.publish_own", TimeoutError()):
        event = await a.publish("initiative", initiative("Not taken yet"))
    assert len(synced) == 1  # before `publish` returned; the outbox publishes it later
    assert await a.store.own_event_at(a.id, event.envelope.seq) == event.envelope.id
