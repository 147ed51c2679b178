"""Checking large batches of received events in worker processes.

Checking an event is mostly the signature, which releases the interpreter lock, and the rest
Python (decoding, canonical form, limits, schema) under the lock that the event loop and the
SQLite writer need too. Worker processes do that work (two, or one on a single core), each
on one thread, each checking its share of every batch; this process only rebuilds each
accepted event from its bytes (`trusted_event`, which re-checks nothing). Two threads in one
worker spent more CPU handing the interpreter lock to each other, twice per event, than they
saved (a sleeping thread is slow to wake on a virtual machine): bench/RESULTS.md has the
figures.

The workers start with the first large batch, whose first half this process checks while they
start, and stop when no catch-up is left (`release`) or after a while without a batch, so an
idle node stays one process. If one dies or cannot start, batches are checked in this process
and new workers are tried a minute later: nothing is lost, only the speed.

A worker is `python -m node.ingest.worker` (`worker.py`), speaking length-prefixed msgpack
over its stdin and stdout: it imports only the protocol, and needs no shared memory or helper
processes. Its input is written by a thread of its own, with blocking writes: the kernel
hands a batch on as fast as the worker reads it. Written from the event loop, a batch took
one loop turn per pipe buffer, and the worker waited for those turns.

Only the first worker is started; once it has imported the protocol it forks the others,
each on pipes this process made for it. The pipeline waits for the first batch while they
start, and on two cores a second start took the core the first batch was checked on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable
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
    """One worker process and the batches sent to it, answered in the order they were sent.

    The first worker is the node's child (`proc`); the others are forked by it (`proc` is
    None), known by the process id each sends first."""

    def __init__(
        self,
        out: asyncio.StreamReader,
        feed: _Feed,
        decode: Callable[[bytes], Reply],
        proc: asyncio.subprocess.Process | None = None,
        pipe: asyncio.BaseTransport | None = None,
    ):
        self.proc, self.feed, self._pipe = proc, feed, pipe
        self.pid: int | None = proc.pid if proc is not None else None
        self.waiting: deque[asyncio.Future[Reply]] = deque()
        self._decode = decode
        self.reader = asyncio.create_task(self._read(out), name="verifier replies")

    async def _read(self, out: asyncio.StreamReader) -> None:
        failure: Exception = EOFError("the verifier process ended")
        try:
            size = int.from_bytes(await out.readexactly(4), "big")
            self.pid = msgspec.msgpack.decode(await out.readexactly(size), type=int)
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

    def kill(self) -> None:
        if self.proc is not None:
            if self.proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    self.proc.kill()
        elif self.pid is not None and not self.reader.done():
            # Its output is still open, and only that process holds it: the number is still
            # that process's (an exited one's could be given to another).
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)

    async def wait(self) -> None:
        """Until the process has ended: a forked one closes its end of the replies' pipe as it
        exits (the first worker waits for it, and reaps it, before it exits itself)."""
        if self.proc is not None:
            await self.proc.wait()
        await asyncio.shield(self.reader)

    def close(self) -> None:
        """Close the replies' pipe of an exited worker."""
        if self._pipe is not None:
            self._pipe.close()


def _answered(worker: _Worker) -> bool:
    """Nobody waits for this worker (replies still due to cancelled callers are dropped)."""
    return all(answer.done() for answer in worker.waiting)


