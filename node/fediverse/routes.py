"""The Fediverse's HTTP routes: WebFinger, NodeInfo, the actor, its inboxes and collections."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from aiohttp import web

from ..http import openapi
from ..http.keys import NODE
from ..http.problems import HTTPProblem
from . import activities, discovery
from .inbox import MAX_BODY
from .service import Fediverse

__all__ = ["setup"]

AS2 = "application/activity+json"
_AS2_TYPES = ("application/activity+json", "application/ld+json")
#: What every route here answers while the node is not on the Fediverse.
_OFF = {404: ("fediverse_off",)}


def _fediverse(request: web.Request) -> Fediverse:
    fed: Fediverse | None = getattr(request.app[NODE], "fediverse", None)
    if fed is None or not fed.enabled:
        raise HTTPProblem(
            404, "fediverse_off", "this node is not on the Fediverse ([fediverse] enabled)"
        )
    return fed


def _json(value: dict[str, Any], content_type: str) -> web.Response:
    return web.Response(
        body=activities.dump(value),
        headers={"Content-Type": content_type, "Access-Control-Allow-Origin": "*"},
    )


def wants_as2(request: web.Request) -> bool:
    accept = request.headers.get("Accept", "")
    return any(t in accept for t in _AS2_TYPES)


class WebFingerQuery(msgspec.Struct):
    resource: Annotated[
        str, msgspec.Meta(max_length=512, description="acct:NAME@HOST, or the actor's URL")
    ]


class CollectionPath(msgspec.Struct):
    which: Literal["outbox", "followers", "following"]


@openapi.describe(
    "The node's account by WebFinger (RFC 7033)",
    query=WebFingerQuery,
    answers={200: openapi.Answer("The account's JRD", "application/jrd+json")},
    problems={400: ("bad_parameter",), 404: ("fediverse_off", "not_found")},
)
async def webfinger(request: web.Request) -> web.Response:
    fed = _fediverse(request)
    resource = request.query.get("resource", "")
    if not resource or len(resource) > 512:
        raise HTTPProblem(400, "bad_parameter", "resource must name acct:NAME@HOST", "resource")
    found = discovery.webfinger(fed.urls, resource)
    if found is None:
        raise HTTPProblem(404, "not_found", f"no account {resource[:80]!r} here", "resource")
    return _json(found, "application/jrd+json")


@openapi.describe(
    "Where this node's NodeInfo is", answers={200: openapi.Answer("The links")}, problems=_OFF
)
async def nodeinfo_links(request: web.Request) -> web.Response:
    return _json(discovery.nodeinfo_links(_fediverse(request).urls), "application/json")


@openapi.describe(
    "NodeInfo 2.1: software, protocols, usage",
    answers={200: openapi.Answer("The NodeInfo")},
    problems=_OFF,
)
async def nodeinfo(request: web.Request) -> web.Response:
    return _json(await _fediverse(request).nodeinfo(), discovery.NODEINFO_TYPE)


@openapi.describe(
    "The node's ActivityPub actor (ask for application/activity+json)",
    answers={
        200: openapi.Answer("The actor", AS2),
        302: openapi.Answer("A browser is sent to the page"),
    },
    problems=_OFF,
)
async def actor(request: web.Request) -> web.StreamResponse:
    fed = _fediverse(request)
    if not wants_as2(request):  # a person's browser: the page is what they want
        raise web.HTTPFound(fed.urls.base + "/")
    return _json(await fed.actor_document(), AS2)


@openapi.describe(
    answers={
        200: openapi.Answer("The item as it is now", AS2),
        302: openapi.Answer("A browser is sent to the page"),
        410: openapi.Answer("A Tombstone: the item was retracted", AS2),
    },
    problems={404: ("fediverse_off", "not_found")},
)
async def item(request: web.Request) -> web.StreamResponse:
    """One of the node's items as an ActivityStreams object (a browser is sent to the page)."""
    fed = _fediverse(request)
    object_id = request.match_info["id"]
    if not wants_as2(request):
        raise web.HTTPFound(fed.urls.page(object_id))
    ctx = fed.context()
    found = await fed.node.store.read(
        lambda c: activities.current(c, object_id, fed.node.id, fed.urls, ctx)
    )
    if found is None:
        raise HTTPProblem(404, "not_found", f"no item {object_id[:80]!r} of this node", "id")
    status, body = found
    return web.Response(status=status, body=body, headers={"Content-Type": AS2})


@openapi.describe(
    "Take an activity signed by its actor (a Follow is answered with an Accept to its inbox)",
    answers={202: openapi.Answer("Taken")},
    problems={
        400: ("bad_activity",),
        401: (
            "bad_signature",
            "bad_date",
            "bad_digest",
            "unsupported_signature",
            "unsigned",
            "unknown_key",
            "wrong_actor",
            "bad_activity",
        ),
        404: ("fediverse_off",),
        413: ("too_large",),
        503: ("busy",),
    },
)
async def inbox(request: web.Request) -> web.Response:
    fed = _fediverse(request)
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise HTTPProblem(413, "too_large", f"an activity is at most {MAX_BODY} bytes")
    body = await request.content.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        raise HTTPProblem(413, "too_large", f"an activity is at most {MAX_BODY} bytes")
    status = await fed.inbox.receive(
        request.method,
        request.path_qs,
        fed.urls.base + request.path_qs,
        request.headers,
        body,
        request.remote or "?",
    )
    return web.Response(status=status)


@openapi.describe(
    path=CollectionPath,
    answers={200: openapi.Answer("The collection's size", AS2)},
    problems=_OFF,
)
async def collection(request: web.Request) -> web.Response:
    """The outbox, followers and following: their size only (followers are not listed)."""
    fed = _fediverse(request)
    which = request.match_info["which"]
    urls = fed.urls
    if which == "followers":
        total = (await fed.status())["followers"]
    elif which == "following":
        total = 0
    else:
        total = await fed.node.store.read(
            lambda c: c.execute(
                "SELECT COUNT(*) FROM events WHERE author = ? AND kind IN"
                f" ({','.join('?' * len(activities.KINDS))})",
                (fed.node.id, *activities.KINDS),
            ).fetchone()[0]
        )
    return _json(
        {
            "@context": activities.CONTEXT,
            "id": f"{urls.actor}/{which}",
            "type": "OrderedCollection",
            "totalItems": total,
        },
        AS2,
    )


def setup(app: web.Application) -> None:
    app.router.add_get("/.well-known/webfinger", webfinger)
    app.router.add_get("/.well-known/nodeinfo", nodeinfo_links)
    app.router.add_get("/nodeinfo/2.1", nodeinfo)
    app.router.add_get("/fediverse/actor", actor)
    app.router.add_get("/fediverse/objects/{id}", item)
    app.router.add_post("/fediverse/actor/inbox", inbox)
    app.router.add_post("/fediverse/inbox", inbox)
    app.router.add_get("/fediverse/actor/{which:outbox|followers|following}", collection)
