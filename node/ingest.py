"""The gate every received event passes: decode and verify off the event loop, then store.

Verification runs on two threads (PyNaCl releases the GIL), while SQLite writes run on the
store's writer thread, so the two overlap. Rejections are counted by their protocol code.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from protocol import Event, decode_event
from protocol.errors import ProtocolError

from .accept import DUPLICATE, Result
from .store import Store

__all__ = ["Ingest"]

log = logging.getLogger("citymesh.ingest")
Listener = Callable[[list[tuple[int, Event]]], None]


def _decode_all(raws: list[bytes]) -> list[Event | ProtocolError]:
    now = datetime.now(UTC)
    out: list[Event | ProtocolError] = []
    for raw in raws:
        try:
            out.append(decode_event(raw, now=now))
        except ProtocolError as exc:
            out.append(exc)
    return out


class Ingest:
    """Checks batches of raw events, stores what passes, tells listeners what was accepted."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._pool = ThreadPoolExecutor(2, thread_name_prefix="citymesh-verify")
        self.listeners: list[Listener] = []
        self.accepted = 0
        self.duplicates = 0
        self.rejected: Counter[str] = Counter()

    async def _decode(self, raws: list[bytes]) -> list[Event | ProtocolError]:
        loop = asyncio.get_running_loop()
        if len(raws) < 64:
            return await loop.run_in_executor(self._pool, _decode_all, raws)
        half = len(raws) // 2
        a, b = await asyncio.gather(
            loop.run_in_executor(self._pool, _decode_all, raws[:half]),
            loop.run_in_executor(self._pool, _decode_all, raws[half:]),
        )
        return a + b

    async def offer(self, raws: list[bytes], source: str = "") -> list[Result]:
        """Verify and store a batch in order; returns one result per input."""
        decoded = await self._decode(raws)
        events = [d for d in decoded if isinstance(d, Event)]
        stored, accepted = await self.store.ingest(events) if events else ([], [])
        it = iter(stored)
        results: list[Result] = []
        for d in decoded:
            r: Result = d if isinstance(d, ProtocolError) else next(it)
            if isinstance(r, ProtocolError):
                self.rejected[r.code] += 1
                log.info("rejected an event from %s: %s", source or "?", r)
            elif r == DUPLICATE:
                self.duplicates += 1
            results.append(r)
        self.notify(accepted)
        return results

    def notify(self, accepted: list[tuple[int, Event]]) -> None:
        if not accepted:
            return
        self.accepted += len(accepted)
        for listener in self.listeners:
            listener(accepted)

    async def save_cursor(self, peer: str, filt: str, cursor: int) -> None:
        await self.store.execute(
            "UPDATE subscriptions SET cursor = MAX(cursor, ?) WHERE peer = ? AND filter = ?",
            (cursor, peer, filt),
        )

    def close(self) -> None:
        self._pool.shutdown(wait=True)
