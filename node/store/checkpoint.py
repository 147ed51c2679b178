"""Copying the write-ahead log into the database file, on a thread of its own.

SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the
writer's thread: while a large backlog is stored, the writer then spent much of its time
copying pages and waiting for the disk (its fsyncs are the only ones a catch-up makes). Here
the writer only asks; a thread with its own connection runs passive checkpoints (they never
block the writer or readers) beside it. bench/RESULTS.md has the measurements.

The writer's own automatic checkpoint stays as a backstop at a higher threshold: a passive
checkpoint cannot complete while the writer keeps committing, and only a complete one lets
the log start again from its beginning.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable

__all__ = ["Checkpointer"]

log = logging.getLogger("citymesh.store")


class Checkpointer:
    """Runs a passive checkpoint whenever asked (requests made meanwhile are merged)."""

    #: Rows changed by the writer between requests: a checkpoint every few seconds while a
    #: large backlog is stored. Fewer, larger checkpoints copy a page changed by many
    #: batches once (bench/RESULTS.md, round 8).
    ROWS = 60_000

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._wake = threading.Event()
        self._stopping = False
        self._rows_at = 0
        self._thread = threading.Thread(target=self._run, name="citymesh-checkpoint", daemon=True)
        self._thread.start()

    def changed(self, total_changes: int) -> None:
        """Called by the writer after its work, with its connection's `total_changes`."""
        if total_changes - self._rows_at >= self.ROWS:
            self._rows_at = total_changes
            self._wake.set()

    def _run(self) -> None:
        conn = self._connect()
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stopping:
                    return
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:
                    # The writer's own checkpoint still runs: nothing is lost, only speed.
                    log.exception("background checkpoint failed")
        finally:
            conn.close()

    def close(self) -> None:
        """Stop the thread (after a checkpoint in progress) and close its connection."""
        self._stopping = True
        self._wake.set()
        self._thread.join()
