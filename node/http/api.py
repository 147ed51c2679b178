"""JSON API: events, digest, node card, health, and the admin routes the CLI uses."""

from __future__ import annotations

import re
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import msgspec
from aiohttp import web

from protocol.canonical import parse_json
from protocol.errors import ProtocolError

from ..store import text_index
from ..store.erasure import REASONS, EraseError
from ..store.queries import events_after
from . import limits
from .auth import require_admin
from .keys import NODE
from .params import integer, text
from .problems import HTTPProblem

MAX_LIMIT = 500
_EVENT_ID = re.compile(r"^[0-9a-f]{64}$")


class PublishRequest(msgspec.Struct, forbid_unknown_fields=True):
    kind: str
    body: dict[str, Any]


class FollowRequest(msgspec.Struct, forbid_unknown_fields=True):
    url: str
    all: bool = False
    author: str | None = None


class EraseRequest(msgspec.Struct, forbid_unknown_fields=True):
    event: str
    reason: str


class UnfollowRequest(msgspec.Struct, forbid_unknown_fields=True):
    author: str


async def read_json(request: web.Request, type_: type[Any]) -> Any:
    """Decode a request body into `type_`, with problems naming the field."""
    raw = await limits.read_body(request)
    try:
        value = parse_json(raw)
    except ProtocolError as exc:
        raise HTTPProblem(400, exc.code, exc.detail) from None
    try:
        return msgspec.convert(value, type_)
    except msgspec.ValidationError as exc:
        from protocol.kinds import schema_error

        err = schema_error(exc, "$")
        raise HTTPProblem(422, err.code, err.detail, err.path) from None


def raw_json(rows: list[bytes]) -> bytes:
    return b"[" + b",".join(rows) + b"]"


async def card(request: web.Request) -> web.Response:
    return web.json_response(await request.app[NODE].card())


async def healthz(request: web.Request) -> web.Response:
    node = request.app[NODE]
    ok = node.transport.connected
    return web.json_response(
        {"status": "ok" if ok else "degraded", "nats": ok, "id": node.id},
        status=200 if ok else 503,
    )


async def post_event(request: web.Request) -> web.Response:
    require_admin(request)
    req: PublishRequest = await read_json(request, PublishRequest)
    event = await request.app[NODE].publish(req.kind, req.body)
    return web.Response(
        body=event.raw,
        status=201,
        content_type="application/json",
        headers={"Location": f"/api/v1/events/{event.envelope.id}"},
    )


async def list_events(request: web.Request) -> web.Response:
    """Signed events in local arrival order; `after` is the cursor from the previous page."""
    after = integer(request, "after", 0)
    limit = integer(request, "limit", 100, 1, MAX_LIMIT)
    author, kind = text(request, "author"), text(request, "kind")
    rows = await request.app[NODE].store.read(
        partial(events_after, after=after, author=author, kind=kind, limit=limit)
    )
    next_cursor = rows[-1][0] if len(rows) == limit else None
    body = (
        b'{"events":'
        + raw_json([r[1] for r in rows])
        + b',"next":'
        + (str(next_cursor).encode() if next_cursor else b"null")
        + b"}"
    )
    return web.Response(body=body, content_type="application/json")


async def get_event(request: web.Request) -> web.Response:
    event_id = request.match_info["id"]
    if not _EVENT_ID.match(event_id):
        raise HTTPProblem(404, "not_found", "no such event: an event id is 64 hex digits", "id")
    row = await request.app[NODE].store.read(
        lambda c: c.execute("SELECT raw FROM events WHERE id = ?", (event_id,)).fetchone()
    )
    if row is None:
        raise HTTPProblem(404, "not_found", f"no event {event_id[:80]}")
    return web.Response(body=row[0], content_type="application/json")


async def digest(request: web.Request) -> web.Response:
    author = text(request, "author")
    return web.json_response(await request.app[NODE].store.digest(author))


async def follow(request: web.Request) -> web.Response:
    require_admin(request)
    req: FollowRequest = await read_json(request, FollowRequest)
    _check_url(req.url)
    result = await request.app[NODE].follow(req.url, everything=req.all, author=req.author)
    return web.json_response(result, status=201 if result["added"] else 200)


def _check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a bracket left open, a port that is not a number
        ok = False
    if not ok or len(url) > 2000 or not url.isprintable() or " " in url:
        raise HTTPProblem(
            422,
            "bad_url",
            "url must be the peer's http:// or https:// address, such as https://node.example.org",
            "$.url",
        )


async def unfollow(request: web.Request) -> web.Response:
    require_admin(request)
    req: UnfollowRequest = await read_json(request, UnfollowRequest)
    stopped = await request.app[NODE].unfollow(req.author)
    return web.json_response({"author": req.author, "stopped": stopped})


async def erase(request: web.Request) -> web.Response:
    """This node's operator erases one event (SPEC.md §6.4): its body leaves this node now.
    An event of the node's own is erased for every node: an `erasure` event is published."""
    require_admin(request)
    req: EraseRequest = await read_json(request, EraseRequest)
    if not _EVENT_ID.match(req.event):
        raise HTTPProblem(422, "bad_value", "event must be an event id: 64 hex digits", "$.event")
    if req.reason not in REASONS:
        raise HTTPProblem(
            422, "bad_value", f"reason must be one of: {', '.join(REASONS)}", "$.reason"
        )
    node = request.app[NODE]
    own = await node.store.read(
        lambda c: c.execute("SELECT author FROM events WHERE id = ?", (req.event,)).fetchone()
    )
    if own is not None and own[0] == node.id:
        event = await node.publish("erasure", {"events": [req.event], "reason": req.reason})
        return web.json_response(
            {"id": req.event, "reason": req.reason, "erasure": event.envelope.id}, status=201
        )
    try:
        done = await node.store.erase(req.event, req.reason)
    except EraseError as exc:
        raise HTTPProblem(exc.status, exc.code, exc.detail, "$.event") from None
    node.transport.wake.set()  # the stream's copy goes next
    # The erased object's words go, and the log is truncated, now: not at the next event.
    await text_index.index_all(node.store)
    return web.json_response(done, status=201 if done["erased"] else 200)


async def status(request: web.Request) -> web.Response:
    heads = request.query.get("heads", "1") not in ("0", "false", "no")
    return web.json_response(await request.app[NODE].status(heads=heads))


def setup(app: web.Application) -> None:
    app.router.add_get("/.well-known/citymesh", card)
    app.router.add_get("/healthz", healthz)
    app.router.add_post("/api/v1/events", post_event)
    app.router.add_get("/api/v1/events", list_events)
    app.router.add_get("/api/v1/events/{id}", get_event)
    app.router.add_get("/api/v1/view/digest", digest)
    app.router.add_get("/api/v1/status", status)
    app.router.add_post("/api/v1/admin/follow", follow)
    app.router.add_post("/api/v1/admin/unfollow", unfollow)
    app.router.add_post("/api/v1/admin/erase", erase)
