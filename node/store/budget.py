"""Time budgets for the reads a client's request makes.

The node reads for its clients on two reader threads. A request must not hold one for as
long as its query takes: while a large catch-up stores its backlog, queries whose indexes are
set aside scan instead (see `deferred`), and a client could ask for the slowest pages over
and over until no one else is answered. The HTTP layer gives each read it makes a budget
(`within`); the clock starts when the read is submitted, so time spent waiting for a reader
thread counts too, and SQLite's progress handler interrupts a query once its budget is spent.
The client is told the node is busy (`Busy`: 503 with Retry-After), and the thread is free.
Reads the node makes for itself (indexing, relaying, deliveries) have no budget, even in a
task a request started (a follow's replication): a budget holds in the task that set it.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from ..errors import Busy

__all__ = ["RETRY_SECONDS", "STEPS", "busy", "deadline", "run", "within"]

T = TypeVar("T")

#: What a client is told to wait before it asks again.
RETRY_SECONDS = 5
#: SQLite virtual-machine steps between two looks at the clock: well under a millisecond.
STEPS = 4_000

#: The budget and the task it holds in (tasks copy their creator's context variables).
_BUDGET: ContextVar[tuple[float, object] | None] = ContextVar("citymesh_read_budget", default=None)


def _task() -> object:
    try:
        return asyncio.current_task()
    except RuntimeError:  # no event loop in this thread
        return None


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Reads this task submits inside this block end within `seconds` each, or fail with
    `Busy`."""
    token = _BUDGET.set((seconds, _task()))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def deadline() -> tuple[float, float] | None:
    """For a read submitted now: (its budget, the monotonic time it ends), or None."""
    held = _BUDGET.get()
    if held is None or held[1] is not _task():
        return None
    budget = held[0]
    return budget, time.monotonic() + budget


def run(
    conn: sqlite3.Connection,
    fn: Callable[[sqlite3.Connection], T],
    limit: tuple[float, float] | None,
) -> T:
    """`fn(conn)`, interrupted once `limit` (from `deadline`) has passed."""
    if limit is None:
        return fn(conn)
    budget, end = limit
    if time.monotonic() >= end:
        raise busy(budget)  # it waited its whole budget for a reader thread
    conn.set_progress_handler(lambda: time.monotonic() >= end, STEPS)
    try:
        return fn(conn)
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode == sqlite3.SQLITE_INTERRUPT:
            raise busy(budget) from None
        raise
    finally:
        conn.set_progress_handler(None, STEPS)


def busy(budget: float) -> Busy:
    """The error of a read that did not end within `budget` seconds."""
    return Busy(
        "read_timeout",
        f"the node could not read this from its database within {budget:g} seconds (it may"
        f" be catching up with a peer); try again in {RETRY_SECONDS} seconds",
        retry_after=RETRY_SECONDS,
    )
