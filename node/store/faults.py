"""Named points on the store's and the stream's write paths where a test can make a write fail.

Production code calls `hit(point)` at each point; nothing is armed there, so it is one lookup
in an empty dict. A test arms a point with the exception the disk or the stream would raise
(`armed("store.commit", disk_full())`), and the next pass through that point raises it, over
the real SQLite file and the real nats-server.
"""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "POINTS",
    "arm",
    "armed",
    "disarm",
    "hit",
    "remaining",
    "disk_full",
    "io_error",
    "no_space",
]

#: Every point, in the order a write passes them.
POINTS = (
    # `Store._transaction` (own publish, ingest, undo): before BEGIN; once the acceptor
    # moved its heads, before any row is written; at COMMIT, every row written (armed with
    # `rollback=True`: SQLite has rolled back by itself, as a full disk makes it).
    "store.begin",
    "store.body",
    "store.commit",
    # The outbox's acknowledgement of what the stream holds.
    "store.mark_published",
    # The full-text index's batch at COMMIT, and the checkpoint that gives the log's space
    # back.
    "store.text",
    "store.checkpoint",
    # A JetStream publish of the node's own event, and of a relayed batch.
    "stream.publish_own",
    "stream.publish",
    # An erasure in the stream: the full copy deleted, its skeleton not yet published.
    "stream.erase",
)


@dataclass
class _Fault:
    error: BaseException
    times: int
    #: Run ROLLBACK first, as SQLite does by itself when a COMMIT fails on a full disk.
    rollback: bool


_armed: dict[str, _Fault] = {}


def arm(point: str, error: BaseException, *, times: int = 1, rollback: bool = False) -> None:
    """Make the next `times` passes through `point` raise `error`."""
    if point not in POINTS:
        raise ValueError(f"no fault point {point!r}; the points are {', '.join(POINTS)}")
    _armed[point] = _Fault(error, times, rollback)


def disarm(point: str | None = None) -> None:
    """Disarm `point` (every point if None)."""
    if point is None:
        _armed.clear()
    else:
        _armed.pop(point, None)


@contextlib.contextmanager
def armed(
    point: str, error: BaseException, *, times: int = 1, rollback: bool = False
) -> Iterator[None]:
    arm(point, error, times=times, rollback=rollback)
    try:
        yield
    finally:
        disarm(point)


def remaining(point: str) -> int:
    """How many more passes through `point` raise."""
    fault = _armed.get(point)
    return fault.times if fault else 0


def hit(point: str, conn: sqlite3.Connection | None = None) -> None:
    """Raise the error armed at `point`, if any."""
    if not _armed:
        return
    fault = _armed.get(point)
    if fault is None:
        return
    fault.times -= 1
    if fault.times <= 0:
        del _armed[point]
    if fault.rollback and conn is not None and conn.in_transaction:
        conn.execute("ROLLBACK")
    raise fault.error


def disk_full() -> sqlite3.OperationalError:
    """What SQLite raises when the disk is full."""
    exc = sqlite3.OperationalError("database or disk is full")
    exc.sqlite_errorcode = 13  # type: ignore[attr-defined]  # SQLITE_FULL
    exc.sqlite_errorname = "SQLITE_FULL"  # type: ignore[attr-defined]
    return exc


def io_error() -> sqlite3.OperationalError:
    """What SQLite raises when the disk fails a write."""
    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorcode = 778  # type: ignore[attr-defined]  # SQLITE_IOERR_WRITE
    exc.sqlite_errorname = "SQLITE_IOERR_WRITE"  # type: ignore[attr-defined]
    return exc


def no_space() -> OSError:
    """What the operating system raises when the disk is full."""
    return OSError(errno.ENOSPC, "No space left on device")
