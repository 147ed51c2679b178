"""JSON API: events, digest, node card, health, and the admin routes the CLI uses."""

from __future__ import annotations

import re
from functools import partial
from typing import Annotated, Any
from urllib.parse import urlsplit

import msgspec
from aiohttp import web
from msgspec import Meta

from protocol import Envelope
from protocol.canonical import parse_json
from protocol.card import Card
from protocol.errors import CODES as PROTOCOL_CODES
from protocol.errors import ProtocolError
from protocol.kinds.types import EventId

from ..store import text_index
from ..store.erasure import REASONS, EraseError
from ..store.queries import events_after
from . import limits, openapi
from .auth import require_admin
from .keys import NODE
from .params import MAX_INT, Text, query
from .problems import HTTPProblem

MAX_LIMIT = 500
_EVENT_ID = re.compile(r"^[0-9a-f]{64}$")

#: What reading a JSON body can answer (`read_json`): JSON that is not well formed (400), a
#: body too slow or too large, and a value that does not fit the route's Struct (422).
BODY_PROBLEMS: dict[int, tuple[str, ...]] = {
    400: ("bad_json", "duplicate_key", "float_forbidden", "too_deep"),
    408: ("body_timeout",),
    413: ("too_large",),
    422: ("missing_field", "unknown_field", "bad_field_type", "bad_value"),
}
#: What publishing as the node can answer besides its body's problems.
WRITE_PROBLEMS: dict[int, tuple[str, ...]] = {
    409: ("not_writer", "writer_conflict"),
    503: ("storage_failed",),
    507: ("storage_full",),
}


class PublishRequest(msgspec.Struct, forbid_unknown_fields=True):
    """An event to sign and publish as the node: its kind and body."""

    kind: str
    body: dict[str, Any]


class FollowRequest(msgspec.Struct, forbid_unknown_fields=True):
    """A peer to follow: its address, and everything it relays (`all`) or one author."""

    url: str
    all: bool = False
    author: str | None = None


class FollowResult(msgspec.Struct):
    """The peer followed: its id and name, and what is followed."""

    peer: str
    name: str
    filter: str
    added: bool


class EraseRequest(msgspec.Struct, forbid_unknown_fields=True):
    """An event whose body this node erases, and why."""

    event: str
    reason: str


class UnfollowRequest(msgspec.Struct, forbid_unknown_fields=True):
    """An author this node stops following."""

    author: str


class Unfollowed(msgspec.Struct):
    author: str
    stopped: int


class Health(msgspec.Struct):
    """`ok` while the node's NATS connection is up, else `degraded`."""

    status: str
    nats: bool
    id: str


class EventPage(msgspec.Struct):
    """Signed events as stored, and the `after` of the next page (None on the last)."""

    events: list[Envelope]
    next: int | None


class EventsQuery(msgspec.Struct, kw_only=True):
    after: Annotated[
        int, Meta(ge=0, le=MAX_INT, description="the local event number to continue after")
    ] = 0
    limit: Annotated[int, Meta(ge=1, le=MAX_LIMIT, description="the page size")] = 100
    author: Text | None = None
    kind: Text | None = None


class AuthorQuery(msgspec.Struct, kw_only=True):
    author: Text | None = None


class StatusQuery(msgspec.Struct, kw_only=True):
    heads: Annotated[str, Meta(description="0, false or no: leave out each author's head")] = "1"


class EventPath(msgspec.Struct):
    id: EventId


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


@openapi.describe(
    "This node's card: its id, name, addresses and signed profile",
    answers={200: openapi.json(Card)},
)
async def card(request: web.Request) -> web.Response:
    return web.json_response(await request.app[NODE].card())


@openapi.describe(
    "Whether the node is up and connected to NATS",
    answers={200: openapi.json(Health), 503: openapi.json(Health, "NATS is not connected")},
)
async def healthz(request: web.Request) -> web.Response:
    node = request.app[NODE]
    ok = node.transport.connected
    health = Health(status="ok" if ok else "degraded", nats=ok, id=node.id)
    return web.json_response(body=msgspec.json.encode(health), status=200 if ok else 503)


