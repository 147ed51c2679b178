"""Admin routes for people publishing: the token check at sign-in, every problem of a body
before it is published, and a batch published all or nothing."""

from __future__ import annotations

from typing import Any

import msgspec
from aiohttp import web

from protocol import explain
from protocol.explain import InvalidBody

from . import limits, openapi
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


async def session(request: web.Request) -> web.Response:
    """Check the admin token (the admin page signs in with it): 204, or 401 naming where it is."""
    require_admin(request)
    return web.Response(status=204)


async def check(request: web.Request) -> web.Response:
    """Every problem of a body for its kind, in the node's language, without publishing it."""
    require_admin(request)
    item: Item = await _read(request, Item)
    lang = request.app[NODE].config.lang
    found = explain.check(item.kind, item.body, lang)
    return web.json_response(
        {"kind": item.kind, "lang": lang, "problems": [msgspec.to_builtins(p) for p in found]}
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
        explain.Problem(f"$.events[{i}].body", "bad_field_type", "an object", index=i)
        for i, item in enumerate(req.events)
        if not isinstance(item.body, dict)
    ]
    if bad:
        raise InvalidBody(bad)
    events = await request.app[NODE].publish_many([(e.kind, e.body) for e in req.events])
    return web.json_response({"ids": [e.envelope.id for e in events]}, status=201)


_ERRORS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["path", "code", "expected"],
        "properties": {
            "path": {"type": "string"},
            "code": {"enum": sorted(explain.CODES)},
            "expected": {"type": "string"},
            "index": {"type": "integer"},
        },
    },
}


def _document() -> None:
    problem = openapi._problem
    admin = {"security": openapi.ADMIN}
    openapi.register(
        "GET",
        "/api/v1/admin/session",
        {
            **admin,
            "responses": {
                "204": {"description": "The token is this node's admin token"},
                "401": openapi.UNAUTHORIZED,
            },
        },
    )
    body = {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}
    openapi.register(
        "POST",
        "/api/v1/admin/check",
        {
            **admin,
            "requestBody": body,
            "responses": {
                "200": openapi._json(
                    {
                        "type": "object",
                        "required": ["kind", "lang", "problems"],
                        "properties": {"problems": _ERRORS},
                    },
                    "Every problem of the body (none: it can be published)",
                ),
                "400": problem("The body is not JSON (code bad_json)"),
                "401": openapi.UNAUTHORIZED,
                "408": openapi.SLOW_BODY,
                "413": openapi.TOO_LARGE,
                "422": problem("Not {kind, body} (code bad_request)"),
            },
        },
    )
    openapi.register(
        "POST",
        "/api/v1/events/batch",
        {
            **admin,
            "requestBody": body,
            "responses": {
                "201": openapi._json(
                    {
                        "type": "object",
                        "required": ["ids"],
                        "properties": {"ids": {"type": "array"}},
                    },
                    "Every event signed and stored, in order",
                ),
                "400": problem("The body is not JSON (code bad_json)"),
                "401": openapi.UNAUTHORIZED,
                "408": openapi.SLOW_BODY,
                "413": openapi.TOO_LARGE,
                "422": problem(
                    "Nothing was published: `errors` lists every problem, each with the event's"
                    " `index`, the field's `path`, a `code` and what is `expected`"
                    " (codes: bad_request, bad_batch, and those of the protocol)"
                ),
            },
        },
    )


def setup(app: web.Application) -> None:
    app.router.add_get("/api/v1/admin/session", session)
    app.router.add_post("/api/v1/admin/check", check)
    app.router.add_post("/api/v1/events/batch", batch)
    _document()
