"""The gate every event from outside passes, between the network and the store.

`Ingest.receive` is the one entry: the network layer reads bytes from peers and hands them
over; everything that decides what enters the store happens here, in these stages:

1. Notices: the stream's copy of an event already accepted from its live notice (SPEC.md
   §T.4) is that event, byte for byte: a duplicate, not checked again.
2. Size: anything over the event size limit is rejected before it is decoded.
3. Check (`Ingest.check`): bytes, id, signature, schema, limits and clock
   (`protocol.decode_event`). A single live event on the event loop, small batches on two
   threads (PyNaCl releases the GIL), large ones (a catch-up) in the worker processes
   (`verifier`). A catch-up may run this stage ahead, while the batch before is stored.
4. Rate: the events of an author over its rate wait (they are read again later, never
   dropped), and so do its later events in the batch, to keep their order.
5. Announce: in a live trickle, the events that continue their author's chain as stored go
   to the node's followers as notices (SPEC.md §T.1) now, so that they check it while this
   node stores it; the trickle's other accepted events follow once stored (stage 7).
6. Store (`Store.ingest`): acceptance in one writer transaction, which also moves the
   replication cursor up to the first event that has to wait. A large catch-up's batches
   share one transaction, committed every few seconds and at its end (`settle`).
7. Count and notify: rejections are counted by their protocol code, events accepted with no
   cursor (from a notice) are remembered for stage 1, and the listeners hear of every
   accepted event once it is committed.

SQLite writes run on the store's writer thread, so checking and storing overlap.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor

from protocol import Event, limits
from protocol.errors import LimitError, ProtocolError

from ..store.accept import ACCEPTED, DUPLICATE, PENDING, RATE_LIMITED, Result
from ..store.store import CursorMove, Store
from .verifier import Verifier, check_all

__all__ = ["Ingest", "AuthorRate", "NOTICES_UP_TO", "RATE_LIMITED", "OVERSIZE", "oversize"]

log = logging.getLogger("citymesh.ingest")
Listener = Callable[[list[tuple[int, Event]]], None]
#: Sends events to the node's followers as notices (best effort).
Announcer = Callable[[list[Event]], Awaitable[None]]

#: Accepted events are announced in batches up to this size: a live trickle. A backlog
#: reaches followers through the stream, and its notices would only cost time.
NOTICES_UP_TO = 16

#: Events accepted from a live notice, remembered so the stream's copy is not checked again.
NOTICED = 1000

#: Stands in for a received message over the event size limit: its bytes are dropped as soon
#: as its size is known (it still has a stream sequence to pass), and it is rejected as too
#: large without being decoded.
OVERSIZE = b"\x00oversize"


def oversize(raw: bytes) -> bool:
    """Too large to be an event: never decoded, never sent to the worker."""
    return len(raw) > limits.MAX_EVENT_BYTES or raw == OVERSIZE


def _too_large() -> LimitError:
    return LimitError("too_large", f"larger than the limit of {limits.MAX_EVENT_BYTES} bytes")


class AuthorRate:
    """A token bucket per author: `rate` events a second on average, bursts up to `burst`."""

    def __init__(self, rate: float = 500.0, burst: float = 5000.0) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}

    def _tokens(self, author: str, now: float) -> float:
        tokens, then = self._buckets.get(author, (self.burst, now))
        return min(self.burst, tokens + (now - then) * self.rate)

    def allows(self, author: str, now: float) -> bool:
        return self._tokens(author, now) >= 1

    def spend(self, author: str, now: float, n: int = 1) -> None:
        # May go below zero within one batch: the author then waits until it is repaid.
        self._buckets[author] = (self._tokens(author, now) - n, now)
        if len(self._buckets) > 50_000:  # a full bucket is the same as none: forget those
            self._buckets = {
                a: b for a, b in self._buckets.items() if self._tokens(a, now) < self.burst
            }


class Ingest:
    """Checks batches of raw events, stores what passes, tells listeners what was accepted."""

    #: From this many events on, a batch goes to the worker processes.
    PROCESS_BATCH = 200

    def __init__(self, store: Store, verifier: Verifier | None = None) -> None:
        self.store = store
        self.verifier = verifier or Verifier()
        self._pool = ThreadPoolExecutor(2, thread_name_prefix="citymesh-verify")
        self.listeners: list[Listener] = []
        store.on_told = self.notify
        self.accepted = 0
        self.duplicates = 0
        self.rejected: Counter[str] = Counter()
        self.rate = AuthorRate()
        #: Bytes of recent events accepted from a live notice, oldest first (stage 1).
        self.noticed: dict[bytes, None] = {}
        #: Stage 5's and 7's notices; None: this node announces nothing.
        self.announce: Announcer | None = None

    async def check(self, raws: list[bytes]) -> list[Event | ProtocolError]:
        """Stages 2 and 3 alone: a large batch in the worker processes, others on the verify
        threads, a single live event on the loop itself. Stores nothing: `receive` does."""
        if any(oversize(raw) for raw in raws):
            small = iter(await self._check([raw for raw in raws if not oversize(raw)]))
            return [_too_large() if oversize(raw) else next(small) for raw in raws]
        return await self._check(raws)

    async def _check(self, raws: list[bytes]) -> list[Event | ProtocolError]:
        if not raws:
            return []
        loop = asyncio.get_running_loop()
        if len(raws) >= self.PROCESS_BATCH:
            checked = await self.verifier.check(raws)
            if checked is not None:
                return checked
        if len(raws) == 1:
            # Less work than the hop to a thread and back, which sits on the relay path of
            # every live event.
            return check_all(raws)
        if len(raws) < 64:
            return await loop.run_in_executor(self._pool, check_all, raws)
        half = len(raws) // 2
        a, b = await asyncio.gather(
            loop.run_in_executor(self._pool, check_all, raws[:half]),
            loop.run_in_executor(self._pool, check_all, raws[half:]),
        )
        return a + b

    def copies_of_noticed(self, raws: list[bytes]) -> bool:
        """Stage 1 for a whole batch of live stream messages: True, and counted as duplicates,
        if each is the stream's copy of an event accepted from its notice (nothing to store)."""
        noticed = self.noticed
        if not all(raw in noticed for raw in raws):
            return False
        self.duplicates += len(raws)
        return True

    async def receive(
        self,
        raws: list[bytes],
        *,
        source: str = "",
        cursor: CursorMove | None = None,
        live: bool = False,
        checked: list[Event | ProtocolError] | None = None,
        hold: bool = False,
    ) -> tuple[list[Result], int | None]:
        """Take a batch of received events through every stage, in order.

        `source` names the peer (it bounds what one peer may leave waiting); `cursor` moves
        in the same transaction as the batch, up to the first event that has to wait; `live`
        marks messages from a live subscription (a notice has neither cursor nor `live`).
        `checked` is stage 3's answer for these bytes, when a catch-up ran it ahead. `hold`:
        a large catch-up's batch (see `Store.ingest`), whose accepted events are told and
        cursor returned once committed, by this call or a later one, or by `settle`.
        Returns one result per input and the cursor value committed (None if it did not
        move)."""
        uncursored = cursor is None and not live  # a notice, or events handed in directly
        if checked is None:
            # Stage 1: only a live stream message can be a notice's copy.
            known = [live and raw in self.noticed for raw in raws]
            fresh = iter(await self.check([r for r, k in zip(raws, known, strict=True) if not k]))
            items: list[Event | Result] = [DUPLICATE if k else next(fresh) for k in known]
        else:
            items = list(checked)  # a Result passes through as itself
        now, over = time.monotonic(), set[str]()
        for i, d in enumerate(items):
            # Once an author is over the rate, its later events in the batch wait too (order).
            if isinstance(d, Event) and (
                d.head.author in over or not self.rate.allows(d.head.author, now)
            ):
                over.add(d.head.author)
                items[i] = RATE_LIMITED
        early = self._continuing(items)
        if early:
            assert self.announce is not None
            await self.announce(early)
            # One turn of the loop: the connection's writer sends the notices before the
            # store's transaction, which may run on this loop, holds it.
            await asyncio.sleep(0)
        results, accepted, moved = await self.store.ingest(items, cursor, source, hold)
        for d, r in zip(items, results, strict=True):
            if isinstance(d, Event) and r in (ACCEPTED, PENDING):
                self.rate.spend(d.head.author, now)
            if r == RATE_LIMITED:
                self.rejected[RATE_LIMITED] += 1  # deferred, not lost: counted for metrics
            elif isinstance(r, ProtocolError):
                self.rejected[r.code] += 1
                log.info("rejected an event from %s: %s", source or "?", r)
            elif r == DUPLICATE:
                self.duplicates += 1
        if uncursored:
            self._remember(raws, results)
        if self.announce is not None and 0 < len(accepted) <= NOTICES_UP_TO:
            # Accepted, but not announced before: a later event of an author in the same
            # batch, or one that waited for a gap this batch filled.
            announced = set(early)
            late = [event for _, event in accepted if event not in announced]
            if late:
                await self.announce(late)
        self.notify(accepted)
        return results, moved

    async def settle(self, peer: str, filt: str) -> int | None:
        """At a catch-up's end: commit what its batches hold (`hold`), tell the listeners,
        and return the cursor committed for (`peer`, `filt`) if it was not returned yet."""
        accepted, moved = await self.store.settle(peer, filt)
        self.notify(accepted)
        return moved

    def _continuing(self, items: list[Event | Result]) -> list[Event]:
        """Stage 5's events: those of a live trickle that the store will accept as their
        author's next, unless another copy or a failed reference comes first."""
        if self.announce is None or len(items) > NOTICES_UP_TO:
            return []
        return [i for i in items if isinstance(i, Event) and self.store.continues_chain(i.head)]

    def _remember(self, raws: list[bytes], results: list[Result]) -> None:
        noticed = self.noticed
        for raw, result in zip(raws, results, strict=True):
            if result == ACCEPTED:
                noticed[raw] = None
        while len(noticed) > NOTICED:
            del noticed[next(iter(noticed))]

    def notify(self, accepted: list[tuple[int, Event]]) -> None:
        if not accepted:
            return
        self.accepted += len(accepted)
        for listener in self.listeners:
            listener(accepted)

    async def close(self) -> None:
        await self.verifier.close()
        self._pool.shutdown(wait=True)