class Verifier:
    """Worker processes for batch checks, started on demand and stopped when idle.

    Each batch is split between the workers, in order. Batches are pipelined: several may be
    in the pipes at once, so a worker starts on the next one while the answer to the last is
    still being read here.
    """

    def __init__(
        self,
        idle_seconds: float = 10.0,
        retry_seconds: float = 60.0,
        executable: str | None = None,
        processes: int | None = None,
    ) -> None:
        """`idle_seconds`: how long the workers wait for another batch before they stop (the
        batches of a catch-up follow each other closely; once it ends, their memory is
        given back); `retry_seconds`: after a worker died or could not start, how long
        batches are checked here before new ones are tried; `executable`: the Python that
        runs the workers (default: the one running the node); `processes`: how many (default:
        two, or one on a machine with one core for this process)."""
        self.idle_seconds, self.retry_seconds = idle_seconds, retry_seconds
        self.executable = executable or sys.executable
        self.processes = max(1, processes or min(2, len(os.sched_getaffinity(0))))
        self._workers: list[_Worker] = []
        self._starting = asyncio.Lock()  # one start, however many batches wait for it
        self._idle: asyncio.TimerHandle | None = None
        self._retry_at = 0.0
        self._encode = msgspec.msgpack.Encoder().encode
        self._decode = msgspec.msgpack.Decoder(Reply).decode
        #: How many worker processes were started so far.
        self.started = 0
        #: How many times the workers could not start or one died.
        self.failures = 0
        self._ending: set[asyncio.Task[None]] = set()
        #: Checks part of the first batch while a new worker starts (see `check`).
        self._local: ThreadPoolExecutor | None = None

    @property
    def running(self) -> bool:
        return bool(self._workers)

    def pids(self) -> list[int]:
        """The workers' process ids, while they run (a forked one's once it has started)."""
        return [worker.pid for worker in self._workers if worker.pid is not None]

    async def _start_all(self) -> list[_Worker]:
        """Start the first worker, which forks the others once it has imported what they
        all need: each pipe pair is made here, the workers' ends passed down."""
        # Per forked worker: its input's read end and write end, its output's read and write.
        pipes = [(*os.pipe(), *os.pipe()) for _ in range(self.processes - 1)]
        try:
            first = await self._start([(p[0], p[3]) for p in pipes])
        except BaseException:
            _close(fd for p in pipes for fd in (p[1], p[2]))
            raise
        finally:
            _close(fd for p in pipes for fd in (p[0], p[3]))  # the first worker holds them
        workers = [first]
        try:
            for i, (_, in_w, out_r, _) in enumerate(pipes):
                workers.append(await self._forked(in_w, out_r, pipes[i + 1 :]))
        except BaseException:
            for worker in workers:  # started, but one after them could not start
                self._end(worker)
            raise
        self._workers = workers
        return workers

    async def _forked(
        self, in_w: int, out_r: int, later: list[tuple[int, int, int, int]]
    ) -> _Worker:
        """The node's side of a worker forked by the first one: its input's write end and
        its output's read end (closed, with the `later` workers' ends, if this fails)."""
        out, replies = asyncio.StreamReader(), os.fdopen(out_r, "rb", buffering=0)
        try:
            pipe, _ = await asyncio.get_running_loop().connect_read_pipe(
                lambda: asyncio.StreamReaderProtocol(out), replies
            )
        except BaseException:
            replies.close()
            _close([in_w, *(fd for p in later for fd in (p[1], p[2]))])
            raise
        self.started += 1
        return _Worker(out, _Feed(in_w), self._decode, pipe=pipe)

    async def _start(self, siblings: list[tuple[int, int]]) -> _Worker:
        root = str(Path(__file__).resolve().parents[2])
        path = os.environ.get("PYTHONPATH")
        read_end, write_end = os.pipe()
        try:
            proc = await asyncio.create_subprocess_exec(
                self.executable,
                "-P",  # not the current directory's `node`, if it has one: this citymesh's
                "-m",
                "node.ingest.worker",
                *(arg for pair in siblings for arg in ("--sibling", f"{pair[0]},{pair[1]}")),
                stdin=read_end,
                stdout=asyncio.subprocess.PIPE,
                pass_fds=[fd for pair in siblings for fd in pair],
                # The worker finds this citymesh, installed or not.
                env={**os.environ, "PYTHONPATH": root + (os.pathsep + path if path else "")},
            )
        except BaseException:
            os.close(write_end)
            raise
        finally:
            os.close(read_end)  # the worker holds it now
        self.started += 1
        assert proc.stdout is not None
        return _Worker(proc.stdout, _Feed(write_end), self._decode, proc=proc)

    async def check(self, raws: list[bytes]) -> list[Event | ProtocolError] | None:
        """Check a batch in the workers; None if they do not work (check it here)."""
        loop = asyncio.get_running_loop()
        if not self._workers and loop.time() < self._retry_at:
            return None
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        workers: list[_Worker] = []
        answers: list[asyncio.Future[Reply]] = []
        here: asyncio.Future[list[Event | ProtocolError]] | None = None
        try:
            async with self._starting:
                fresh = not self._workers
                workers = self._workers or await self._start_all()
            if any(worker.reader.done() for worker in workers):
                raise EOFError("a verifier process ended")  # nobody would answer
            # New workers spend their first tens of milliseconds importing, while the rest of
            # the pipeline waits for this first batch: this process checks the batch's first
            # half meanwhile, so both cores work from the start.
            split = len(raws) // 2 if fresh else 0
            if split:
                if self._local is None:
                    self._local = ThreadPoolExecutor(1, thread_name_prefix="citymesh-verify-start")
                here = loop.run_in_executor(self._local, check_all, raws[:split])
            parts = _shares(raws[split:], len(workers))
            for worker, part in zip(workers, parts, strict=True):
                answer = loop.create_future()
                answers.append(answer)
                worker.waiting.append(answer)
                worker.feed.send(frame(self._encode(part)))
            failures: Reply = []
            for answer, part in zip(answers, parts, strict=True):
                reply = await answer
                if len(reply) != len(part):
                    raise ValueError(f"{len(reply)} answers for {len(part)} events")
                failures += reply
            checked = await here if here is not None else []
        except (OSError, EOFError, ValueError, IndexError) as exc:
            # Died (a cut pipe reads as EOFError), or could not start: look again later
            # rather than at every batch.
            log.warning("verifier process failed (%s); checking in this process", exc)
            self.failures += 1
            for answer in answers:
                answer.cancel()  # checked here instead: nobody waits for its failure
            self._retry_at = loop.time() + self.retry_seconds
            self._kill(workers)
            await _settle(here)
            return None
        except BaseException:
            for answer in answers:
                answer.cancel()  # its reply is read and dropped: the pipe stays in step
            await _settle(here)
            raise
        finally:
            if workers and workers is self._workers and all(map(_answered, workers)):
                if self._idle is not None:
                    self._idle.cancel()
                self._idle = loop.call_later(self.idle_seconds, self._stop_idle)
        return checked + [
            trusted_event(raw) if failure is None else _error(failure)
            for raw, failure in zip(raws[split:], failures, strict=True)
        ]

    def _kill(self, workers: list[_Worker]) -> None:
        if not workers or workers is not self._workers:
            return  # already replaced: those are not ours to kill
        self._workers = []
        for worker in workers:
            self._end(worker)

    def _end(self, worker: _Worker) -> None:
        """Kill a worker (its batches are checked here instead) and reap it."""
        worker.kill()
        self._retire(worker)

    def release(self) -> None:
        """Stop the workers now if no batch waits for them, as after `idle_seconds`: the
        caller knows no more batches are coming soon."""
        if self._idle is not None:
            self._idle.cancel()
        self._stop_idle()

    def _stop_idle(self) -> None:
        self._idle = None
        workers = self._workers
        if workers and all(map(_answered, workers)) and not self._starting.locked():
            self._workers = []
            for worker in workers:
                self._retire(worker)

    def _retire(self, worker: _Worker) -> None:
        """Close a worker's input (it exits) and reap it in the background; `close` waits."""
        worker.feed.close()
        task = asyncio.get_running_loop().create_task(_reap(worker), name="verifier exit")
        self._ending.add(task)
        task.add_done_callback(self._ending.discard)

    async def close(self) -> None:
        """Stop the workers and wait for them, and any worker still ending, to exit."""
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        workers, self._workers = self._workers, []
        for worker in workers:
            self._retire(worker)
        if self._ending:
            await asyncio.gather(*self._ending)
        local, self._local = self._local, None
        if local is not None:
            local.shutdown(wait=False)  # a check still running there is awaited by its caller


def _shares(raws: list[bytes], count: int) -> list[list[bytes]]:
    """`raws` cut into `count` consecutive parts whose lengths differ by one at most."""
    size, extra = divmod(len(raws), count)
    parts, at = [], 0
    for i in range(count):
        end = at + size + (i < extra)
        parts.append(raws[at:end])
        at = end
    return parts


def _close(fds: Iterable[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):  # closed already, by a file object that held it
            os.close(fd)


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
            await worker.wait()
    except TimeoutError:
        worker.kill()
        await worker.wait()
    finally:
        worker.close()
