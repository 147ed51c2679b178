"""NATS over WebSocket on the node's HTTP port: `/nats` relays to the embedded nats-server.

The embedded server listens for WebSocket clients on loopback only; this handler joins a
follower's upgraded connection to that listener, frame for frame. Followers then need only
the node's HTTP(S) port, the one a city's firewall opens. NATS authentication passes through
unchanged: nats-server itself checks the read-only `peer` user and its permissions.

Bounded per node (`MAX_CONNECTIONS`), per frame (`MAX_FRAME_BYTES` from the client), and in
time: a connection that carries nothing for `IDLE_SECONDS` (longer than NATS's own pings) is
closed, as is one whose frames are not taken within `limits.WRITE_SECONDS`.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp
from aiohttp import web

from . import limits, openapi
from .keys import NODE
from .problems import HTTPProblem

__all__ = ["PATH", "public_url", "loopback_port", "setup"]

PATH = "/nats"
#: Open relayed connections at most (the peers' NATS account allows 100 connections).
MAX_CONNECTIONS = 128
#: A frame from a follower: NATS commands of a peer are small (its max_payload is 4 KB).
MAX_FRAME_BYTES = 64 * 1024
#: A frame from our own server: a direct-get batch, below nats-server's max_pending.
MAX_UPSTREAM_FRAME_BYTES = 4 * 1024 * 1024
#: NATS pings every two minutes; a connection silent for longer than this is gone.
IDLE_SECONDS = 300.0
#: Time a closing side gets to answer the close (a client that has gone never does).
CLOSE_SECONDS = 1.0
#: Time to reach the loopback listener.
UPSTREAM_CONNECT_SECONDS = 5.0

_OPEN: web.AppKey[set[Any]] = web.AppKey("natsws_open")


def public_url(http_url: str) -> str:
    """The WebSocket URL peers use: `wss://HOST/nats` for https, `ws://` for plain http."""
    parts = urlsplit(http_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") + PATH, "", ""))


def loopback_port() -> int:
    """A loopback port free now, for the embedded server's WebSocket listener."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _pump(
    source: web.WebSocketResponse | aiohttp.ClientWebSocketResponse,
    sink: web.WebSocketResponse | aiohttp.ClientWebSocketResponse,
) -> None:
    """Copy binary and text frames until either side closes, stays idle, or stops reading."""
    while True:
        try:
            msg = await source.receive(timeout=IDLE_SECONDS)
        except TimeoutError:
            return
        if msg.type == aiohttp.WSMsgType.BINARY:
            send = sink.send_bytes(msg.data)
        elif msg.type == aiohttp.WSMsgType.TEXT:
            send = sink.send_str(msg.data)
        else:  # closed, closing, or an error (a frame over the limit among them)
            return
        try:
            async with asyncio.timeout(limits.WRITE_SECONDS):
                await send
        except (TimeoutError, ConnectionError):
            return


@openapi.describe(
    answers={101: openapi.Answer("Switching Protocols: NATS over WebSocket (binary frames)")},
    problems={404: ("no_websocket",), 502: ("nats_down",), 503: ("busy",)},
)
async def relay(request: web.Request) -> web.StreamResponse:
    """NATS over WebSocket, relayed to the node's own nats-server (peers' read-only user)."""
    node = request.app[NODE]
    if node.ws_port is None:
        raise HTTPProblem(
            404, "no_websocket", "this node's NATS server is external: connect to it directly"
        )
    open_ = request.app[_OPEN]
    if len(open_) >= MAX_CONNECTIONS:
        raise HTTPProblem(
            503, "busy", f"{MAX_CONNECTIONS} NATS WebSocket connections are open; try again later"
        )
    timeout = aiohttp.ClientWSTimeout(ws_close=CLOSE_SECONDS)
    session = aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=None, sock_connect=UPSTREAM_CONNECT_SECONDS)
    )
    try:
        upstream = await session.ws_connect(
            f"ws://127.0.0.1:{node.ws_port}/",
            max_msg_size=MAX_UPSTREAM_FRAME_BYTES,
            timeout=timeout,
            autoping=True,
        )
    except (aiohttp.ClientError, TimeoutError):
        await session.close()
        raise HTTPProblem(
            502, "nats_down", "the node's NATS server does not answer; try again shortly"
        ) from None
    ws = web.WebSocketResponse(max_msg_size=MAX_FRAME_BYTES, autoping=True, timeout=CLOSE_SECONDS)
    open_.add(ws)
    try:
        await ws.prepare(request)
        pumps = [
            asyncio.create_task(_pump(ws, upstream)),
            asyncio.create_task(_pump(upstream, ws)),
        ]
        try:
            await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in pumps:
                task.cancel()
            await asyncio.gather(*pumps, return_exceptions=True)
    finally:
        for side in (upstream, ws):
            with contextlib.suppress(Exception):
                async with asyncio.timeout(CLOSE_SECONDS + 1):
                    await side.close()
        await session.close()
        open_.discard(ws)
    return ws


async def _on_shutdown(app: web.Application) -> None:
    # Open relays would hold the server's graceful shutdown for its full timeout.
    open_ = app[_OPEN]
    for ws in list(open_):
        with contextlib.suppress(Exception):
            await ws.close(code=aiohttp.WSCloseCode.GOING_AWAY)


def setup(app: web.Application) -> None:
    app[_OPEN] = set()
    app.on_shutdown.append(_on_shutdown)
    app.router.add_get(PATH, relay)
