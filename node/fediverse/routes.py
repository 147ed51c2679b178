"""The Fediverse's HTTP routes: WebFinger, NodeInfo, the actor, its inboxes and collections."""

from __future__ import annotations

from typing import Any

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


async def webfinger(request: web.Request) -> web.Response:
    fed = _fediverse(request)
    resource = request.query.get("resource", "")
    if not resource or len(resource) > 512:
        raise HTTPProblem(400, "bad_parameter", "resource must name acct:NAME@HOST", "resource")
    found = discovery.webfinger(fed.urls, resource)
    if found is None:
        raise HTTPProblem(404, "not_found", f"no account {resource[:80]!r} here", "resource")
    return _json(found, "application/jrd+json")


async def nodeinfo_links(request: web.Request) -> web.Response:
    return _json(discovery.nodeinfo_links(_fediverse(request).urls), "application/json")


async def nodeinfo(request: web.Request) -> web.Response:
    return _json(await _fediverse(request).nodeinfo(), discovery.NODEINFO_TYPE)


async def actor(request: web.Request) -> web.StreamResponse:
    fed = _fediverse(request)
    if not wants_as2(request):  # a person's browser: the page is what they want
        raise web.HTTPFound(fed.urls.base + "/")
    return _json(await fed.actor_document(), AS2)


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


def _doc(media: str, description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {media: {"schema": {"type": "object"}}}}


_OFF = {"description": "The node is not on the Fediverse ([fediverse] enabled = false)"}
_INBOX = {
    "requestBody": {"required": True, "content": {AS2: {"schema": {"type": "object"}}}},
    "responses": {
        "202": {"description": "Taken (a Follow is answered with an Accept to its inbox)"},
        "401": {"description": "Signature, Date or Digest does not hold, or the key is unknown"},
        "413": {"description": "Larger than 64 KiB"},
        "404": _OFF,
    },
}
_ROUTES: list[tuple[str, str, Any, dict[str, Any]]] = [
    (
        "GET",
        "/.well-known/webfinger",
        webfinger,
        {
            "parameters": [
                {
                    "name": "resource",
                    "in": "query",
                    "required": True,
                    "description": "acct:NAME@HOST, or the actor's URL",
                    "schema": {"type": "string"},
                }
            ],
            "responses": {
                "200": _doc("application/jrd+json", "The account's JRD (RFC 7033)"),
                "404": {"description": "No such account here"},
            },
        },
    ),
    (
        "GET",
        "/.well-known/nodeinfo",
        nodeinfo_links,
        {"responses": {"200": _doc("application/json"), "404": _OFF}},
    ),
    (
        "GET",
        "/nodeinfo/2.1",
        nodeinfo,
        {"responses": {"200": _doc("application/json"), "404": _OFF}},
    ),
    (
        "GET",
        "/fediverse/actor",
        actor,
        {
            "responses": {
                "200": _doc(AS2, "The actor (ask for application/activity+json)"),
                "302": {"description": "A browser is sent to the page"},
                "404": _OFF,
            }
        },
    ),
    (
        "GET",
        "/fediverse/objects/{id}",
        item,
        {
            "responses": {
                "200": _doc(AS2, "The item as it is now"),
                "302": {"description": "A browser is sent to the page"},
                "404": {"description": "Not an item of this node"},
                "410": _doc(AS2, "A Tombstone: the item was retracted"),
            }
        },
    ),
    ("POST", "/fediverse/actor/inbox", inbox, _INBOX),
    ("POST", "/fediverse/inbox", inbox, _INBOX),
    (
        "GET",
        "/fediverse/actor/{which:outbox|followers|following}",
        collection,
        {"responses": {"200": _doc(AS2, "The collection's size"), "404": _OFF}},
    ),
]


def setup(app: web.Application) -> None:
    for method, path, handler, operation in _ROUTES:
        route = app.router.add_route(method, path, handler)
        openapi.register(method, route.resource.get_info().get("formatter", path), operation)  # type: ignore[union-attr]
