"""Server-Sent Events of newly accepted events, resumable with Last-Event-ID (= local n)."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections import deque
from functools import partial
from typing import Annotated

import msgspec
from aiohttp import web

from protocol import Event

from ..errors import Busy
from ..store.queries import events_after
from . import limits, openapi
from .keys import NODE
from .limits import StreamGate, client_of
from .params import Text, query
from .problems import HTTPProblem

HEARTBEAT = 15.0
GONE_CHECK = 1.0
QUEUE_SIZE = 1000
#: Stored events read at a time while replaying: a client that reads slowly (or not at all)
#: holds at most this many (each at most 64 KiB) plus the socket's buffers.
REPLAY_BATCH = 16
_GATE: web.AppKey[StreamGate] = web.AppKey("stream_gate", StreamGate)


class _Listener:
    """One open stream's share of the accepted events: at most QUEUE_SIZE waiting, and one
    wake for the handler, however many arrive (no task or queue per event)."""

    def __init__(self) -> None:
        self.waiting: deque[tuple[int, Event]] = deque()
        self.overflowed = False  # events were dropped: the client resumes from its last id
        self.closing = False
        self._wake: asyncio.Future[None] | None = None

    def __call__(self, accepted: list[tuple[int, Event]]) -> None:
        if len(self.waiting) + len(accepted) > QUEUE_SIZE:
            self.overflowed = True
        else:
            self.waiting.extend(accepted)
        self.wake()

    def wake(self) -> None:
        if self._wake is not None and not self._wake.done():
            self._wake.set_result(None)

    async def wait(self, seconds: float) -> None:
        """Return when events wait, the stream is closing, or after `seconds`."""
        if self.waiting or self.overflowed or self.closing:
            return
        self._wake = asyncio.get_running_loop().create_future()
        try:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(seconds):
                    await self._wake
        finally:
            self._wake = None


_OPEN: web.AppKey[set[_Listener]] = web.AppKey("streams_open", set)


class _Stalled(Exception):
    """The client took nothing for limits.WRITE_SECONDS."""


async def _write(response: web.StreamResponse, data: bytes) -> None:
    try:
        async with asyncio.timeout(limits.WRITE_SECONDS):
            await response.write(data)
    except TimeoutError:
        raise _Stalled from None


def _resume_point(request: web.Request) -> int | None:
    """The event number to resume after, or None: only events accepted from now on."""
    for source, value in (
        ("Last-Event-ID", request.headers.get("Last-Event-ID")),
        ("after", request.query.get("after")),
    ):
        if value is None or value == "":
            continue
        if not value.isascii() or not value.isdigit() or len(value) > 16:
            raise HTTPProblem(
                400,
                "bad_parameter",
                f"{source} must be an event number (the id of the last event received)",
                source,
            )
        return int(value)
    return None


def _newest(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COALESCE(MAX(n), 0) FROM events").fetchone()[0])


def _gone(request: web.Request) -> bool:
    transport = request.transport
    return transport is None or transport.is_closing()


def _frame(n: int, raw: bytes) -> bytes:
    # Canonical JSON has no raw newlines, so one data line carries the whole event.
    return b"id: %d\nevent: event\ndata: %s\n\n" % (n, raw)


class StreamQuery(msgspec.Struct, kw_only=True):
    after: (
        Annotated[
            int,
            msgspec.Meta(ge=0, le=10**16 - 1, description="resume after this local event number"),
        ]
        | None
    ) = None
    author: Text | None = None
    kind: Text | None = None


@openapi.describe(
    query=StreamQuery,
    headers={"Last-Event-ID": "resume after this local event number (before `after`)"},
    answers={
        200: openapi.text(
            "text/event-stream",
            "SSE: `id:` local number, `event: event`, `data:` the signed event JSON;"
            " a comment heartbeat every 15 s",
        )
    },
    problems={400: ("bad_parameter",), 503: ("too_many_streams",)},
)
async def stream(request: web.Request) -> web.StreamResponse:
    """Live events as SSE: stored events after Last-Event-ID (or ?after=) first, then live;
    without either, only events accepted from now on."""
    resume = _resume_point(request)
    q = query(request, StreamQuery)
    author, kind = q.author, q.kind
    with request.app[_GATE].admit(client_of(request)):
        return await _serve(request, resume, author, kind)


async def _serve(
    request: web.Request, resume: int | None, author: str | None, kind: str | None
) -> web.StreamResponse:
    node = request.app[NODE]
    listener = _Listener()
    open_streams = request.app[_OPEN]
    # Listen before replaying, so nothing accepted in between is missed.
    node.listeners.append(listener)
    open_streams.add(listener)
    last = resume if resume is not None else await node.store.read(_newest)
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",
        }
    )
    try:
        await response.prepare(request)
        await _write(response, b": citymesh event stream\n\n")
        while True:
            rows = await node.store.read(
                partial(events_after, after=last, author=author, kind=kind, limit=REPLAY_BATCH)
            )
            for n, raw in rows:
                await _write(response, _frame(n, raw))
            if rows:
                last = rows[-1][0]
            if len(rows) < REPLAY_BATCH:
                break
        loop = asyncio.get_running_loop()
        quiet_since = loop.time()
        while not listener.closing and not _gone(request):
            # Wake every second at least: aiohttp does not cancel a handler whose client
            # went away.
            await listener.wait(GONE_CHECK)
            if listener.overflowed:
                break  # events were dropped: the client resumes from its last id
            if not listener.waiting:
                if not listener.closing and loop.time() - quiet_since >= HEARTBEAT:
                    await _write(response, b": heartbeat\n\n")
                    quiet_since = loop.time()
                continue
            frames = []
            while listener.waiting:
                n, event = listener.waiting.popleft()
                env = event.head
                if n <= last or (author and env.author != author) or (kind and env.kind != kind):
                    continue  # already replayed, or filtered out
                frames.append(_frame(n, event.raw))
                last = n
            if frames:
                await _write(response, b"".join(frames))
                quiet_since = loop.time()
    except ConnectionResetError:
        pass  # the client went away
    except Busy:
        pass  # the replay could not be read in time: the client resumes from its last id
    except _Stalled:
        _drop(request)
        return response
    finally:
        open_streams.discard(listener)
        with contextlib.suppress(ValueError):
            node.listeners.remove(listener)
    try:
        async with asyncio.timeout(limits.WRITE_SECONDS):
            await response.write_eof()
    except TimeoutError:
        _drop(request)
    except ConnectionResetError:
        pass
    return response


def _drop(request: web.Request) -> None:
    """Close the connection of a client that stopped reading, with all it holds: aiohttp
    would otherwise wait forever to finish the answer. It resumes by its last id."""
    if request.transport is not None:
        request.transport.abort()


async def _on_shutdown(app: web.Application) -> None:
    # Open streams would otherwise hold the server's graceful shutdown for its full timeout.
    for listener in app[_OPEN]:
        listener.closing = True
        listener.wake()


def setup(app: web.Application) -> None:
    app[_OPEN] = set()
    app[_GATE] = StreamGate()
    app.on_shutdown.append(_on_shutdown)
    app.router.add_get("/api/v1/stream", stream)
