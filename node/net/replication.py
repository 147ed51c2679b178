"""Replication: follow peers' streams, live and from a persisted cursor, through one gate.

For each peer there is one NATS connection with the read-only credentials from its node card.
For each (peer, filter) pair, where a filter is one author or `*` for everything the peer
carries, a task keeps a cursor (the peer's stream sequence) that only moves past messages
that were handled, in the same transaction as the events they carried (the stream's copy of
an event already stored from its notice carries nothing new: that move is saved a little
later). Live messages arrive through the stream's republish subjects; a message that does
not continue the cursor (a missed message, a reconnect, a gap in an author's chain) triggers
a catch-up that reads the stream with batched direct gets from the cursor on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import msgspec
from nats.aio.client import Client

from protocol import Event
from protocol.card import Card
from protocol.errors import ProtocolError

from ..ingest.gate import Ingest, oversize
from ..store.accept import RATE_LIMITED, holds_cursor
from ..store.store import CursorMove
from ..tasks import cancel_and_wait
from . import subjects
from .directget import Batch, DirectGet, header
from .natsfence import subscribe_plain
from .transport import connect

__all__ = ["Replicator", "ALL"]

log = logging.getLogger("citymesh.replication")
ALL = "*"
#: Events per direct get and per store transaction when catching up: smaller batches pay
#: more round trips and transactions, larger ones only raise the peak memory.
BATCH = 2000
POLL_SECONDS = 5.0
#: The longest wait between catch-ups held at a gap (see `_catch_up`).
STUCK_SECONDS = 60.0
#: Batches being checked while an older one is stored, during a catch-up.
CHECKS_AHEAD = 1
#: How long a subscription waits after an author went over its rate before reading again.
RATE_PAUSE = 0.5
#: A catch-up's fetch joins direct gets up to this many bytes (or `BATCH` events).
FETCH_BYTES = 4 * 1024 * 1024
#: Live messages waiting to be checked, per subscription: beyond this many bytes they are
#: dropped and read from the stream later (a flood costs a catch-up, not memory).
QUEUE_BYTES = 4 * 1024 * 1024
#: The stream's copy of an event already accepted from its notice moves the cursor in memory
#: at once, and in the database at most this often (a crash re-reads what it did not save).
CURSOR_SAVE_SECONDS = 0.5
#: Seconds a follower gives each of a card's NATS URLs to answer, in the card's order.
PROBE_SECONDS = 5.0
#: A peer's connection is pinged this often, and given up for a new one once this many pings
#: went unanswered: a peer whose packets vanish (no reset) is otherwise waited for until
#: TCP's retransmissions, minutes apart, happen to reach it again.
PING_SECONDS, PINGS_OUTSTANDING = 5, 2


@dataclass
class Subscription:
    peer: str
    filter: str
    cursor: int
    #: Live messages (raw headers or None, bytes), as the connection's reader hands them over.
    queue: asyncio.Queue[tuple[bytes | None, bytes]] = field(
        default_factory=lambda: asyncio.Queue(10_000)
    )
    #: Bytes of the messages in `queue`.
    queued: int = 0
    need_catchup: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None
    nats_sub: Any = None
    #: The peer's last stream sequence seen for this filter (for lag).
    peer_last: int = 0
    #: No catch-up before this time (monotonic): an author is over its rate, or the
    #: cursor is held at a gap that reading the whole stream did not fill.
    hold_until: float = 0.0
    #: Catch-ups in a row that ended held at the same gap.
    stuck: int = 0
    #: The cursor as last saved with the events it passed (None: `cursor` itself), and when.
    saved: int | None = None
    saved_at: float = 0.0

    @property
    def live_subject(self) -> str:
        return (
            subjects.live_wildcard() if self.filter == ALL else subjects.live_subject(self.filter)
        )

    @property
    def event_subject(self) -> str:
        return (
            subjects.event_wildcard() if self.filter == ALL else subjects.event_subject(self.filter)
        )

    @property
    def fetch_subject(self) -> str:
        """What a catch-up's direct gets ask for: for everything, every message of the peer's
        stream (it holds events only; a message that is not one is rejected like any junk),
        as matching each message against a wildcard doubles the peer server's work."""
        return ">" if self.filter == ALL else self.event_subject


def _websocket(url: str) -> bool:
    return url.startswith(("ws://", "wss://"))


