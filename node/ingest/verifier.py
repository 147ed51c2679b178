"""Checking large batches of received events in a worker process.

Checking an event is mostly the signature, which releases the interpreter lock, and the rest
Python (decoding, canonical form, limits, schema) under the lock that the event loop and the
SQLite writer need too. A worker process does that work, on two threads; this process only
rebuilds each accepted event from its bytes (`trusted_event`, which re-checks nothing). The
worker starts with the first large batch, whose first half this process checks while the
worker starts, and stops after a while without one, so an idle node stays one process. If it
dies or cannot start, batches are checked in this process and a new worker is tried a minute
later: nothing is lost, only the speed.

The worker is `python -m node.ingest.worker` (`worker.py`), speaking length-prefixed msgpack
over its stdin and stdout: it imports only the protocol, and needs no shared memory or helper
processes. Its
input is written by a thread of its own, with blocking writes: the kernel hands a batch on as
fast as the worker reads it. Written from the event loop, a batch took one loop turn per pipe
buffer, and the worker waited for those turns.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from protocol import Event, decode_event, errors, trusted_event
from protocol.errors import ProtocolError

from .worker import Failure, Reply, frame

__all__ = ["Verifier", "check_all"]

log = logging.getLogger("citymesh.verifier")


def check_all(raws: list[bytes]) -> list[Event | ProtocolError]:
    """Check each event's bytes (by this receiver's clock): the event, or why it failed."""
    now = datetime.now(UTC)
    out: list[Event | ProtocolError] = []
    for raw in raws:
        try:
            out.append(decode_event(raw, now=now))
        except ProtocolError as exc:
            out.append(exc)
    return out


def _error(failure: Failure) -> ProtocolError:
    cls = getattr(errors, failure.kind, None)
    if not (isinstance(cls, type) and issubclass(cls, ProtocolError)):
        cls = ProtocolError
    return cls(failure.code, failure.detail, failure.path)


class _Feed:
    """The write end of the worker's stdin: whole frames, written in order by one thread."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="citymesh-verifier-feed")
        self.closed = False

    def send(self, frame: bytes) -> None:
        """Queue a frame. It is written whole even if its sender is cancelled meanwhile (the
        pipe stays in step); a failed write shows as the worker's end of output."""
        if not self.closed:  # after a close the worker is ending: its reader says so
            self._thread.submit(self._write, frame)

    def _write(self, frame: bytes) -> None:
        view = memoryview(frame)
        with contextlib.suppress(OSError):  # the worker died: its reader reports that
            while view:
                view = view[os.write(self.fd, view) :]

    def close(self) -> None:
        """Close after the queued frames are written: end of input, the worker exits."""
        if not self.closed:
            self.closed = True
            self._thread.submit(os.close, self.fd)
            self._thread.shutdown(wait=False)


class _Worker:
    """One worker process and the batches sent to it, answered in the order they were sent."""

    def __init__(
        self, proc: asyncio.subprocess.Process, feed: _Feed, decode: Callable[[bytes], Reply]
    ):
        self.proc, self.feed = proc, feed
        self.waiting: deque[asyncio.Future[Reply]] = deque()
        self._decode = decode
        self.reader = asyncio.create_task(self._read(), name="verifier replies")

    async def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        failure: Exception = EOFError("the verifier process ended")
        try:
            while True:
                size = int.from_bytes(await out.readexactly(4), "big")
                reply = self._decode(await out.readexactly(size))
                answer = self.waiting.popleft()  # IndexError: an answer nobody asked for
                if not answer.done():  # its caller may have been cancelled meanwhile
                    answer.set_result(reply)
        except (OSError, EOFError, ValueError, IndexError) as exc:  # DecodeError: ValueError
            failure = exc
        finally:
            while self.waiting:
                answer = self.waiting.popleft()
                if not answer.done():
                    answer.set_exception(failure)


def _answered(worker: _Worker) -> bool:
    """Nobody waits for this worker (replies still due to cancelled callers are dropped)."""
    return all(answer.done() for answer in worker.waiting)


