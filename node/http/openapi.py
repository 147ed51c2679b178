"""The OpenAPI 3.1 document, built from the app's router so every route is in it.

Each route's operation metadata (parameters, responses) lives in OPERATIONS, keyed by
(method, path); a module adding routes calls `register` for them. Summaries come from the
handlers' docstrings. A route without an entry is still documented (generically) and is
reported by `undocumented`, which the tests require to be empty.
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from ..feeds import csvs

__all__ = ["OPERATIONS", "register", "document", "undocumented", "setup"]

Operation = dict[str, Any]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": _ref("Problem")}},
    }


def _query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _text(media: str, description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {media: {"schema": {"type": "string"}}}}


BAD = _problem("A parameter is invalid (code bad_parameter, path = the parameter)")
LANG = _query("lang", "Language of the texts, a BCP 47 tag such as pt-BR")
SLOW_BODY = _problem("The body did not arrive within 30 seconds (code body_timeout)")
TOO_LARGE = _problem("The body is larger than 256 KiB (code too_large)")
TOO_MANY = _problem("Too many live streams, in all or from this client (code too_many_streams)")
UNAUTHORIZED = _problem("The admin token is missing or wrong (code unauthorized)")
INVALID = _problem("The body breaks the protocol: code and JSON path of the field")
NOT_FOUND = _problem("Not found (code not_found)")
ADMIN: list[dict[str, list[str]]] = [{"adminToken": []}]
VIEW_PARAMS = [
    _query("q", "Full text in any language; every word must occur (newest matches first)"),
    _query("category", "Initiative category"),
    _query("author", "An author's did:key (any key of its identity)"),
    _query("status", "Status (initiatives, meetings; partnerships: the derived status)"),
    _query("lang", "Only items with text in this language (pt also matches pt-BR)"),
    _query("from", "Start (meetings, initiatives, partnerships) or creation on/after"),
    _query("to", "Start or creation on/before (prefix: 2024-06 covers June)"),
    _query("after", "The `next` cursor of the previous page"),
    _query("limit", "Page size", {"type": "integer", "minimum": 1, "maximum": 200}),
]
EVENT_PARAMS = [
    _query("after", "Local event number to continue after", {"type": "integer", "minimum": 0}),
    _query("limit", "Page size", {"type": "integer", "minimum": 1, "maximum": 500}),
    _query("author", "Only this author's events"),
    _query("kind", "Only this kind"),
]


def _view(item: str) -> Operation:
    return {
        "parameters": VIEW_PARAMS,
        "responses": {
            "200": _json(
                {
                    "type": "object",
                    "required": ["items", "next"],
                    "properties": {
                        "items": {"type": "array", "items": _ref(item)},
                        "next": {"type": ["string", "null"]},
                    },
                },
                "A page, newest first (local arrival order); pass `next` as `after`",
            ),
            "400": BAD,
        },
    }


OPERATIONS: dict[tuple[str, str], Operation] = {
    ("GET", "/.well-known/citymesh"): {"responses": {"200": _json(_ref("Card"))}},
    ("GET", "/healthz"): {
        "responses": {
            "200": _json(_ref("Health")),
            "503": _json(_ref("Health"), "NATS is not connected"),
        }
    },
    ("POST", "/api/v1/events"): {
        "security": ADMIN,
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _ref("PublishRequest")}},
        },
        "responses": {
            "201": _json(_ref("Event"), "Signed, stored and queued for NATS"),
            "400": _problem("Malformed JSON or duplicate keys (bad_json, duplicate_key, ...)"),
            "401": UNAUTHORIZED,
            "408": SLOW_BODY,
            "413": TOO_LARGE,
            "422": INVALID,
        },
    },
    ("GET", "/api/v1/events"): {
        "parameters": EVENT_PARAMS,
        "responses": {"200": _json(_ref("EventPage")), "400": BAD},
    },
    ("GET", "/api/v1/events/{id}"): {
        "responses": {"200": _json(_ref("Event")), "404": NOT_FOUND},
        "x-path-schemas": {"id": {"type": "string", "pattern": "^[0-9a-f]{64}$"}},
    },
    ("GET", "/api/v1/view/digest"): {
        "summary": "SHA-256 over one line per accepted event: author, seq, id and form"
        " (full or skeleton), never bodies (SPEC.md §T.5)",
        "parameters": [_query("author", "Only this author's events")],
        "responses": {"200": _json(_ref("Digest"))},
    },
    ("GET", "/api/v1/status"): {
        "parameters": [_query("heads", "0, false or no: leave out each author's head")],
        "responses": {"200": _json({"type": "object"})},
    },
    ("POST", "/api/v1/admin/follow"): {
        "security": ADMIN,
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _ref("FollowRequest")}},
        },
        "responses": {
            "200": _json(_ref("FollowResult"), "Already followed"),
            "201": _json(_ref("FollowResult"), "Now followed"),
            "400": _problem("Malformed JSON"),
            "401": UNAUTHORIZED,
            "409": _problem("The peer presents another key than the pinned one"),
            "422": INVALID,
            "502": _problem("The peer is unreachable or its card is invalid"),
            "504": _problem("The peer did not send its card in time"),
        },
    },
    ("POST", "/api/v1/admin/unfollow"): {
        "security": ADMIN,
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["author"],
                        "properties": {"author": {"type": "string"}},
                    }
                }
            },
        },
        "responses": {
            "200": _json({"type": "object", "required": ["author", "stopped"]}, "Unfollowed"),
            "401": UNAUTHORIZED,
            "404": _problem("This node does not follow that author (code not_following)"),
            "422": INVALID,
        },
    },
    ("POST", "/api/v1/admin/erase"): {
        "summary": "Erase one event's body on this node (SPEC.md §6.4); one of the node's own"
        " is erased on every node, by an erasure event",
        "security": ADMIN,
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["event", "reason"],
                        "properties": {
                            "event": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                            "reason": {
                                "enum": ["personal_data", "legal_order", "published_in_error"]
                            },
                        },
                    }
                }
            },
        },
        "responses": {
            "200": _json({"type": "object"}, "Erased already"),
            "201": _json({"type": "object"}, "Erased (or its erasure event published)"),
            "401": UNAUTHORIZED,
            "404": NOT_FOUND,
            "422": _problem("Not an event id or reason, or a kind that keeps its body"),
        },
    },
    ("GET", "/api/v1/view/nodes"): _view("NodeItem"),
    ("GET", "/api/v1/view/initiatives"): _view("InitiativeItem"),
    ("GET", "/api/v1/view/meetings"): _view("MeetingItem"),
    ("GET", "/api/v1/view/outcomes"): _view("OutcomeItem"),
    ("GET", "/api/v1/view/declarations"): _view("DeclarationItem"),
    ("GET", "/api/v1/view/partnerships"): _view("PartnershipItem"),
    ("GET", "/api/v1/stream"): {
        "parameters": [
            _query("after", "Resume after this local event number (or Last-Event-ID)"),
            _query("author", "Only this author's events"),
            _query("kind", "Only this kind"),
            {
                "name": "Last-Event-ID",
                "in": "header",
                "required": False,
                "schema": {"type": "integer", "minimum": 0},
            },
        ],
        "responses": {
            "200": _text(
                "text/event-stream",
                "SSE: `id:` local number, `event: event`, `data:` the signed event JSON;"
                " a comment heartbeat every 15 s",
            ),
            "400": BAD,
            "503": TOO_MANY,
        },
    },
    ("GET", "/metrics"): {
        "responses": {"200": _text("text/plain", "Prometheus text format 0.0.4")},
    },
    ("GET", "/api/v1/openapi.json"): {
        "responses": {"200": _json({"type": "object", "required": ["openapi", "paths"]})},
    },
    ("GET", "/"): {"responses": {"200": _text("text/html", "The public web page")}},
    ("GET", "/admin"): {"responses": {"200": _text("text/html", "The admin page")}},
    ("GET", "/static/{name}"): {
        "responses": {"200": {"description": "A static asset"}, "404": NOT_FOUND},
    },
    ("GET", "/static/vendor/{name}"): {
        "responses": {
            "200": {"description": "A vendored asset (Leaflet, world outline)"},
            "404": NOT_FOUND,
        },
    },
    ("GET", "/items/{id}"): {
        "x-path-schemas": {
            "id": {
                "type": "string",
                "pattern": "^([0-9a-f]{64}|did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44})$",
            }
        },
        "parameters": [LANG],
        "responses": {
            "200": _text("text/html", "The page of one item (any version's id, or a node)"),
            "400": BAD,
            "404": NOT_FOUND,
        },
    },
    ("GET", "/map"): {
        "responses": {"200": _text("text/html", "Initiatives and meetings on a map")}
    },
    ("GET", "/calendar"): {
        "parameters": [
            _query("month", "The month shown, such as 2026-03 (default: this month)"),
            _query(
                "view",
                "month (a grid of weeks) or list",
                {"type": "string", "enum": ["month", "list"]},
            ),
        ],
        "responses": {"200": _text("text/html", "Meetings by month or as a list"), "400": BAD},
    },
    ("GET", "/api/v1/kinds"): {
        "responses": {
            "200": _json(
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["name", "version", "description", "schema"],
                    },
                },
                "The registered kinds with each body's JSON Schema",
            )
        },
    },
    ("GET", "/feeds/meetings.ics"): {
        "parameters": [LANG],
        "responses": {"200": _text("text/calendar", "Meetings as iCalendar (RFC 5545)")},
    },
    ("GET", "/feeds/initiatives.atom"): {
        "parameters": [LANG],
        "responses": {"200": _text("application/atom+xml", "Initiatives as an Atom feed")},
    },
    ("GET", "/feeds/initiatives.geojson"): {
        "parameters": [LANG],
        "responses": {
            "200": {
                "description": "Initiatives with places as a GeoJSON FeatureCollection",
                "content": {
                    "application/geo+json": {
                        "schema": {"type": "object", "required": ["type", "features"]}
                    }
                },
            }
        },
    },
    ("GET", "/feeds/meetings.geojson"): {
        "parameters": [LANG],
        "responses": {
            "200": {
                "description": "Meetings with a place as a GeoJSON FeatureCollection",
                "content": {
                    "application/geo+json": {
                        "schema": {"type": "object", "required": ["type", "features"]}
                    }
                },
            }
        },
    },
    ("GET", "/feeds/{kind}.csv"): {
        "parameters": [LANG],
        "x-path-schemas": {"kind": {"type": "string", "enum": sorted([*csvs.TABLES, "nodes"])}},
        "responses": {
            "200": _text("text/csv", "One view as CSV, a row per object"),
            "404": _problem("No CSV feed of that name (code unknown_feed, path kind)"),
        },
    },
    ("GET", "/feeds/outbox"): {
        "parameters": [
            LANG,
            _query(
                "page",
                "Page number (none: the collection)",
                {"type": "integer", "minimum": 1, "maximum": 2**31},
            ),
        ],
        "responses": {
            "200": {
                "description": "An ActivityStreams 2.0 outbox of the node's objects",
                "content": {"application/activity+json": {"schema": {"type": "object"}}},
            }
        },
    },
}

_STR = {"type": "string"}
_NULLABLE_STR = {"type": ["string", "null"]}
_LANGMAP = {"type": "object", "additionalProperties": {"type": "string"}}
_ITEM_REQUIRED = [
    "id",
    "kind",
    "author",
    "author_name",
    "seq",
    "lang",
    "body",
    "version",
    "version_id",
    "created_at",
    "updated_at",
    "retracted",
    "event_url",
    "verified",
    "published_by",
    "published_by_name",
]


def _item(extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "allOf": [
            _ref("ViewItem"),
            {"type": "object", "required": list(extra), "properties": extra},
        ]
    }


_REPORTS = {"type": "array", "items": {"type": "object", "required": ["id", "author", "status"]}}

SCHEMAS: dict[str, Any] = {
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details with the protocol's code and field path",
        "required": ["type", "title", "status", "detail", "code"],
        "properties": {
            "type": _STR,
            "title": _STR,
            "status": {"type": "integer"},
            "detail": _STR,
            "code": _STR,
            "path": _STR,
        },
    },
    "Event": {
        "type": "object",
        "description": "A signed event exactly as stored (RFC 8785 canonical JSON): a full"
        " event with body and salt, or an erased event's skeleton with body_digest (SPEC.md"
        " §2.1)",
        "required": ["v", "author", "seq", "prev", "kind", "kv", "created_at", "lang", "id", "sig"],
        "oneOf": [{"required": ["body", "salt"]}, {"required": ["body_digest"]}],
    },
    "EventPage": {
        "type": "object",
        "required": ["events", "next"],
        "properties": {
            "events": {"type": "array", "items": _ref("Event")},
            "next": {"type": ["integer", "null"]},
        },
    },
    "PublishRequest": {
        "type": "object",
        "required": ["kind", "body"],
        "properties": {"kind": _STR, "body": {"type": "object"}},
        "additionalProperties": False,
    },
    "FollowRequest": {
        "type": "object",
        "required": ["url"],
        "properties": {"url": _STR, "all": {"type": "boolean"}, "author": _NULLABLE_STR},
        "additionalProperties": False,
    },
    "FollowResult": {"type": "object", "required": ["peer", "name", "filter", "added"]},
    "Digest": {"type": "object", "required": ["digest", "events", "heads"]},
    "Card": {"type": "object", "required": ["id", "name", "http_url", "nats", "profile"]},
    "Health": {"type": "object", "required": ["status", "nats", "id"]},
    "ViewItem": {
        "type": "object",
        "required": _ITEM_REQUIRED,
        "properties": {
            "id": _STR,
            "kind": _STR,
            "author": _STR,
            "author_name": {"type": ["object", "null"]},
            "seq": {"type": "integer"},
            "lang": _STR,
            "body": {"type": "object"},
            "version": {"type": "integer"},
            "version_id": _STR,
            "created_at": _STR,
            "updated_at": _STR,
            "retracted": {"type": ["object", "null"]},
            "event_url": _STR,
            "verified": {"const": True},
            "published_by": _STR,
            "published_by_name": {"type": ["object", "null"]},
        },
    },
    "NodeItem": {
        "type": "object",
        "required": [
            "id",
            "profile_id",
            "name",
            "node_type",
            "country",
            "lang",
            "body",
            "follows",
            "followers",
            "forked_at",
            "rotated_to",
        ],
        "properties": {
            "name": _LANGMAP,
            "follows": {"type": "array", "items": _STR},
            "followers": {"type": "array", "items": _STR},
            "forked_at": {"type": ["integer", "null"]},
            "rotated_to": _NULLABLE_STR,
        },
    },
    "InitiativeItem": _item({"progress_reports": _REPORTS}),
    "MeetingItem": _item({"outcomes": {"type": "array", "items": {"type": "object"}}}),
    "OutcomeItem": _item({"meeting": {"type": ["object", "null"]}}),
    "DeclarationItem": _item(
        {
            "endorsements": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "author", "author_name", "stance", "statement"],
                },
            }
        }
    ),
    "PartnershipItem": _item(
        {
            "answers": {
                "type": "object",
                "additionalProperties": {"enum": ["accepted", "declined", "ended", "pending"]},
            },
            "status": {"enum": ["proposed", "active", "declined", "ended", "withdrawn"]},
            "progress_reports": _REPORTS,
        }
    ),
}


def register(method: str, path: str, operation: Operation) -> None:
    """Document one route (call it from the module that adds the route)."""
    OPERATIONS[(method.upper(), path)] = operation


def _routes(app: web.Application) -> list[tuple[str, str, Any]]:
    out = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("formatter") or info.get("path")
        if path is None and "prefix" in info:
            path = info["prefix"].rstrip("/") + "/{filename}"
        if path is None or route.method == "*":
            continue
        out.append((route.method, path, route.handler))
    return out


def undocumented(app: web.Application) -> list[tuple[str, str]]:
    """Routes of `app` with no entry in OPERATIONS (HEAD counts as its GET)."""
    return [
        (method, path)
        for method, path, _ in _routes(app)
        if (("GET" if method == "HEAD" else method), path) not in OPERATIONS
    ]


def document(app: web.Application) -> dict[str, Any]:
    """The OpenAPI 3.1 document of every route the app serves."""
    paths: dict[str, dict[str, Any]] = {}
    for method, path, handler in _routes(app):
        meta = OPERATIONS.get(("GET" if method == "HEAD" else method, path))
        op: dict[str, Any] = dict(meta or {"responses": {"200": {"description": "OK"}}})
        doc = (getattr(handler, "__doc__", None) or "").strip()
        op["summary"] = doc.split("\n")[0] if doc else f"{method} {path}"
        op["operationId"] = f"{method.lower()}_{getattr(handler, '__name__', 'handler')}"
        if method == "HEAD":
            op["responses"] = {
                code: {"description": r.get("description", "")}
                for code, r in op["responses"].items()
            }
            op.pop("requestBody", None)
        schemas = op.pop("x-path-schemas", {})
        params = [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": schemas.get(name, {"type": "string"}),
            }
            for name in _path_names(path)
        ]
        if params or "parameters" in op:
            op["parameters"] = params + list(op.get("parameters", []))
        paths.setdefault(path, {})[method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "citymesh node API",
            "version": "1",
            "description": "One citymesh node: signed civic events, the shared view, a live"
            " stream and metrics. Errors are RFC 9457 problem+json with `code` and `path`.",
        },
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "adminToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The node's admin.token",
                }
            },
        },
    }


_PATH_PARAM = re.compile(r"\{([^}:]+)(?::[^}]*)?\}")


def _path_names(path: str) -> list[str]:
    """The names of a route's variables: `{kind}` in `/feeds/{kind}.csv` is `kind`."""
    return _PATH_PARAM.findall(path)


async def openapi(request: web.Request) -> web.Response:
    """This API's OpenAPI 3.1 document."""
    return web.json_response(document(request.app))


def setup(app: web.Application) -> None:
    app.router.add_get("/api/v1/openapi.json", openapi)