async def _answers(url: str) -> None:
    """Raise unless a NATS server greets us (INFO) at `url` within `PROBE_SECONDS`."""
    async with asyncio.timeout(PROBE_SECONDS):
        if _websocket(url):
            async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
                greeting = (await ws.receive()).data
        else:
            parts = urlsplit(url)
            reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 4222)
            try:
                greeting = await reader.readline()
            finally:
                writer.close()
    if not isinstance(greeting, bytes) or not greeting.startswith(b"INFO"):
        raise ConnectionError("not a NATS server")


async def reachable(urls: list[str]) -> list[str]:
    """The card's URLs a connection should use, the preferred first.

    A card lists the NATS port and NATS over WebSocket on the HTTP port; one connection takes
    URLs of one kind only. Of a mixed list, the first URL (in the card's order) whose server
    greets within `PROBE_SECONDS` is taken, with the others of its kind after it.

    Raises:
        ConnectionError: none of a mixed list answered (each URL's reason).
    """
    if len({_websocket(url) for url in urls}) < 2:
        return urls
    reasons = []
    for i, url in enumerate(urls):
        try:
            await _answers(url)
        except (OSError, TimeoutError, aiohttp.ClientError) as exc:
            reasons.append(f"{url}: {exc or type(exc).__name__}")
            continue
        kind = _websocket(url)
        return [url] + [u for u in urls[i + 1 :] + urls[:i] if _websocket(u) == kind]
    raise ConnectionError("; ".join(reasons))


