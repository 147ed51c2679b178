"""What one client may hold of the node: time to send its request, body size and time, time
on the database, live streams. Beyond a bound the client gets a problem naming it, never an
unbounded wait."""

from __future__ import annotations

import asyncio
import ipaddress
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from aiohttp import web

from ..errors import Busy
from ..store import budget
from . import pages
from .problems import HTTPProblem

T = TypeVar("T")

__all__ = [
    "BODY_BYTES",
    "BODY_SECONDS",
    "HEADER_SECONDS",
    "KEEPALIVE_SECONDS",
    "WRITE_SECONDS",
    "READ_SECONDS",
    "WHOLE_READ_SECONDS",
    "WHOLE_READS",
    "WHOLE_READERS",
    "WHOLE_READS_PER_CLIENT",
    "WHOLE_READ_PROBLEMS",
    "MAX_CONNECTIONS",
    "FD_RESERVE",
    "STREAMS",
    "STREAMS_PER_CLIENT",
    "read_body",
    "middleware",
    "read_whole",
    "sending",
    "client_of",
    "StreamGate",
]

#: A request body larger than this is refused with 413 (the largest event is 64 KiB).
BODY_BYTES = 256 * 1024
#: The whole body must arrive within this time once the headers are in.
BODY_SECONDS = 30.0
#: A connection that has not sent a complete request head by then is closed (slowloris).
HEADER_SECONDS = 10.0
#: An idle keep-alive connection, or one part-way through its next request head, is closed.
KEEPALIVE_SECONDS = 15.0
#: A live stream whose client takes nothing for this long is closed (it resumes with its id).
WRITE_SECONDS = 30.0
#: Each database read a request makes ends within this time (queueing for a reader thread
#: included), or the request is answered 503 with Retry-After (see `store.budget`).
READ_SECONDS = 5.0
#: ... but a read of the whole view or of a whole collection (the digest, every head in the
#: status, the GeoJSON, iCalendar and CSV feeds, the outbox's count) may take this long, one
#: at a time (`read_whole`), so that one reader thread stays free for everything else.
WHOLE_READ_SECONDS = 120.0
WHOLE_READS = web.AppKey("whole_reads", asyncio.Semaphore)
#: Whole reads running or waiting, per client address: at most `WHOLE_READS_PER_CLIENT`
#: each (the map page asks for two collections at once), so that no client fills the queue
#: of the one that may run (beyond: 429).
WHOLE_READERS = web.AppKey("whole_readers", Counter)
WHOLE_READS_PER_CLIENT = 2
#: The problems of a route that reads a whole (see `read_whole`).
WHOLE_READ_PROBLEMS: dict[int, tuple[str, ...]] = {429: ("too_many_reads",)}
#: Open HTTP connections at most; fewer if the file limit is low (see `server`).
MAX_CONNECTIONS = 4096
#: File descriptors kept for the database, NATS, logs and outgoing connections.
FD_RESERVE = 256
#: Live streams at most, in all and per client address.
STREAMS = 256
STREAMS_PER_CLIENT = 32


async def read_body(request: web.Request) -> bytes:
    """The whole body, within BODY_BYTES and BODY_SECONDS (413 or 408 beyond)."""
    if request.content_length is not None and request.content_length > BODY_BYTES:
        raise HTTPProblem(413, "too_large", f"the body is larger than {BODY_BYTES} bytes")
    try:
        async with asyncio.timeout(BODY_SECONDS):
            return await request.read()
    except TimeoutError:
        raise HTTPProblem(
            408, "body_timeout", f"the body did not arrive within {BODY_SECONDS:g} seconds"
        ) from None
    except web.HTTPRequestEntityTooLarge:
        raise HTTPProblem(413, "too_large", f"the body is larger than {BODY_BYTES} bytes") from None


@web.middleware
async def middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Every read a request makes has its time budget. A page a browser asked for that could
    not be read in time is answered with a page, not a problem document."""
    with budget.within(READ_SECONDS):
        try:
            return await handler(request)
        except Busy as exc:
            accept = request.headers.get("Accept", "")[:200]
            if request.method != "GET" or not accept.startswith("text/html"):
                raise
            return pages.busy(request, exc.retry_after or budget.RETRY_SECONDS)


async def read_whole(request: web.Request, reads: Callable[[], Awaitable[T]]) -> T:
    """What `reads()` returns: store reads of the whole view or of a whole collection, within
    `WHOLE_READ_SECONDS` (waiting for the one such read that may run included)."""
    whole, seconds = request.app[WHOLE_READS], WHOLE_READ_SECONDS
    readers, client = request.app[WHOLE_READERS], client_of(request)
    if readers[client] >= WHOLE_READS_PER_CLIENT:
        raise HTTPProblem(
            429,
            "too_many_reads",
            f"this client already has {WHOLE_READS_PER_CLIENT} reads of the whole view running"
            " or waiting; ask again once one is answered",
        )
    readers[client] += 1
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    try:
        async with asyncio.timeout_at(end):
            await whole.acquire()
    except BaseException as exc:
        _done(readers, client)
        if isinstance(exc, TimeoutError):
            raise budget.busy(seconds) from None
        raise
    remaining = max(0.0, end - loop.time())

    async def run() -> T:
        with budget.within(remaining):
            return await reads()

    reading = asyncio.ensure_future(run())

    # Released when the reads end, not when the request does: a client that goes away
    # leaves its read running on its thread until its budget ends.
    def ended(done: asyncio.Future[T]) -> None:
        whole.release()
        _done(readers, client)
        if not done.cancelled():
            done.exception()  # an abandoned read's error is not logged as never retrieved

    reading.add_done_callback(ended)
    return await asyncio.shield(reading)


@contextmanager
def sending(request: web.Request) -> Iterator[None]:
    """Count the sending of a whole read's answer against its client too, as its read was:
    a large export waits in a temporary file until its client has taken it all."""
    readers, client = request.app[WHOLE_READERS], client_of(request)
    readers[client] += 1
    try:
        yield
    finally:
        _done(readers, client)


def _done(readers: Counter[str], client: str) -> None:
    readers[client] -= 1
    if readers[client] <= 0:
        del readers[client]


def client_of(request: web.Request) -> str:
    """The client's address; behind a reverse proxy on this host, the one it forwarded."""
    remote = request.remote or ""
    try:
        local = ipaddress.ip_address(remote).is_loopback
    except ValueError:
        local = False
    forwarded = request.headers.get("X-Forwarded-For", "")
    if local and forwarded:
        # The proxy appends the address it saw: the last entry is the one it vouches for.
        return forwarded.rsplit(",", 1)[-1].strip()[:64] or remote
    return remote


class StreamGate:
    """Counts live streams in all and per client; `admit` refuses beyond the bounds."""

    def __init__(self, total: int = STREAMS, per_client: int = STREAMS_PER_CLIENT) -> None:
        self.total, self.per_client = total, per_client
        self.open: Counter[str] = Counter()

    @contextmanager
    def admit(self, client: str) -> Iterator[None]:
        if sum(self.open.values()) >= self.total:
            raise HTTPProblem(
                503,
                "too_many_streams",
                f"this node serves at most {self.total} live streams at once; retry later",
            )
        if self.open[client] >= self.per_client:
            raise HTTPProblem(
                503,
                "too_many_streams",
                f"at most {self.per_client} live streams per client address; close one first",
            )
        self.open[client] += 1
        try:
            yield
        finally:
            self.open[client] -= 1
            if not self.open[client]:
                del self.open[client]
