"""Server-Sent Events of newly accepted events, resumable with Last-Event-ID (= local n)."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from functools import partial
from typing import Annotated

import msgspec
from aiohttp import web

from protocol import Event

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
_CLOSING: web.AppKey[asyncio.Event] = web.AppKey("stream_closing", asyncio.Event)
_GATE: web.AppKey[StreamGate] = web.AppKey("stream_gate", StreamGate)


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
    queue: asyncio.Queue[tuple[int, Event]] = asyncio.Queue(maxsize=QUEUE_SIZE)
    # Listen before replaying, so nothing accepted in between is missed.
    node.listeners.append(queue)
    last = resume if resume is not None else await node.store.read(_newest)
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",
        }
    )
    closing = request.app[_CLOSING]
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
        while not closing.is_set() and not _gone(request):
            if queue.full():
                break  # events may have been dropped: the client resumes from its last id
            getter = asyncio.ensure_future(queue.get())
            stopper = asyncio.ensure_future(closing.wait())
            # Wake every second: aiohttp does not cancel a handler whose client went away.
            done, _ = await asyncio.wait(
                {getter, stopper}, timeout=GONE_CHECK, return_when=asyncio.FIRST_COMPLETED
            )
            stopper.cancel()
            if getter not in done:
                getter.cancel()
                if not done and loop.time() - quiet_since >= HEARTBEAT:
                    await _write(response, b": heartbeat\n\n")
                    quiet_since = loop.time()
                continue
            n, event = getter.result()
            env = event.head
            if n <= last or (author and env.author != author) or (kind and env.kind != kind):
                continue  # already replayed, or filtered out
            await _write(response, _frame(n, event.raw))
            quiet_since = loop.time()
    except ConnectionResetError:
        pass  # the client went away
    except _Stalled:
        _drop(request)
        return response
    finally:
        with contextlib.suppress(ValueError):
            node.listeners.remove(queue)
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
    app[_CLOSING].set()


def setup(app: web.Application) -> None:
    app[_CLOSING] = asyncio.Event()
    app[_GATE] = StreamGate()
    app.on_shutdown.append(_on_shutdown)
    app.router.add_get("/api/v1/stream", stream)
