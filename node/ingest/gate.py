"""The gate every received event passes: decode and verify off the event loop, then store.

Large batches (a catch-up) are checked in a worker process (see `verifier`); smaller ones on
two threads (PyNaCl releases the GIL). SQLite writes run on the store's writer thread, so
checking and storing overlap. Rejections are counted by their protocol code.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from protocol import Event, limits
from protocol.errors import LimitError, ProtocolError

from ..store.accept import ACCEPTED, DUPLICATE, PENDING, RATE_LIMITED, Result
from ..store.store import CursorMove, Store
from .verifier import Verifier, check_all

__all__ = ["Ingest", "AuthorRate", "RATE_LIMITED", "OVERSIZE", "oversize"]

log = logging.getLogger("citymesh.ingest")
Listener = Callable[[list[tuple[int, Event]]], None]

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

    #: From this many events on, a batch goes to the worker process.
    PROCESS_BATCH = 200

    def __init__(self, store: Store, verifier: Verifier | None = None) -> None:
        self.store = store
        self.verifier = verifier or Verifier()
        self._pool = ThreadPoolExecutor(2, thread_name_prefix="citymesh-verify")
        self.listeners: list[Listener] = []
        self.accepted = 0
        self.duplicates = 0
        self.rejected: Counter[str] = Counter()
        self.rate = AuthorRate()
        #: Bytes of recent events accepted from a live notice, oldest first (see replication).
        self.noticed: dict[bytes, None] = {}

    async def decode(self, raws: list[bytes]) -> list[Event | ProtocolError]:
        """Check a batch: a large one in the worker process, others on the verify threads, a
        single live event on the loop itself. Anything over the size limit is rejected first."""
        if any(oversize(raw) for raw in raws):
            small = iter(await self._decode([raw for raw in raws if not oversize(raw)]))
            return [_too_large() if oversize(raw) else next(small) for raw in raws]
        return await self._decode(raws)

    async def _decode(self, raws: list[bytes]) -> list[Event | ProtocolError]:
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

    async def offer(self, raws: list[bytes], source: str = "") -> list[Result]:
        """Verify and store a batch in order; returns one result per input."""
        results, _ = await self.accept(await self.decode(raws), source=source)
        return results

    async def accept(
        self,
        decoded: list[Event | ProtocolError] | list[Event | Result],
        *,
        source: str = "",
        cursor: CursorMove | None = None,
    ) -> tuple[list[Result], int | None]:
        """Store decoded events in order (authors over their rate wait); moves `cursor` in the
        same transaction. Returns one result per input and the cursor value committed."""
        items: list[Event | Result] = list(decoded)  # a Result passes through as itself
        now, over = time.monotonic(), set[str]()
        for i, d in enumerate(items):
            # Once an author is over the rate, its later events in the batch wait too (order).
            if isinstance(d, Event) and (
                d.head.author in over or not self.rate.allows(d.head.author, now)
            ):
                over.add(d.head.author)
                items[i] = RATE_LIMITED
        results, accepted, moved = await self.store.ingest(items, cursor, source)
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
        self.notify(accepted)
        return results, moved

    def notify(self, accepted: list[tuple[int, Event]]) -> None:
        if not accepted:
            return
        self.accepted += len(accepted)
        for listener in self.listeners:
            listener(accepted)

    async def close(self) -> None:
        await self.verifier.close()
        self._pool.shutdown(wait=True)
