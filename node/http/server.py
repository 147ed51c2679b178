"""The HTTP server around the app: connection limits, the request-head deadline, and bad HTTP
answered as problem+json.

aiohttp has no deadline for a request head, no limit on open connections, and answers
unparseable requests itself in plain text with a logged traceback. This module is the one
place that reaches past aiohttp's public API for those, and `tests/reliability/
test_http_hostile.py` checks each of them against the installed version:

- `GuardedSite` is a `web.BaseSite` (as aiohttp's own sites are) that creates the listening
  server with its own protocol factory;
- `_Handler` is a `web.RequestHandler` whose `handle_error` (called by aiohttp for requests
  its parser refuses) answers with a problem and one rate-limited log line.
"""

from __future__ import annotations

import asyncio
import resource
import socket
from typing import Any

from aiohttp import http_exceptions, web

from . import limits, quiet
from .problems import problem

__all__ = ["HANDLER_ARGS", "GuardedSite", "Connections", "make_runner", "max_connections"]

#: Settings of every connection handler (aiohttp's own bounds, made explicit).
HANDLER_ARGS: dict[str, Any] = {
    "keepalive_timeout": limits.KEEPALIVE_SECONDS,
    "max_line_size": 8190,
    "max_field_size": 8190,
    "max_headers": 64,
}

#: Connections accepted in one go before any is counted (asyncio accepts up to the backlog).
BACKLOG = 128
#: Connections the kernel holds until they are accepted: a flood of new connections must not
#: overflow it, or a health check's connection waits a second for its SYN to be sent again.
LISTEN_QUEUE = 4096