@openapi.describe(
    "Sign an event as the node, store it and queue it for NATS",
    admin=True,
    body=PublishRequest,
    answers={201: openapi.json(Envelope, "The signed event (Location: its URL)")},
    problems={**BODY_PROBLEMS, **WRITE_PROBLEMS, 422: tuple(PROTOCOL_CODES)},
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


@openapi.describe(
    query=EventsQuery,
    answers={200: openapi.json(EventPage)},
    problems={400: ("bad_parameter",)},
)
async def list_events(request: web.Request) -> web.Response:
    """Signed events in local arrival order; `after` is the cursor from the previous page."""
    q = query(request, EventsQuery)
    rows = await request.app[NODE].store.read(
        partial(events_after, after=q.after, author=q.author, kind=q.kind, limit=q.limit)
    )
    next_cursor = rows[-1][0] if len(rows) == q.limit else None
    body = (
        b'{"events":'
        + raw_json([r[1] for r in rows])
        + b',"next":'
        + (str(next_cursor).encode() if next_cursor else b"null")
        + b"}"
    )
    return web.Response(body=body, content_type="application/json")


@openapi.describe(
    "One signed event as stored, by id",
    path=EventPath,
    answers={200: openapi.json(Envelope)},
    problems={404: ("not_found",)},
)
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


@openapi.describe(
    "SHA-256 over one line per accepted event: author, seq, id and form (full or skeleton),"
    " never bodies (SPEC.md §T.5)",
    query=AuthorQuery,
    answers={200: openapi.json(dict[str, Any], "The digest, the count of events, the heads")},
    problems={400: ("bad_parameter",), **limits.WHOLE_READ_PROBLEMS},
)
async def digest(request: web.Request) -> web.Response:
    author = query(request, AuthorQuery).author
    store = request.app[NODE].store
    return web.json_response(await limits.read_whole(request, lambda: store.digest(author)))


@openapi.describe(
    "Follow a peer: pin its key and replicate its events",
    admin=True,
    body=FollowRequest,
    answers={
        200: openapi.json(FollowResult, "Already followed"),
        201: openapi.json(FollowResult, "Now followed"),
    },
    problems={
        **BODY_PROBLEMS,
        409: ("key_mismatch", "not_writer", "writer_conflict"),
        422: (*BODY_PROBLEMS[422], "bad_url"),
        502: ("bad_card", "peer_unreachable"),
        503: ("storage_failed",),
        504: ("peer_timeout",),
        507: ("storage_full",),
    },
)
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


@openapi.describe(
    "Stop following an author",
    admin=True,
    body=UnfollowRequest,
    answers={200: openapi.json(Unfollowed, "Unfollowed")},
    problems={**BODY_PROBLEMS, 404: ("not_following",), **WRITE_PROBLEMS},
)
async def unfollow(request: web.Request) -> web.Response:
    require_admin(request)
    req: UnfollowRequest = await read_json(request, UnfollowRequest)
    stopped = await request.app[NODE].unfollow(req.author)
    return web.json_response(body=msgspec.json.encode(Unfollowed(req.author, stopped)))


@openapi.describe(
    admin=True,
    body=EraseRequest,
    answers={
        200: openapi.json(dict[str, Any], "Erased already"),
        201: openapi.json(dict[str, Any], "Erased (or its erasure event published)"),
    },
    problems={
        **BODY_PROBLEMS,
        404: ("not_found",),
        422: (*BODY_PROBLEMS[422], "not_erasable"),
        **WRITE_PROBLEMS,
    },
)
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


@openapi.describe(
    "This node's state: its identity, peers, streams and (unless heads=0) each author's head",
    query=StatusQuery,
    answers={200: openapi.json(dict[str, Any])},
    problems={400: ("bad_parameter",), **limits.WHOLE_READ_PROBLEMS},
)
async def status(request: web.Request) -> web.Response:
    heads = query(request, StatusQuery).heads not in ("0", "false", "no")
    node = request.app[NODE]
    if not heads:
        return web.json_response(await node.status(heads=False))
    # Every author's head: the whole view, scanned while a catch-up has set its index aside.
    return web.json_response(await limits.read_whole(request, lambda: node.status(heads=True)))


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