class PeerLink:
    """One peer: its connection (retried forever) and its subscriptions."""

    def __init__(self, url: str, card: Card, ingest: Ingest) -> None:
        self.url, self.card, self.ingest = url, card, ingest
        self.nc: Client | None = None
        self.subs: dict[str, Subscription] = {}
        self._task: asyncio.Task[None] | None = None
        self._inbox_counter = 0
        self.connected = asyncio.Event()
        #: The catch-ups' direct gets in progress, failed at once if the connection drops.
        self._gets: set[DirectGet] = set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._connect_loop(), name=f"peer {self.url}")

    async def _connect_loop(self) -> None:
        delay = 0.2
        auth = {"user": self.card.nats.user, "password": self.card.nats.password}
        while self.nc is None:
            try:
                urls = await reachable(self.card.nats.urls)
                self.nc = await connect(
                    urls,
                    dont_randomize=True,
                    name="citymesh-follower",
                    on_reconnect=self._on_reconnect,
                    on_disconnect=self._on_disconnect,
                    **auth,
                    inbox_prefix=self.card.nats.inbox_prefix,
                    ping_interval=PING_SECONDS,
                    max_outstanding_pings=PINGS_OUTSTANDING,
                )
            except Exception as exc:
                log.info("peer %s unreachable (%s); retrying in %.1fs", self.url, exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)
        self.connected.set()
        for sub in self.subs.values():
            await self._start_sub(sub)

    def _on_disconnect(self) -> None:
        for get in self._gets:
            get.abort(ConnectionError("the connection to the peer dropped"))

    async def _on_reconnect(self) -> None:
        for sub in self.subs.values():
            sub.need_catchup.set()

    async def add(self, sub: Subscription) -> None:
        self.subs[sub.filter] = sub
        if self.nc is not None:
            await self._start_sub(sub)

    async def _start_sub(self, sub: Subscription) -> None:
        assert self.nc is not None

        def on_live(headers: bytes | None, data: bytes) -> None:
            # Called by the connection's reader for each message (no task or message object
            # per message): it must not block or raise.
            if oversize(data):
                # Dropped before any decode; a stream message leaves a gap that a catch-up
                # reads (and rejects) in its turn.
                self.ingest.rejected["too_large"] += 1
                return
            if sub.queued + len(data) > QUEUE_BYTES:
                sub.need_catchup.set()  # a flood: drop and read from the stream later
                return
            try:
                sub.queue.put_nowait((headers, data))
            except asyncio.QueueFull:
                sub.need_catchup.set()
                return
            sub.queued += len(data)

        sub.nats_sub = await subscribe_plain(self.nc, sub.live_subject, on_live)
        sub.need_catchup.set()
        sub.task = asyncio.create_task(self._run(sub), name=f"follow {self.url} {sub.filter}")

    async def remove(self, filt: str) -> None:
        sub = self.subs.pop(filt, None)
        if sub is None:
            return
        await cancel_and_wait(sub.task)
        if sub.saved is not None:
            with contextlib.suppress(Exception):  # best effort: re-read after a restart
                await self._save_cursor(sub)
        if sub.nats_sub is not None:
            with contextlib.suppress(Exception):
                await sub.nats_sub.unsubscribe()

    async def stop(self) -> None:
        for filt in list(self.subs):
            await self.remove(filt)
        await cancel_and_wait(self._task)
        if self.nc is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(3):
                    await self.nc.close()

    async def _run(self, sub: Subscription) -> None:
        while True:
            try:
                if sub.need_catchup.is_set():
                    wait = sub.hold_until - time.monotonic()
                    if wait > 0:
                        await asyncio.sleep(wait)
                    sub.need_catchup.clear()
                    await self._catch_up(sub)
                wait = POLL_SECONDS if sub.saved is None else CURSOR_SAVE_SECONDS
                try:
                    async with asyncio.timeout(wait):  # not wait_for: see transport
                        first = await sub.queue.get()
                except TimeoutError:
                    if sub.saved is not None:
                        await self._save_cursor(sub)
                        continue
                    sub.need_catchup.set()  # poll: the peer may hold more than we heard
                    continue
                batch = [first]
                while not sub.queue.empty() and len(batch) < BATCH:
                    batch.append(sub.queue.get_nowait())
                sub.queued -= sum(len(data) for _, data in batch)
                await self._live(sub, batch)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.info("follow %s %s: %s", self.url, sub.filter, exc)
                await asyncio.sleep(0.5)
                sub.need_catchup.set()

    async def _live(self, sub: Subscription, msgs: list[tuple[bytes | None, bytes]]) -> None:
        take: list[tuple[int, bytes]] = []
        notices: list[bytes] = []
        cursor = sub.cursor
        for headers, data in msgs:
            seq_value = header(headers, b"Nats-Sequence") if headers else None
            if headers is None or seq_value is None:
                notices.append(data)
                continue
            try:
                seq = int(seq_value)
                last = int(header(headers, b"Nats-Last-Sequence") or b"")
            except ValueError:
                continue
            sub.peer_last = max(sub.peer_last, seq)
            if seq <= cursor:
                continue
            # For one author the header names that subject's previous message; for `*` the
            # stream's sequence itself must be contiguous.
            previous = seq - 1 if sub.filter == ALL else last
            if previous != cursor:
                sub.need_catchup.set()
                break
            take.append((seq, data))
            cursor = seq
        if notices:
            # Events the peer announced before its stream had them (SPEC.md §T.4): with no
            # stream sequence, they never move a cursor.
            await self.ingest.receive(notices, source=self.url)
        if take:
            await self._hand_over(sub, take, live=True)

    async def _hand_over(
        self,
        sub: Subscription,
        items: list[tuple[int, bytes]],
        live: bool,
        held: bool = False,
        checked: list[Event | ProtocolError] | None = None,
        hold: bool = False,
    ) -> bool:
        """Hand (stream seq, bytes) pairs to the gate, moving the cursor with them unless it
        is `held` (at a gap before); True if the cursor passed them all (or will, once a
        large catch-up's transaction they joined, `hold`, commits)."""
        if live and not held and self.ingest.copies_of_noticed([raw for _, raw in items]):
            # Nothing to store: the cursor moves, and is saved a little later, in one write
            # for the copies of a whole trickle of events.
            if sub.saved is None:
                sub.saved, sub.saved_at = sub.cursor, time.monotonic()
            sub.cursor = items[-1][0]
            if time.monotonic() - sub.saved_at >= CURSOR_SAVE_SECONDS:
                await self._save_cursor(sub)
            return True
        move = None if held else CursorMove(self.url, sub.filter, [seq for seq, _ in items], live)
        results, moved = await self.ingest.receive(
            [raw for _, raw in items],
            source=self.url,
            cursor=move,
            live=live,
            checked=checked,
            hold=hold,
        )
        self._moved(sub, moved)
        if RATE_LIMITED in results:
            sub.hold_until = time.monotonic() + RATE_PAUSE
        complete = move is not None and not any(holds_cursor(r, live) for r in results)
        if not complete:
            sub.need_catchup.set()
        return complete

    @staticmethod
    def _moved(sub: Subscription, moved: int | None) -> None:
        """The cursor committed: the next catch-up starts after it."""
        if moved is not None and moved >= sub.cursor:
            sub.cursor, sub.saved = moved, None

    async def _save_cursor(self, sub: Subscription) -> None:
        """Save a cursor that moved past copies of noticed events only."""
        cursor = sub.cursor
        await self.ingest.store.save_cursor(self.url, sub.filter, cursor)
        if sub.cursor == cursor:
            sub.saved = None
        else:
            sub.saved, sub.saved_at = cursor, time.monotonic()

    async def _fetch(self, sub: Subscription, get: DirectGet, start: int) -> Batch:
        """Up to `BATCH` messages from stream sequence `start` on, noting the peer's last.

        Each direct get asks for at most `directget.MAX_BATCH_BYTES` (what a node's server
        queues for one follower is bounded); a few are joined, up to `FETCH_BYTES`, so that
        checks and transactions stay large.
        """
        items: list[tuple[int, bytes]] = []
        size = 0
        while True:
            batch = await get.fetch(start, sub.fetch_subject, BATCH - len(items))
            for last in (batch.last, batch.items[-1][0] if batch.items else None):
                if last is not None:
                    sub.peer_last = max(sub.peer_last, last)
            items += batch.items
            size += sum(len(raw) for _, raw in batch.items)
            if not (batch.items and batch.pending) or len(items) >= BATCH or size >= FETCH_BYTES:
                return Batch(items, batch.pending, batch.last)
            start = batch.items[-1][0] + 1

    async def _catch_up(self, sub: Subscription) -> None:
        """Read the peer's stream from the cursor with batched direct gets until caught up;
        a large backlog is stored without the query indexes (see `Store.bulk_load`)."""
        assert self.nc is not None
        before = sub.cursor
        async with DirectGet(self.nc, self.card.nats.stream) as get:
            self._gets.add(get)
            try:
                first = await self._fetch(sub, get, sub.cursor + 1)
                async with self.ingest.store.bulk_load(len(first.items) + first.pending) as large:
                    await self._pipeline(sub, get, first, hold=large)
            finally:
                self._gets.discard(get)
                if not self._gets:
                    # No catch-up left: the workers' memory goes back now, not once idle.
                    self.ingest.verifier.release()
        if sub.need_catchup.is_set() and sub.cursor == before:
            # Held at a gap that the whole stream did not fill: look again later, not at
            # once, and less often while it stays so.
            sub.stuck += 1
            wait = min(POLL_SECONDS * 2 ** min(sub.stuck - 1, 4), STUCK_SECONDS)
            sub.hold_until = max(sub.hold_until, time.monotonic() + wait)
        else:
            sub.stuck = 0

    async def _pipeline(
        self,
        sub: Subscription,
        get: DirectGet,
        first: Batch,
        hold: bool = False,
    ) -> None:
        """Check and store the first batch and every one after it, in stream order.

        While one batch is stored, the next ones are checked (in the worker processes, which
        get the following batch before they have finished the current one) and the one after
        is fetched. `hold`: a large backlog, whose batches share transactions (see
        `Store.ingest`); the last one commits at the end, whatever ends it.
        """
        fetching: asyncio.Task[Batch] | None = None
        checking: deque[tuple[list[tuple[int, bytes]], asyncio.Task[list[Any]]]] = deque()
        storing: asyncio.Task[bool] | None = None
        # Set once a batch stops at a gap: the cursor stays before it, and the rest of the
        # stream is still read and stored, as the event that fills the gap may come later
        # in the stream (an erased event's skeleton follows its successors, SPEC.md §T.5).
        # The events after the gap wait in the acceptor's bounded buffer meanwhile.
        held = False
        try:
            fetched: Batch | None = first
            while fetched is not None:
                items, pending = fetched.items, fetched.pending
                fetched = None
                if items and pending:  # one fetch at a time: they share the inbox
                    start = items[-1][0] + 1
                    fetching = asyncio.create_task(self._fetch(sub, get, start))
                if items:
                    check = self.ingest.check([raw for _, raw in items])
                    checking.append((items, asyncio.create_task(check)))
                while checking and (len(checking) > CHECKS_AHEAD or fetching is None):
                    items, check_task = checking.popleft()
                    checked = await check_task
                    if storing is not None:
                        done, storing = storing, None
                        if not await done and not held:
                            if sub.hold_until > time.monotonic():
                                return  # an author over its rate: resume from the cursor
                            held = True
                    storing = asyncio.create_task(
                        self._hand_over(
                            sub, items, live=False, held=held, checked=checked, hold=hold
                        )
                    )
                if fetching is not None:
                    fetched = await fetching
                    fetching = None
        finally:
            await cancel_and_wait(fetching)
            for _, check_task in checking:
                await cancel_and_wait(check_task)
            try:
                if storing is not None:
                    await storing
            finally:
                if hold:
                    self._moved(sub, await self.ingest.settle(self.url, sub.filter))


