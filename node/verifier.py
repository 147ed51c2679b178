"""Checking large batches of received events in a separate process.

A catch-up reads events in batches of a thousand. Checking one costs about 15 µs of Python
(decoding, canonical form, limits, schema) besides the signature itself, all of it under the
interpreter lock that the event loop and the SQLite writer need too. A worker process does
that work on the other core; this process only rebuilds each accepted event from its bytes
(`trusted_event`, about 5 µs). The worker starts with the first large batch and stops after
a while without one, so an idle node stays one process. If it dies or cannot start, batches
are checked in this process and a new worker is tried a minute later: nothing is lost, only
the speed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime

from protocol import Event, decode_event, trusted_event
from protocol.errors import ProtocolError

__all__ = ["Verifier", "check_batch"]

log = logging.getLogger("citymesh.verifier")


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: the node stops its worker itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def check_batch(raws: list[bytes]) -> list[ProtocolError | None]:
    """Check each event's bytes (in the worker): None where it passed, else the error."""
    now = datetime.now(UTC)
    out: list[ProtocolError | None] = []
    for raw in raws:
        try:
            decode_event(raw, now=now)
            out.append(None)
        except ProtocolError as exc:
            out.append(exc)
    return out


class Verifier:
    """A worker process for batch checks, started on demand and stopped when idle."""

    def __init__(
        self,
        idle_seconds: float = 30.0,
        retry_seconds: float = 60.0,
        executable: str | None = None,
    ) -> None:
        """`retry_seconds`: after the worker died or could not start, how long batches are
        checked here before a new one is tried; `executable`: the Python that runs the
        worker (default: the one running the node)."""
        self.idle_seconds, self.retry_seconds = idle_seconds, retry_seconds
        self._context = multiprocessing.get_context("spawn")
        if executable:
            self._context.set_executable(executable)
        self._pool: ProcessPoolExecutor | None = None
        self._idle: asyncio.TimerHandle | None = None
        self._busy = 0
        self._retry_at = 0.0
        #: How many worker processes were started so far.
        self.started = 0

    @property
    def running(self) -> bool:
        return self._pool is not None

    def pids(self) -> list[int]:
        """The worker's process id, while it runs."""
        pool = self._pool
        return list(getattr(pool, "_processes", None) or {}) if pool else []

    async def check(self, raws: list[bytes]) -> list[Event | ProtocolError] | None:
        """Check a batch in the worker; None if there is no working worker (check it here)."""
        loop = asyncio.get_running_loop()
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        if self._pool is None and loop.time() < self._retry_at:
            return None
        self._busy += 1
        pool = self._pool
        try:
            if pool is None:
                # spawn, not fork: this process has threads holding SQLite connections.
                pool = self._pool = ProcessPoolExecutor(
                    1, mp_context=self._context, initializer=_worker_init
                )
                self.started += 1
            errors = await loop.run_in_executor(pool, check_batch, raws)
        except (BrokenProcessPool, OSError) as exc:
            # Died, or could not start (no /dev/shm, no interpreter): nothing is lost, only
            # the speed. Look again later rather than at every batch.
            log.warning("verifier process failed (%s); checking in this process", exc)
            self._retry_at = loop.time() + self.retry_seconds
            if pool is not None:
                if self._pool is pool:
                    self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
            return None
        finally:
            self._busy -= 1
            if not self._busy and self._pool is not None:
                self._idle = loop.call_later(self.idle_seconds, self._stop_idle)
        return [
            trusted_event(raw) if error is None else error
            for raw, error in zip(raws, errors, strict=True)
        ]

    def _stop_idle(self) -> None:
        self._idle = None
        if self._pool is not None and not self._busy:
            pool, self._pool = self._pool, None
            pool.shutdown(wait=False)

    def close(self) -> None:
        """Stop the worker (waits for it to exit)."""
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        if self._pool is not None:
            pool, self._pool = self._pool, None
            with contextlib.suppress(Exception):
                pool.shutdown(wait=True, cancel_futures=True)