class Verifier:
    """A worker process for batch checks, started on demand and stopped when idle.

    Batches are pipelined: several may be in the pipe at once, so the worker starts on the
    next one while the answer to the last is still being read here.
    """

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
        self.executable = executable or sys.executable
        self._worker: _Worker | None = None
        self._starting = asyncio.Lock()  # one start, however many batches wait for it
        self._idle: asyncio.TimerHandle | None = None
        self._retry_at = 0.0
        self._encode = msgspec.msgpack.Encoder().encode
        self._decode = msgspec.msgpack.Decoder(Reply).decode
        #: How many worker processes were started so far.
        self.started = 0
        #: How many times a worker could not start or died.
        self.failures = 0
        self._ending: set[asyncio.Task[None]] = set()
        #: Checks part of the first batch while a new worker starts (see `check`).
        self._local: ThreadPoolExecutor | None = None

    @property
    def running(self) -> bool:
        return self._worker is not None

    def pids(self) -> list[int]:
        """The worker's process id, while it runs."""
        return [self._worker.proc.pid] if self._worker else []

    async def _start(self) -> _Worker:
        root = str(Path(__file__).resolve().parents[2])
        path = os.environ.get("PYTHONPATH")
        read_end, write_end = os.pipe()
        try:
            proc = await asyncio.create_subprocess_exec(
                self.executable,
                "-m",
                "node.ingest.worker",
                stdin=read_end,
                stdout=asyncio.subprocess.PIPE,
                # The worker finds this citymesh, installed or not.
                env={**os.environ, "PYTHONPATH": root + (os.pathsep + path if path else "")},
            )
        except BaseException:
            os.close(write_end)
            raise
        finally:
            os.close(read_end)  # the worker holds it now
        self._worker = _Worker(proc, _Feed(write_end), self._decode)
        self.started += 1
        return self._worker

    async def check(self, raws: list[bytes]) -> list[Event | ProtocolError] | None:
        """Check a batch in the worker; None if there is no working worker (check it here)."""
        loop = asyncio.get_running_loop()
        if self._worker is None and loop.time() < self._retry_at:
            return None
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        worker: _Worker | None = None
        answer: asyncio.Future[Reply] | None = None
        here: asyncio.Future[list[Event | ProtocolError]] | None = None
        try:
            async with self._starting:
                fresh = self._worker is None
                worker = self._worker or await self._start()
            if worker.reader.done():
                raise EOFError("the verifier process ended")  # nobody would answer
            # A new worker spends its first tens of milliseconds importing, while the rest of
            # the pipeline waits for this first batch: this process checks the batch's first
            # half meanwhile, so both cores work from the start.
            split = len(raws) // 2 if fresh else 0
            if split:
                if self._local is None:
                    self._local = ThreadPoolExecutor(1, thread_name_prefix="citymesh-verify-start")
                here = loop.run_in_executor(self._local, check_all, raws[:split])
            answer = loop.create_future()
            worker.waiting.append(answer)
            worker.feed.send(frame(self._encode(raws[split:])))
            failures = await answer
            if len(failures) != len(raws) - split:
                raise ValueError(f"{len(failures)} answers for {len(raws) - split} events")
            checked = await here if here is not None else []
        except (OSError, EOFError, ValueError, IndexError) as exc:
            # Died (a cut pipe reads as EOFError), or could not start: look again later
            # rather than at every batch.
            log.warning("verifier process failed (%s); checking in this process", exc)
            self.failures += 1
            if answer is not None:
                answer.cancel()  # checked here instead: nobody waits for its failure
            self._retry_at = loop.time() + self.retry_seconds
            self._kill(worker)
            await _settle(here)
            return None
        except BaseException:
            if answer is not None:
                answer.cancel()  # its reply is read and dropped: the pipe stays in step
            await _settle(here)
            raise
        finally:
            if worker is not None and worker is self._worker and _answered(worker):
                if self._idle is not None:
                    self._idle.cancel()
                self._idle = loop.call_later(self.idle_seconds, self._stop_idle)
        return checked + [
            trusted_event(raw) if failure is None else _error(failure)
            for raw, failure in zip(raws[split:], failures, strict=True)
        ]

    def _kill(self, worker: _Worker | None) -> None:
        if worker is None or worker is not self._worker:
            return  # already replaced: that one is not ours to kill
        self._worker = None
        if worker.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                worker.proc.kill()
        self._retire(worker)

    def _stop_idle(self) -> None:
        self._idle = None
        worker = self._worker
        if worker is not None and _answered(worker) and not self._starting.locked():
            self._worker = None
            self._retire(worker)

    def _retire(self, worker: _Worker) -> None:
        """Close a worker's input (it exits) and reap it in the background; `close` waits."""
        worker.feed.close()
        task = asyncio.get_running_loop().create_task(_reap(worker), name="verifier exit")
        self._ending.add(task)
        task.add_done_callback(self._ending.discard)

    async def close(self) -> None:
        """Stop the worker and wait for it, and any worker still ending, to exit."""
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        worker, self._worker = self._worker, None
        if worker is not None:
            self._retire(worker)
        if self._ending:
            await asyncio.gather(*self._ending)
        local, self._local = self._local, None
        if local is not None:
            local.shutdown(wait=False)  # a check still running there is awaited by its caller


async def _settle(here: asyncio.Future[list[Event | ProtocolError]] | None) -> None:
    """Wait for a local check whose result is no longer wanted (its thread finishes it
    anyway): nothing runs on after the call that started it."""
    if here is not None:
        with contextlib.suppress(Exception):
            await asyncio.shield(here)


async def _reap(worker: _Worker) -> None:
    """Wait for a worker whose input is closed to exit (killed after 5 s), and its reader."""
    try:
        async with asyncio.timeout(5):
            await worker.proc.wait()
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            worker.proc.kill()
        await worker.proc.wait()
    await worker.reader