class Replicator:
    """All peer links of a node, created from the database and from `follow` requests."""

    def __init__(self, ingest: Ingest) -> None:
        self.ingest = ingest
        self.links: dict[str, PeerLink] = {}
        self._rotations: set[asyncio.Task[None]] = set()
        ingest.listeners.append(self._follow_rotations)

    def _follow_rotations(self, accepted: list[tuple[int, Event]]) -> None:
        # A followed author that hands its identity to a new key goes on as that key: follow
        # the new chain wherever the old one was followed.
        for _, event in accepted:
            if event.head.kind == "key.rotation":
                env = event.envelope
                task = asyncio.create_task(self._rotate(env.author, env.content["new_key"]))
                self._rotations.add(task)
                task.add_done_callback(self._rotations.discard)

    async def _rotate(self, old: str, new: str) -> None:
        for url, link in list(self.links.items()):
            if old in link.subs and new not in link.subs:
                log.info("following %s via %s: it is %s's new key", new, url, old)
                await self.follow(url, link.card, new)

    async def start(self) -> None:
        peers, subs = await self.ingest.store.read(
            lambda c: (
                c.execute("SELECT url, card FROM peers").fetchall(),
                c.execute("SELECT peer, filter, cursor FROM subscriptions").fetchall(),
            )
        )
        for url, card in peers:
            try:
                self._link(url, msgspec.json.decode(card, type=Card))
            except msgspec.ValidationError as exc:
                # Stored before cards were bounded: not followed until followed again.
                log.warning(
                    "not following %s: its stored card is invalid (%s); follow it again",
                    url[:200],
                    exc,
                )
        for peer, filt, cursor in subs:
            if peer in self.links:
                await self.links[peer].add(Subscription(peer, filt, cursor))

    def _link(self, url: str, card: Card) -> PeerLink:
        link = self.links.get(url)
        if link is None:
            link = self.links[url] = PeerLink(url, card, self.ingest)
            link.start()
        return link

    async def follow(self, url: str, card: Card, filt: str) -> bool:
        """Start replicating `filt` from the peer at `url` now; False if already followed."""
        await self.ingest.store.execute(
            "INSERT OR REPLACE INTO peers (url, node, card) VALUES (?, ?, ?)",
            (url, card.id, msgspec.json.encode(card).decode()),
        )
        link = self._link(url, card)
        if filt in link.subs:
            return False
        await self.ingest.store.execute(
            "INSERT OR IGNORE INTO subscriptions (peer, filter, cursor) VALUES (?, ?, 0)",
            (url, filt),
        )
        await link.add(Subscription(url, filt, 0))
        return True

    async def unfollow(self, filt: str) -> int:
        """Stop replicating an author (or `*`) from every peer; returns how many stopped."""
        stopped = 0
        for link in self.links.values():
            if filt in link.subs:
                await link.remove(filt)
                stopped += 1
        await self.ingest.store.execute("DELETE FROM subscriptions WHERE filter = ?", (filt,))
        return stopped

    async def stop(self) -> None:
        for task in list(self._rotations):
            await cancel_and_wait(task)
        for link in self.links.values():
            await link.stop()

    def status(self) -> list[dict[str, Any]]:
        out = []
        for url, link in self.links.items():
            out.append(
                {
                    "url": url,
                    "node": link.card.id,
                    "name": link.card.name,
                    "connected": bool(link.nc and link.nc.is_connected),
                    "follows": [
                        {
                            "filter": s.filter,
                            "cursor": s.cursor,
                            "peer_last": s.peer_last,
                            "lag": max(0, s.peer_last - s.cursor),
                        }
                        for s in link.subs.values()
                    ],
                }
            )
        return out
