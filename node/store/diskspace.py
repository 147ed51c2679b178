"""The disk under the node's home: a reserve kept free, and what a failed write means.

Writes that add data (own events, peers' events, the full-text index) are refused while less
than the reserve is free, before SQLite or JetStream meet a full disk: the room left lets
the stream take the events already stored, the outbox and cursors move, and the write-ahead
log be copied back into the database. Refusing costs nothing: a person is told to free space,
and a peer's batch is read again later.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..errors import StorageError, StorageFull

__all__ = ["RESERVE", "Space"]

log = logging.getLogger("citymesh.store")

#: Bytes kept free on the disk holding the home.
RESERVE = 2 * 1024 * 1024
#: Free bytes beyond what the log's checkpoint needs, below which no write runs on the event
#: loop: the checkpoint that gives the log's space back may take long.
ROOMY = 64 * 1024 * 1024

_SQLITE_IOERR, _SQLITE_FULL = 10, 13


class Space:
    """Free space on the disk holding `db`, checked before each write that adds data."""

    def __init__(self, db: Path, reserve: int = RESERVE) -> None:
        self.db, self.home, self.reserve = db, db.parent, reserve
        self._wal = db.with_name(db.name + "-wal")
        #: Seen full, and not seen freed since (for the log only).
        self.full = False
        #: At the last check, far from the point where a write first gives the log's space
        #: back (a checkpoint): a small write may then run on the event loop (`Store._write`).
        self.roomy = False
        self._free_when_full = 0

    def free(self) -> int:
        st = os.statvfs(self.home)
        return st.f_bavail * st.f_frsize

    def wal_bytes(self) -> int:
        try:
            return self._wal.stat().st_size
        except FileNotFoundError:
            return 0

    def check(self, checkpoint: Callable[[], None], derived: bool = False) -> None:
        """Raise StorageFull if less than the reserve is free (twice the reserve for
        `derived` data, such as the text index: it waits first, and its batches are large).

        First, `checkpoint` gives the log's space back once the log is half the space above
        the reserve: the database takes up to the log's size in pages before the log is cut,
        so later it may no longer fit, and a checkpoint that fails midway keeps the space it
        took (the reserve's, which the stream needs).
        """
        free = self.free()
        wal = self.wal_bytes()
        self.roomy = free - self.reserve > 2 * wal + ROOMY
        if wal and 2 * wal > free - self.reserve and wal <= free - self.reserve:
            try:
                checkpoint()
            except sqlite3.Error as exc:
                log.warning("checkpoint on a nearly full disk failed: %s", exc)
            free = self.free()
        if free < self.reserve * (2 if derived else 1):
            self._mark_full(free)
            raise StorageFull("storage_full", self.full_detail())
        # Logged once space grew by the reserve: not after each write that fits, between
        # refusals of writes too large for what is left.
        if self.full and free >= self._free_when_full + self.reserve:
            log.warning("space was freed on the disk holding %s: writes resume", self.home)
            self.full = False

    def _mark_full(self, free: int) -> None:
        if not self.full:
            log.error("%s", self.full_detail())
            self.full, self._free_when_full = True, free

    def full_detail(self) -> str:
        return (
            f"the disk holding {self.home} is full; free space on it (the node keeps"
            f" {self.reserve // 1024} KiB free there for its stream and log): it resumes by"
            " itself, with no restart"
        )

    def error(self, exc: BaseException) -> StorageError | None:
        """What a failed write means for people, or None if it is not the disk's doing.

        SQLite reports some writes a full disk refused as I/O errors (growing the log's
        index, for one): those count as full when the disk is nearly so.
        """
        if isinstance(exc, StorageError):
            return exc
        if isinstance(exc, sqlite3.Error):
            code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
            full, failed = code == _SQLITE_FULL, code == _SQLITE_IOERR
        elif isinstance(exc, OSError):
            full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
            failed = exc.errno == errno.EIO
        else:
            return None
        if failed and not full:
            try:
                full = self.free() < self.reserve
            except OSError:
                full = False
        if full:
            with contextlib.suppress(OSError):
                self._mark_full(self.free())
            return StorageFull("storage_full", self.full_detail())
        if failed:
            return StorageError(
                "storage_failed",
                f"the disk holding {self.home} failed a write ({exc}); check the disk"
                " (its kernel log and health): the node tries again by itself",
            )
        return None
