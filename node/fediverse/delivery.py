"""The delivery queue: own events and Accepts to remote inboxes, in SQLite, with retries.

New own events become one row per remote shared inbox (`fan_out`); a cursor in the same
database remembers the newest event fanned out, so an event stored before a crash is still
delivered after it. Each inbox is sent to by its own task, in order: a server that is down
or slow delays only its own deliveries. A failed delivery is tried again after 1, 2, 4 ...
seconds (up to `retry_max`); a server that took nothing for `give_up_after` seconds is
dropped, with its followers.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import random
import sqlite3
import time
from collections.abc import Awaitable, Callable

from ..store.store import Store
from ..tasks import cancel_and_wait
from .activities import KINDS
from .fetch import Refused, SafeClient, host_of

__all__ = ["Queue", "OWN_KINDS"]

log = logging.getLogger("citymesh.fediverse")

#: Kinds of own events that may become activities (and changes of those, or of the profile).
OWN_KINDS = (*KINDS, "update", "retraction", "erasure", "profile")
#: Inboxes sent to at once.
PARALLEL = 16
_BATCH = 20

Render = Callable[[int], Awaitable[list[bytes]]]
Sign = Callable[[str, bytes], Awaitable[dict[str, str]]]


class Queue:
    """Persistent, per-inbox delivery of activities; `run()` until cancelled."""

    def __init__(
        self,
        store: Store,
        client: SafeClient,
        author: str,
        render: Render,
        sign: Sign,
        *,
        retry_max: float,
        give_up_after: float,
    ) -> None:
        self.store, self.client, self.author = store, client, author
        self._render, self._sign = render, sign
        self.retry_max, self.give_up_after = retry_max, give_up_after
        self.wake = asyncio.Event()
        #: Deliveries were queued or finished since `_start_due` last looked at them.
        self._look_again = True
        self._busy: dict[str, asyncio.Task[None]] = {}
        #: Inboxes whose last try failed unexpectedly, and until when they rest (in memory).
        self._resting: dict[str, float] = {}
        self.delivered = 0

    async def fan_out(self) -> int:
        """Turn own events after the cursor (a sequence number of the node's chain) into
        deliveries, in one transaction with the cursor's move; returns how many events that
        was. Each own event wakes this: one visit to the writer, and no write at all when
        nothing is new."""
        kinds = ",".join("?" * len(OWN_KINDS))
        queued = 0

        def fan(c: sqlite3.Connection) -> int:
            nonlocal queued
            row = c.execute("SELECT v FROM fediverse_state WHERE k = 'fanned_out'").fetchone()
            cursor = row[0] if row else None
            (head,) = c.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM events WHERE author = ?", (self.author,)
            ).fetchone()
            if cursor is not None and head <= cursor:
                return 0
            if cursor is not None:
                now = time.time()
                queued = c.execute(
                    "INSERT INTO fediverse_deliveries (inbox, n, first_try, due)"
                    " SELECT f.inbox, e.n, ?, ? FROM events e, (SELECT DISTINCT"
                    " COALESCE(shared_inbox, inbox) AS inbox FROM fediverse_followers) f"
                    f" WHERE e.author = ? AND e.seq > ? AND e.seq <= ? AND e.kind IN ({kinds})"
                    " ORDER BY e.seq",
                    (now, now, self.author, cursor, head, *OWN_KINDS),
                ).rowcount
            # The first time, the cursor starts at the head: followers get what comes after.
            c.execute(
                "INSERT INTO fediverse_state (k, v) VALUES ('fanned_out', ?)"
                " ON CONFLICT (k) DO UPDATE SET v = MAX(v, excluded.v)",
                (head,),
            )
            return int(head - (cursor or head))

        fanned = await self.store.write(fan)
        if queued:
            self._look_again = True
        return fanned

    async def add(self, inbox: str, activity: bytes) -> None:
        """Queue one literal activity (an Accept) for `inbox`."""
        now = time.time()
        await self.store.execute(
            "INSERT INTO fediverse_deliveries (inbox, activity, first_try, due)"
            " VALUES (?, ?, ?, ?)",
            (inbox, activity, now, now),
        )
        self._look_again = True
        self.wake.set()

    async def length(self) -> int:
        return int(
            await self.store.read(
                lambda c: c.execute("SELECT COUNT(*) FROM fediverse_deliveries").fetchone()[0]
            )
        )

    async def run(self) -> None:
        next_due = 0.0
        try:
            while True:
                self.wake.clear()
                try:
                    await self.fan_out()
                    # An own event that queued nothing (no follower) changes nothing due.
                    if self._look_again or time.time() >= next_due:
                        self._look_again = False
                        next_due = await self._start_due()
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("the Fediverse delivery queue failed; trying again")
                    next_due = time.time() + 5
                wait = max(0.05, min(next_due - time.time(), 30.0))
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(wait):
                        await self.wake.wait()
        finally:
            for task in list(self._busy.values()):
                await cancel_and_wait(task)

    async def _start_due(self) -> float:
        """Start a task for each inbox with due deliveries; returns when the next one is due."""
        now = time.time()
        rows: list[tuple[str, float]] = await self.store.read(
            lambda c: c.execute(
                "SELECT inbox, MIN(due) FROM fediverse_deliveries GROUP BY inbox"
            ).fetchall()
        )
        later = now + 30
        for inbox, due in rows:
            if due > now:
                later = min(later, due)
            elif self._resting.get(inbox, 0) > time.monotonic():
                later = min(later, now + 1)
            elif inbox not in self._busy and len(self._busy) < PARALLEL:
                task = asyncio.create_task(self._drain(inbox), name="fediverse-delivery")
                self._busy[inbox] = task
                task.add_done_callback(functools.partial(self._done, inbox))
            else:
                later = min(later, now + 1)
        return later

    def _done(self, inbox: str, _: object) -> None:
        self._busy.pop(inbox, None)
        self._look_again = True
        self.wake.set()

    async def _drain(self, inbox: str) -> None:
        """Send `inbox` its due deliveries in order, until none is due or one fails."""

        def due(c: sqlite3.Connection) -> list[tuple[int, int | None, bytes | None, float, int]]:
            return c.execute(
                "SELECT id, n, activity, first_try, attempts FROM fediverse_deliveries"
                " WHERE inbox = ? AND due <= ? ORDER BY id LIMIT ?",
                (inbox, time.time(), _BATCH),
            ).fetchall()

        self._resting.pop(inbox, None)
        try:
            while await self._drain_batch(inbox, await self.store.read(due)):
                pass
        except Exception:  # a bug or a full disk: the rows stay, and are tried again later
            log.exception("delivering to %s failed; trying again later", host_of(inbox))
            self._resting[inbox] = time.monotonic() + 5

    async def _drain_batch(
        self, inbox: str, rows: list[tuple[int, int | None, bytes | None, float, int]]
    ) -> bool:
        """Send one batch in order; False once none is left or one failed."""
        if not rows:
            return False
        for row_id, n, literal, first_try, attempts in rows:
            if literal is not None:
                bodies = [literal]
            else:
                bodies = await self._render(n) if n is not None else []
            # Several activities of one event (an erasure) are sent again together on a failure.
            ok = True
            for body in bodies:
                ok = ok and await self._send(inbox, body)
            if ok:
                await self.store.execute("DELETE FROM fediverse_deliveries WHERE id = ?", (row_id,))
                self.delivered += len(bodies)
                continue
            await self._failed(inbox, first_try, attempts)
            return False
        return True

    async def _send(self, inbox: str, body: bytes) -> bool:
        """True when the delivery is done (taken, or refused for good); False to try again."""
        try:
            headers = await self._sign(inbox, body)
            status = await self.client.post(inbox, body, headers)
        except Refused as exc:
            log.info("delivery to %s failed: %s", host_of(inbox), exc.detail)
            return exc.code in ("private_address", "bad_url")  # never allowed: drop it
        if 200 <= status < 300:
            return True
        if 400 <= status < 500 and status not in (401, 408, 429):
            # The server will never take this activity: trying again would not help.
            log.info("%s refused a delivery with %d; dropped", host_of(inbox), status)
            return True
        log.info("%s answered %d to a delivery; trying again later", host_of(inbox), status)
        return False

    async def _failed(self, inbox: str, first_try: float, attempts: int) -> None:
        now = time.time()
        if now - first_try > self.give_up_after:
            log.warning(
                "%s took no delivery for %.0f s: dropping its deliveries and followers",
                host_of(inbox),
                now - first_try,
            )
            await self.store.execute("DELETE FROM fediverse_deliveries WHERE inbox = ?", (inbox,))
            await self.store.execute(
                "DELETE FROM fediverse_followers WHERE COALESCE(shared_inbox, inbox) = ?",
                (inbox,),
            )
            return
        delay = min(self.retry_max, 2.0**attempts) * random.uniform(0.8, 1.0)
        await self.store.execute(
            "UPDATE fediverse_deliveries SET due = ?, attempts = attempts + 1"
            " WHERE inbox = ? AND due <= ?",
            (now + delay, inbox, now),
        )
