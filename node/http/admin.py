"""Admin routes for people publishing: the token check at sign-in, every problem of a body
before it is published, and a batch published all or nothing."""

from __future__ import annotations

from typing import Any

import msgspec
from aiohttp import web

from protocol import explain
from protocol.errors import CODES as PROTOCOL_CODES
from protocol.explain import InvalidBody

from . import limits, openapi
from .api import WRITE_PROBLEMS
from .auth import require_admin
from .keys import NODE
from .problems import HTTPProblem

__all__ = ["setup", "MAX_BATCH"]

#: Events in one batch at most (the body's size is bounded too: see `limits.BODY_BYTES`).
MAX_BATCH = 500


class Item(msgspec.Struct, forbid_unknown_fields=True):
    kind: str
    body: Any


class Batch(msgspec.Struct, forbid_unknown_fields=True):
    events: list[Item]


async def _read(request: web.Request, type_: type[Any]) -> Any:
    """The request body as `type_`. Fractions are allowed here: a number where the protocol
    wants text is a problem to explain at its field, not a reason to refuse the request."""
    raw = await limits.read_body(request)
    try:
        return msgspec.json.decode(raw, type=type_)
    except msgspec.ValidationError as exc:
        raise HTTPProblem(422, "bad_request", f"{exc}; send {_SHAPES[type_]}") from None
    except msgspec.DecodeError:
        raise HTTPProblem(400, "bad_json", f"the body is not JSON; send {_SHAPES[type_]}") from None
    except RecursionError:
        raise HTTPProblem(400, "too_deep", "values are nested too deeply") from None


_SHAPES: dict[Any, str] = {
    Item: '{"kind": KIND, "body": {...}}',
    Batch: '{"events": [{"kind": KIND, "body": {...}}, ...]}',
}


class Checked(msgspec.Struct):
    kind: str
    lang: str
    #: Every problem of the body; none: it can be published.
    problems: list[explain.BodyProblem]


class Published(msgspec.Struct):
    #: The new events' ids, in the order sent.
    ids: list[str]


#: What reading a JSON body can answer (see `_read`).
_BODY = {
    400: ("bad_json", "too_deep"),
    408: ("body_timeout",),
    413: ("too_large",),
    422: ("bad_request",),
}


@openapi.describe(
    admin=True, answers={204: openapi.Answer("The token is this node's admin token", "")}
)
async def session(request: web.Request) -> web.Response:
    """Check the admin token (the admin page signs in with it): 204, or 401 naming where it is."""
    require_admin(request)
    return web.Response(status=204)


@openapi.describe(admin=True, body=Item, answers={200: openapi.json(Checked)}, problems=_BODY)
async def check(request: web.Request) -> web.Response:
    """Every problem of a body for its kind, in the node's language, without publishing it."""
    require_admin(request)
    item: Item = await _read(request, Item)
    lang = request.app[NODE].config.lang
    found = explain.check(item.kind, item.body, lang)
    return web.json_response(
        {"kind": item.kind, "lang": lang, "problems": [msgspec.to_builtins(p) for p in found]}
    )


@openapi.describe(
    admin=True,
    body=Batch,
    answers={201: openapi.json(Published, "Every event signed and stored, in order")},
    problems={**_BODY, **WRITE_PROBLEMS, 422: ("bad_request", "bad_batch", *PROTOCOL_CODES)},
)
async def batch(request: web.Request) -> web.Response:
    """Publish several events in order, all or none: one problem anywhere publishes nothing."""
    require_admin(request)
    req: Batch = await _read(request, Batch)
    if not 1 <= len(req.events) <= MAX_BATCH:
        raise HTTPProblem(
            422, "bad_batch", f"send 1 to {MAX_BATCH} events; split a longer file", "$.events"
        )
    bad = [
        explain.BodyProblem(f"$.events[{i}].body", "bad_field_type", "an object", index=i)
        for i, item in enumerate(req.events)
        if not isinstance(item.body, dict)
    ]
    if bad:
        raise InvalidBody(bad)
    events = await request.app[NODE].publish_many([(e.kind, e.body) for e in req.events])
    return web.json_response({"ids": [e.envelope.id for e in events]}, status=201)


def setup(app: web.Application) -> None:
    app.router.add_get("/api/v1/admin/session", session)
    app.router.add_post("/api/v1/admin/check", check)
    app.router.add_post("/api/v1/events/batch", batch)