def max_connections() -> int:
    """Open connections at most: MAX_CONNECTIONS, or fewer so that FD_RESERVE descriptors stay
    free under the process's file limit (a systemd unit's default is 1,024) even while a
    backlog of new connections is accepted and as many displaced ones are being closed."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return limits.MAX_CONNECTIONS
    return max(16, min(limits.MAX_CONNECTIONS, soft - limits.FD_RESERVE - 2 * BACKLOG))


class Connections:
    """Connections with a request in progress, and new ones yet to send their first request
    (both marked by `middleware`, which every request passes first and which sends each
    whole answer within WRITE_SECONDS)."""

    def __init__(self) -> None:
        self.busy: dict[object, int] = {}
        self.waiting: set[object] = set()

    @web.middleware
    async def middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        conn = request.protocol
        self.waiting.discard(conn)
        self.busy[conn] = self.busy.get(conn, 0) + 1
        try:
            response = await handler(request)
            if not response.prepared:  # a live stream bounds its own writes
                await _send(request, response)
            return response
        finally:
            left = self.busy[conn] - 1
            if left:
                self.busy[conn] = left
            else:
                del self.busy[conn]


CONNECTIONS: web.AppKey[Connections] = web.AppKey("connections", Connections)


async def _send(request: web.Request, response: web.StreamResponse) -> None:
    """Send the whole answer within WRITE_SECONDS. aiohttp would wait forever on a client
    that does not read, holding the connection and the answer in memory; it is dropped."""
    try:
        async with asyncio.timeout(limits.WRITE_SECONDS):
            await response.prepare(request)
            await response.write_eof()
    except TimeoutError:
        quiet.note("slow reader", f"an answer not taken within {limits.WRITE_SECONDS:g} s")
        if request.transport is not None:
            request.transport.abort()


_DETAILS: list[tuple[type[Exception], int, str, str]] = [
    (
        http_exceptions.LineTooLong,
        400,
        "line_too_long",
        "the request line or a header is longer than 8190 bytes: shorten the URL or header",
    ),
    (
        http_exceptions.BadStatusLine,
        400,
        "bad_http",
        "this is not an HTTP/1.1 request line (method, path, HTTP/1.1)",
    ),
    (
        http_exceptions.InvalidHeader,
        400,
        "bad_header",
        "a header is malformed or repeated where only one is allowed",
    ),
]


class _Handler(web.RequestHandler):
    def __init__(self, site: GuardedSite, server: web.Server, **kwargs: Any) -> None:
        super().__init__(server, **kwargs)
        self.site = site
        self.deadline: asyncio.TimerHandle | None = None

    def connection_lost(self, exc: BaseException | None) -> None:
        super().connection_lost(exc)
        self.site.forget(self)

    def handle_error(
        self,
        request: Any,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        code, detail = "bad_http", "the request is not valid HTTP/1.1"
        for kind, kind_status, kind_code, kind_detail in _DETAILS:
            if isinstance(exc, kind):
                status, code, detail = kind_status, kind_code, kind_detail
                break
        if status >= 500:
            code, detail = "internal_error", "the node failed to answer this request"
        quiet.note("bad request", f"{code} from {request.remote}")
        if request.writer.output_size > 0:  # an answer was begun: the connection is broken
            raise ConnectionError("the answer was already begun")
        response = problem(status, code, detail)
        response.force_close()
        return response


class GuardedSite(web.BaseSite):
    """A TCP site that bounds open connections and closes those that never send a request.

    At the limit a new connection first displaces the oldest one with no request in
    progress (a half-open or idle one); if every connection is busy it is closed at once.
    """

    __slots__ = ("_host", "_port", "_app", "_limit", "_deadline", "open")

    def __init__(self, runner: web.AppRunner, host: str, port: int) -> None:
        super().__init__(runner, backlog=BACKLOG)
        self._host, self._port = host, port
        self._app = runner.app
        self._limit = max_connections()
        self._deadline = limits.HEADER_SECONDS
        #: Every connection from its creation (aiohttp counts it only once it is set up, which
        #: may be after a whole backlog of others was accepted), oldest first.
        self.open: dict[_Handler, None] = {}

    @property
    def name(self) -> str:
        return f"http://{self._host}:{self._port}"

    async def start(self) -> None:
        await super().start()
        quiet.install()
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            self._accept, self._host, self._port, backlog=self._backlog, reuse_address=True
        )
        for listening in self._server.sockets:
            # asyncio listens with the backlog it also accepts in one go; the kernel's queue
            # may be longer (the kernel caps it at net.core.somaxconn).
            sock = socket.socket(fileno=listening.fileno())
            try:
                sock.listen(LISTEN_QUEUE)
            finally:
                sock.detach()

    def _accept(self) -> asyncio.BaseProtocol:
        server = self._runner.server
        assert server is not None
        conns = self._app[CONNECTIONS]
        if len(self.open) >= self._limit and not self._displace(conns):
            quiet.note("connection limit", f"{self._limit} connections open, one refused")
            return _Refuse()
        loop = asyncio.get_running_loop()
        handler = _Handler(self, server, loop=loop, **HANDLER_ARGS)
        self.open[handler] = None
        conns.waiting.add(handler)
        handler.deadline = loop.call_later(self._deadline, self._check_started, handler, conns)
        return handler

    def _displace(self, conns: Connections) -> bool:
        for old in self.open:
            if old not in conns.busy and old.transport is not None:
                del self.open[old]
                old.transport.abort()  # its descriptor is freed on the loop's next turn
                quiet.note("connection limit", f"{self._limit} open: the oldest idle one closed")
                return True
        return False

    def forget(self, handler: _Handler) -> None:
        """A connection closed: nothing here may keep its handler alive."""
        self.open.pop(handler, None)
        self._app[CONNECTIONS].waiting.discard(handler)
        if handler.deadline is not None:
            handler.deadline.cancel()

    def _check_started(self, handler: _Handler, conns: Connections) -> None:
        if handler not in conns.waiting:
            return
        conns.waiting.discard(handler)
        if handler.transport is not None and not handler.transport.is_closing():
            quiet.note("request head timeout", f"no request within {self._deadline:g} s: closed")
            handler.transport.abort()


class _Refuse(asyncio.Protocol):
    """Closes a connection over the limit at once."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        transport.abort()


def make_runner(app: web.Application) -> web.AppRunner:
    """The runner for the node's app (sites: `GuardedSite`)."""
    return web.AppRunner(
        app, access_log=None, handle_signals=False, shutdown_timeout=2.0, **HANDLER_ARGS
    )


async def serve(app: web.Application, host: str, port: int) -> web.AppRunner:
    """Start serving `app` on host:port; stop with the runner's `cleanup()`."""
    runner = make_runner(app)
    await runner.setup()
    try:
        await GuardedSite(runner, host, port).start()
    except BaseException:
        await runner.cleanup()
        raise
    return runner
