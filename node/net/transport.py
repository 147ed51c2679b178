"""The node's own NATS connection: its stream, and the outbox that fills it.

Every accepted event (own or relayed) is stored first and then published to the node's
stream with its id as `Nats-Msg-Id`. Rows not yet acknowledged by JetStream are published
again after a crash or disconnect; the stream's duplicate window absorbs the repeats.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

import msgspec
from nats.aio.client import Client
from nats.js.api import RePublish, StorageType, StreamConfig
from nats.js.errors import APIError, BadRequestError, NotFoundError

from protocol import Event, decode_event, limits
from protocol.errors import ProtocolError

from ..store import faults
from ..store.store import TRICKLE, Store
from ..tasks import cancel_and_wait
from . import subjects
from .natsfence import PlainClient

__all__ = ["Transport", "WriterConflict", "connect"]

#: How long a starting node waits for JetStream to accept its stream.
STREAM_READY_SECONDS = 30.0
#: After a wake, the outbox lets this much time pass before it relays: the event's notice and
#: its live streams go first (its followers hear of it from the notice, not from this
#: stream), and a burst goes out as one batch.
RELAY_PAUSE = 0.005
#: Events the outbox reads and publishes at a time.
OUTBOX_BATCH = 500
#: The header naming the database an own event was published from (`Store.writer_id`).
WRITER_HEADER = "Citymesh-Writer"
#: With nothing to publish, the outbox looks again after this long even if nothing woke it.
OUTBOX_IDLE_SECONDS = 2.0
#: Notices are left out while the connection holds more than this many bytes not yet
#: written (a server that stopped reading): the gate announces before it stores, and a
#: publish waits once nats-py's own buffer (16 MB) is full.
NOTICE_PENDING_BYTES = 1024 * 1024
#: JetStream's "wrong last sequence" error: another process wrote this author's subject.
WRONG_LAST_SEQUENCE = 10071
#: JetStream's "no message found" error: the message was deleted already.
NO_MESSAGE = 10037
#: The outbox's publishes time out this long, connected, before `on_stalled` is called: a
#: nats-server whose JetStream store met a full disk stores nothing more until it restarts.
STALL_SECONDS = 10.0


class _Link(msgspec.Struct):
    seq: int
    prev: str | None


class _Head(msgspec.Struct):
    id: str
    body_digest: str | None = None


async def erase_message(nc: Client, stream: str, seq: int) -> None:
    """Delete one message from a stream, overwriting its bytes in the server's store.

    JetStream's delete request erases unless told `no_erase`; nats-py's `delete_msg` sends
    neither, so this asks for the erase explicitly (`$JS.API.STREAM.MSG.DELETE.<stream>`).
    A sequence already deleted is no error: an erasure retried after a crash."""
    reply = await nc.request(
        f"$JS.API.STREAM.MSG.DELETE.{stream}",
        json.dumps({"seq": seq, "no_erase": False}).encode(),
        timeout=10,
    )
    answer = json.loads(reply.data)
    error = answer.get("error")
    if error and error.get("err_code") != NO_MESSAGE:
        raise APIError(
            code=error.get("code"),
            err_code=error.get("err_code"),
            description=error.get("description"),
        )


def _published_raw(conn: sqlite3.Connection, event_id: str) -> bytes | None:
    """The stored bytes of an event that is not waiting in the outbox, or None."""
    row = conn.execute(
        "SELECT raw FROM events e WHERE id = ? AND NOT EXISTS"
        " (SELECT 1 FROM outbox o WHERE o.n = e.n)",
        (event_id,),
    ).fetchone()
    return bytes(row[0]) if row else None


class WriterConflict(Exception):
    """Another process published as this node: its own events cannot go to the stream."""

    def __init__(self, numbers: list[int]) -> None:
        super().__init__(f"another writer published as this node ({len(numbers)} events held)")
        self.numbers = numbers


log = logging.getLogger("citymesh.transport")


async def connect(
    urls: list[str],
    *,
    name: str,
    on_reconnect: Callable[[], Awaitable[None]] | None = None,
    on_disconnect: Callable[[], None] | None = None,
    **options: object,
) -> Client:
    """Connect with unlimited reconnects (a server that is down never ends the node)."""
    state: dict[str, bool] = {"connected": False}

    async def disconnected() -> None:
        state["connected"] = False
        if on_disconnect:
            on_disconnect()

    async def reconnected() -> None:
        state["connected"] = True
        if on_reconnect:
            await on_reconnect()

    async def error(exc: Exception) -> None:
        log.debug("nats %s: %s", name, exc)

    nc = PlainClient()
    await nc.connect(
        servers=urls,
        name=name,
        max_reconnect_attempts=-1,
        reconnect_time_wait=0.25,  # type: ignore[arg-type]  # seconds; annotated as int
        connect_timeout=2,
        allow_reconnect=True,
        pending_size=16 * 1024 * 1024,
        disconnected_cb=disconnected,
        reconnected_cb=reconnected,
        error_cb=error,
        **options,  # type: ignore[arg-type]
    )
    return nc


def stream_config(replicas: int = 1) -> StreamConfig:
    return StreamConfig(
        name=subjects.STREAM,
        subjects=[subjects.event_wildcard()],
        storage=StorageType.FILE,
        allow_direct=True,
        duplicate_window=3600.0,
        max_msg_size=limits.MAX_EVENT_BYTES,
        num_replicas=replicas,
        republish=RePublish(src=subjects.event_wildcard(), dest=subjects.live_wildcard()),
    )


class Transport:
    """Owns the node's connection, ensures its stream, and runs the outbox publisher.

    The node's own events are published one at a time with
    `Nats-Expected-Last-Subject-Sequence`, so that of two processes writing as one node only
    one can extend its chain in the stream: the other gets `WriterConflict`, never a fork.
    A reader process (`own=None`) publishes nothing.
    """

    def __init__(
        self,
        store: Store,
        urls: list[str],
        nkey_seed: str,
        *,
        own: str | None,
        replicas: int = 1,
        on_stalled: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.store, self.urls, self.nkey_seed, self.replicas = store, urls, nkey_seed, replicas
        self.own = own
        self.on_stalled, self.stall_seconds = on_stalled, STALL_SECONDS
        self._stalled_since: float | None = None
        self.nc: Client | None = None
        self.js: Any = None
        self.wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._own_lock = asyncio.Lock()
        #: (stream sequence, chain seq, id) of our newest event in the stream, once read.
        self._head: tuple[int, int, str | None] | None = None
        self.published = 0
        #: Own events the start took back from the stream (`take_back_own`), and this
        #: database's id, which its own events carry there.
        self.taken_back: list[tuple[int, Event]] = []
        self.writer = ""
        self.conflict = False
        self.stream_retries = 0
        self._erasures_seen = 0  # `store.stream_erasures` when the stream was last erased

    @property
    def connected(self) -> bool:
        return bool(self.nc and self.nc.is_connected)

    @property
    def erasures_pending(self) -> bool:
        """The store erased events since the outbox last erased their copies in the stream."""
        return self._erasures_seen != self.store.stream_erasures

    async def start(self) -> None:
        self.nc = await connect(
            self.urls,
            name="citymesh-node",
            on_reconnect=self._on_reconnect,
            nkeys_seed_str=self.nkey_seed,
        )
        self.js = self.nc.jetstream(publish_async_max_pending=2000)
        # A cluster that is still electing its JetStream leader answers "unavailable" for a
        # while: retry for a bounded time rather than fail the node's start.
        delay, deadline = 0.2, asyncio.get_running_loop().time() + STREAM_READY_SECONDS
        while True:
            try:
                await self.ensure_stream()
                break
            except Exception as exc:
                if asyncio.get_running_loop().time() > deadline:
                    raise
                self.stream_retries += 1
                log.info("stream not ready (%s); retrying in %.1fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
        if self.own is not None:
            self.writer = await self.store.writer_id()
            # Before the outbox: it would take the stream's head for another writer's.
            self.taken_back = await self.take_back_own()
            self._task = asyncio.create_task(self._outbox(), name="outbox")

    async def take_back_own(self) -> list[tuple[int, Event]]:
        """Store again the own events the stream holds and the database lost; returns them
        as accepted. Own events commit without a sync to disk once the stream takes them
        (`Node.publish_many`), so a power cut may take the database's last commits while the
        stream keeps them. Counted first: the node's messages in the stream are read only if
        the stream holds more of them than the database knows published."""
        assert self.nc is not None and self.own is not None
        subject = subjects.event_subject(self.own)
        info = await self.nc.jetstream().stream_info(subjects.STREAM, subjects_filter=subject)
        if (info.state.subjects or {}).get(subject, 0) <= await self.store.own_published(self.own):
            return []
        from .directget import DirectGet  # it builds on this module

        head, _ = await self.store.own_head(self.own)
        lost: dict[str, Event] = {}
        # Only this database's messages: another process writing as this node, or this
        # node's history from before, is not ours to take.
        only = (WRITER_HEADER.encode(), self.writer.encode())
        async with DirectGet(self.nc, subjects.STREAM, only=only) as get:
            start = 1
            while True:
                batch = await get.fetch(start, subject, 2000)
                for _, raw in batch.items:
                    try:  # the whole check only for what follows the database's head
                        if msgspec.json.decode(raw, type=_Link).seq <= head:
                            continue
                        event = decode_event(raw)
                    except (msgspec.DecodeError, ProtocolError):
                        continue
                    if event.head.author == self.own and event.head.seq > head:
                        lost.setdefault(event.head.id, event)
                if not batch.read_to or not batch.pending:
                    break
                start = batch.read_to + 1
        if not lost:
            return []
        events = sorted(lost.values(), key=lambda e: e.head.seq)
        _, accepted, _ = await self.store.ingest([*events])
        log.warning(
            "took back %d of this node's events from its stream: the database had lost them"
            " (a power cut before they were synced to disk)",
            len(accepted),
        )
        return accepted

    async def _on_reconnect(self) -> None:
        self._head = None  # re-read: another writer may have written meanwhile
        self.wake.set()

    async def ensure_stream(self) -> None:
        """Create the stream, or bring its config up to date (idempotent)."""
        assert self.nc is not None
        js = self.nc.jetstream()
        config = stream_config(self.replicas)
        try:
            await js.add_stream(config)
        except BadRequestError:
            await js.update_stream(config)

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        if self.nc:
            # Flush what is buffered, then close; no drain: nats-py's drain can outlive the
            # timeout around it, and nothing here needs its subscriptions drained.
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2):
                    await self.nc.flush()
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2):
                    await self.nc.close()

    async def _outbox(self) -> None:
        backoff = 0.1
        rows: list[tuple[int, str, str, bytes]] | None = None  # read while marking the last
        while True:
            try:
                # While a large backlog is stored and its text indexed, relaying waits (own
                # events still go out as they are published, through `flush_own`): the cores
                # have no time to spare, and the backlog's events are in their peer's stream
                # already.
                await self.store.backlog_indexed()
                await asyncio.sleep(RELAY_PAUSE)
                if self.erasures_pending:
                    await self.erase_in_stream()
                    rows = None  # read again: an event erased meanwhile goes as its skeleton
                exclude = self.own if self.conflict else None
                # The wake is cleared before each read: an event accepted after it wakes the
                # outbox again, one accepted before it is in what it reads.
                if rows is None:
                    self.wake.clear()
                    # Woken for a few events as a rule: a backlog's rows follow with the marks.
                    rows = await self.store.unpublished(TRICKLE, exclude=exclude)
                if not rows:
                    rows = None
                    # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow the
                    # cancellation that stops this loop.
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(OUTBOX_IDLE_SECONDS):
                            await self.wake.wait()
                    continue
                self.wake.clear()
                rows = await self._publish(rows, then=OUTBOX_BATCH, exclude=exclude)
                backoff, self._stalled_since = 0.1, None
            except WriterConflict as exc:
                rows = None
                log.error("outbox: %s; this process stops publishing its own events", exc)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # disconnected, timeout, stream missing: retry
                rows = None
                log.info("outbox: %s; retrying in %.1fs", exc or type(exc).__name__, backoff)
                await self._stalled(exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                with contextlib.suppress(Exception):
                    if self.connected:
                        await self.ensure_stream()

    async def _stalled(self, exc: Exception) -> None:
        """Note a publish that timed out while connected; past `stall_seconds` of them, call
        `on_stalled` (once per stall)."""
        if not (isinstance(exc, TimeoutError) and self.connected and self.on_stalled):
            self._stalled_since = None
            return
        now = asyncio.get_running_loop().time()
        if self._stalled_since is None:
            self._stalled_since = now
        elif now - self._stalled_since > self.stall_seconds:
            self._stalled_since = None
            await self.on_stalled()

    async def flush_own(self, latest: tuple[int, str, str, bytes] | None = None) -> None:
        """Publish this node's unpublished own events, in order, each checked against the
        stream's last sequence for the node's subject. `latest` (n, id, author, raw), the
        event just stored, goes out alone if it directly follows our newest event in the
        stream (nothing before it is unpublished): no read of the store on the way.

        Raises:
            WriterConflict: another process extended this node's chain in the stream.
        """
        if latest is not None and await self._publish_own([latest], only_next=True):
            return
        rows = await self.store.unpublished(500, author=self.own)
        if rows:
            await self._publish_own(rows)

    async def _publish_own(
        self, rows: list[tuple[int, str, str, bytes]], only_next: bool = False
    ) -> bool:
        """Publish `rows` in order; with `only_next`, only if the first follows our head in
        the stream (False, and nothing published, if it does not)."""
        assert self.nc is not None and self.own is not None
        if self.conflict:
            raise WriterConflict([r[0] for r in rows])
        js = self.nc.jetstream()
        subject = subjects.event_subject(self.own)
        async with self._own_lock:
            if self._head is None:
                self._head = await self._stream_head(subject)
            if only_next:
                link = msgspec.json.decode(rows[0][3], type=_Link)
                _, chain_seq, head_id = self._head
                if (link.seq, link.prev) != (chain_seq + 1, head_id):
                    return False
            else:
                rows = await self._lost(rows)
            for i, (n, event_id, _, raw) in enumerate(rows):
                if not await self._publish_one(js, subject, n, event_id, raw):
                    if only_next:
                        # Our head was stale (read before a reconnect, or the stream lost
                        # what it acknowledged): nothing went out; the full path reads the
                        # head again and tells a lost event from another writer's.
                        self._head = None
                        return False
                    self.conflict = True
                    raise WriterConflict([r[0] for r in rows[i:]])
        return True

    async def _lost(
        self, rows: list[tuple[int, str, str, bytes]]
    ) -> list[tuple[int, str, str, bytes]]:
        """`rows`, after the events of ours the stream no longer holds though it acknowledged
        them (a nats-server whose store met a full disk loses what it had not yet written):
        published again from the store, so the stream's chain has no gap. Only if the
        stream's head is our own event: any other head is another writer's."""
        assert self._head is not None and self.own is not None
        _, chain_seq, head_id = self._head
        first = msgspec.json.decode(rows[0][3], type=_Link).seq
        if first <= chain_seq + 1:
            return rows
        if head_id is not None and await self.store.own_event_at(self.own, chain_seq) != head_id:
            return rows
        lost = await self.store.own_events(self.own, chain_seq, first)
        log.warning("the stream lacks %d of this node's events; publishing them again", len(lost))
        # More than one batch lost: these first, the rows on a later round.
        return lost + rows if len(lost) == first - chain_seq - 1 else lost

    async def _publish_one(self, js: Any, subject: str, n: int, event_id: str, raw: bytes) -> bool:
        """Publish one own event so that it extends our chain in the stream; False if the
        stream's chain is not ours to extend (another writer)."""
        link = msgspec.json.decode(raw, type=_Link)
        for attempt in range(2):
            assert self._head is not None
            stream_seq, chain_seq, head_id = self._head
            if chain_seq >= link.seq:
                # Already in the stream (published just before a crash), or a chain we never
                # wrote: only our own store can tell which.
                if await self.store.own_event_at(self.own or "", chain_seq) != head_id:
                    return False
                await self.store.mark_published([n])
                return True
            if head_id is not None and link.prev != head_id:
                return False
            headers = {
                "Nats-Msg-Id": event_id,
                "Nats-Expected-Last-Subject-Sequence": str(stream_seq),
                WRITER_HEADER: self.writer,
            }
            try:
                faults.hit("stream.publish_own")
                ack = await js.publish(subject, raw, timeout=5, headers=headers)
            except APIError as exc:
                if exc.err_code != WRONG_LAST_SEQUENCE or attempt:
                    raise
                self._head = await self._stream_head(subject)  # someone wrote: look again
                continue
            self._head = (ack.seq, link.seq, event_id)
            await self.store.mark_published([n])
            self.published += 1
            return True
        return False

    async def erase_in_stream(self) -> None:
        """Remove erased events' full copies from the node's stream (SPEC.md §T.5): each is
        deleted with JetStream's erasing delete (its bytes overwritten in the store's files)
        and its skeleton published in its place, after the events that follow it."""
        assert self.nc is not None
        seen = self.store.stream_erasures
        rows = await self.store.read(
            lambda c: c.execute("SELECT id, author FROM stream_erasures LIMIT 64").fetchall()
        )
        by_author: dict[str, set[str]] = {}
        for event_id, author in rows:
            by_author.setdefault(author, set()).add(event_id)
        for author, ids in by_author.items():
            if author == self.own:
                async with self._own_lock:  # our subject's head moves: read it again after
                    await self._erase_author(author, ids)
                    self._head = None
            else:
                await self._erase_author(author, ids)
            marks = ",".join("?" * len(ids))
            await self.store.execute(
                f"DELETE FROM stream_erasures WHERE id IN ({marks})", tuple(ids)
            )
        if len(rows) < 64:
            self._erasures_seen = seen  # all there was when it was read is done

    async def _erase_author(self, author: str, ids: set[str]) -> None:
        from .directget import DirectGet  # it builds on this module

        assert self.nc is not None
        subject = subjects.event_subject(author)
        found: list[tuple[int, str]] = []
        skeletons: set[str] = set()
        async with DirectGet(self.nc, subjects.STREAM) as get:
            start = 1
            while True:
                batch = await get.fetch(start, subject, 2000)
                for seq, raw in batch.items:
                    try:
                        head = msgspec.json.decode(raw, type=_Head)
                    except msgspec.DecodeError:
                        continue  # not an event: nothing of ours to erase
                    if head.id not in ids:
                        continue
                    if head.body_digest is None:
                        found.append((seq, head.id))
                    else:
                        skeletons.add(head.id)
                if not batch.items or not batch.pending:
                    break
                start = batch.items[-1][0] + 1
        for seq, _ in found:
            await erase_message(self.nc, subjects.STREAM, seq)
        faults.hit("stream.erase")
        # Every erased event that was in the stream gets its skeleton there, once: also one
        # whose full copy an earlier try deleted just before a crash. One still in the
        # outbox goes out as its skeleton from there.
        for event_id in sorted(ids - skeletons):
            stored = await self.store.read(partial(_published_raw, event_id=event_id))
            if stored is not None:
                await self.js.publish(
                    subject, stored, timeout=10, headers={"Nats-Msg-Id": f"{event_id}.skeleton"}
                )
        if found:
            log.info("erased %d events of %s in the stream", len(found), author)

    async def notice(self, events: list[tuple[str, bytes]]) -> None:
        """Announce checked events, (author, bytes), on their live subjects now, ahead of the
        stream (SPEC.md §T.1): JetStream stores each first, syncing it to disk, and a
        follower that relays an event would wait for that twice. Best effort: what the
        store accepts, the stream delivers all the same."""
        if not self.connected:
            return
        assert self.nc is not None
        with contextlib.suppress(Exception):  # disconnected meanwhile: the stream has them
            for author, raw in events:
                if self.nc.pending_data_size + len(raw) > NOTICE_PENDING_BYTES:
                    return  # never a wait: the stream delivers what was not announced
                await self.nc.publish(subjects.live_subject(author), raw)

    async def _stream_head(self, subject: str) -> tuple[int, int, str | None]:
        """(stream sequence, chain seq, id) of the newest message on our subject. Junk that
        someone injected there is no chain evidence: our own published head stands in."""
        assert self.nc is not None and self.own is not None
        try:
            last = await self.nc.jetstream().get_msg(subjects.STREAM, subject=subject, direct=True)
        except NotFoundError:
            return 0, 0, None
        try:
            env = decode_event(last.data or b"").envelope
        except ProtocolError:
            env = None
        if env is None or env.author != self.own or env.erased:
            # A skeleton is an erased event published again, after later ones: not the head.
            seq, event_id = await self.store.own_published_head(self.own)
            return last.seq or 0, seq, event_id
        return last.seq or 0, env.seq, env.id

    async def _publish(
        self, rows: list[tuple[int, str, str, bytes]], then: int, exclude: str | None
    ) -> list[tuple[int, str, str, bytes]] | None:
        """Publish `rows` in order and take them out of the outbox; the rows that follow, read
        in the same trip to the store (`then` of them), or None if they are to be read."""
        own = [r for r in rows if r[2] == self.own]
        rows = [r for r in rows if r[2] != self.own]
        if own:
            await self._publish_own(own)
        if not rows:
            return None
        assert self.nc is not None and self.js is not None
        # Relayed events go out as plain publishes and only the last one asks for an ack: the
        # server stores one connection's messages in order, so that ack vouches for the batch
        # (a batch that is not acknowledged is sent again; the duplicate window absorbs it).
        for _, event_id, author, raw in rows[:-1]:
            await self.nc.publish(
                subjects.event_subject(author), raw, headers={"Nats-Msg-Id": event_id}
            )
        _, event_id, author, raw = rows[-1]
        faults.hit("stream.publish")
        await self.js.publish(
            subjects.event_subject(author), raw, timeout=10, headers={"Nats-Msg-Id": event_id}
        )
        rest = await self.store.mark_published([row[0] for row in rows], then, exclude)
        self.published += len(rows)
        return rest
