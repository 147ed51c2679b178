"""The OpenAPI 3.1 document, generated from the app's router and the Structs of each route.

Each handler carries its description (`describe`, written beside it): a summary, the Struct
of its query parameters, of its body and of each answer, and the problem codes it answers by
status. The document walks `app.router.routes()`, so a route cannot be missing; a route whose
handler has no description is listed by `undocumented` (the tests require none). Schemas come
from the Structs through `msgspec.json.schema_components`, so they cannot drift from what the
handlers decode and encode. Problem codes and their meanings come from `problems.CODES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import msgspec
from aiohttp import web

from .problems import CODES, EVERY_ROUTE, Problem

__all__ = [
    "Answer",
    "Route",
    "describe",
    "json",
    "text",
    "route_of",
    "routes",
    "undocumented",
    "document",
    "setup",
]

F = TypeVar("F", bound=Callable[..., Any])
_REF = "#/components/schemas/{name}"
_PROBLEM = "application/problem+json"


class Answer(msgspec.Struct, frozen=True):
    """One successful answer: what it means, its media type and the type of its JSON."""

    description: str
    media: str = "application/json"
    #: A type msgspec can describe (a Struct, `list[...]`); None: any value of the media type.
    type: Any = None


def json(type_: Any, description: str = "OK") -> Answer:
    return Answer(description, "application/json", type_)


def text(media: str, description: str = "OK") -> Answer:
    return Answer(description, media, str)


class Route(msgspec.Struct, frozen=True, kw_only=True):
    """What a handler takes and answers; see `describe`."""

    summary: str
    description: str | None = None
    query: Any = None
    path: Any = None
    body: Any = None
    answers: Mapping[int, Answer]
    problems: Mapping[int, tuple[str, ...]] = {}
    admin: bool = False
    headers: Mapping[str, str] = {}


def describe(
    summary: str | None = None,
    *,
    answers: Mapping[int, Answer],
    query: Any = None,
    path: Any = None,
    body: Any = None,
    problems: Mapping[int, tuple[str, ...]] | None = None,
    admin: bool = False,
    headers: Mapping[str, str] | None = None,
) -> Callable[[F], F]:
    """Describe a handler for the OpenAPI document (written beside the handler).

    `query` and `path` are Structs whose fields are the parameters; `body` the Struct of the
    request body; `answers` each success status's `Answer`; `problems` the codes answered by
    status (codes every route answers are added: `problems.EVERY_ROUTE`); `admin` routes need
    the admin token (and answer 401 `unauthorized`); `headers` request headers read, with
    their meaning. The summary defaults to the docstring's first line, the description to the
    rest of it.
    """

    def mark(handler: F) -> F:
        doc = (handler.__doc__ or "").strip()
        first, _, rest = doc.partition("\n\n")
        unknown = [c for codes in (problems or {}).values() for c in codes if c not in CODES]
        if unknown:
            raise ValueError(f"problem codes {unknown} are not in problems.CODES")
        handler.__openapi__ = Route(  # type: ignore[attr-defined]
            summary=summary or " ".join(first.split()) or handler.__name__,
            description=" ".join(rest.split()) or None,
            query=query,
            path=path,
            body=body,
            answers=answers,
            problems=dict(problems or {}),
            admin=admin,
            headers=dict(headers or {}),
        )
        return handler

    return mark


def route_of(handler: Any) -> Route | None:
    """The description `describe` put on a handler (None if it has none)."""
    return getattr(handler, "__openapi__", None)


def routes(app: web.Application) -> list[tuple[str, str, Any]]:
    """(method, path template, handler) of every route the app serves."""
    out = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("formatter") or info.get("path")
        if path is None or route.method == "*":
            continue
        out.append((route.method, path, route.handler))
    return out


def undocumented(app: web.Application) -> list[tuple[str, str]]:
    """Routes of `app` whose handler has no description."""
    return [(method, path) for method, path, handler in routes(app) if route_of(handler) is None]


def problem_codes(route: Route) -> dict[int, tuple[str, ...]]:
    """Every code a route answers, by status: its own and those every route answers."""
    out: dict[int, list[str]] = {}
    extra = {401: ("unauthorized",)} if route.admin else {}
    for table in (route.problems, extra, EVERY_ROUTE):
        for status, codes in table.items():
            out.setdefault(status, [])
            out[status] += [c for c in codes if c not in out[status]]
    return {status: tuple(out[status]) for status in sorted(out)}


_PATH_PARAM = re.compile(r"\{([^}:]+)(?::[^}]*)?\}")


class _Schemas:
    """Collects the types the document refers to, to describe them all in one pass."""

    def __init__(self) -> None:
        self.types: list[Any] = [Problem]

    def ref(self, type_: Any) -> int:
        if type_ not in self.types:
            self.types.append(type_)
        return self.types.index(type_)

    def build(self) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        schemas, components = msgspec.json.schema_components(self.types, ref_template=_REF)
        return list(schemas), components


def _parameters(
    where: str, type_: Any, components: dict[str, Any], names: list[str]
) -> list[dict[str, Any]]:
    """The fields of a parameter Struct as OpenAPI parameters."""
    if type_ is None:
        return [
            {"name": n, "in": where, "required": True, "schema": {"type": "string"}} for n in names
        ]
    (schema,), more = msgspec.json.schema_components([type_], ref_template=_REF)
    components.update(more)
    name = schema["$ref"].rsplit("/", 1)[1]
    struct = components.pop(name)
    required = set(struct.get("required", []))
    out = []
    for field, sub in struct.get("properties", {}).items():
        sub = dict(sub)
        options = [s for s in sub.pop("anyOf", []) if s != {"type": "null"}]
        if options:  # an optional parameter: absent, not null, when not given
            sub.update(options[0] if len(options) == 1 else {"anyOf": options})
        if sub.get("default", 0) is None:
            del sub["default"]
        param: dict[str, Any] = {"name": field, "in": where, "required": field in required}
        if "description" in sub:
            param["description"] = sub.pop("description")
        if where == "path":
            param["required"] = True
        param["schema"] = sub
        out.append(param)
    return out


def _operation(
    method: str, path: str, route: Route, schemas: _Schemas, components: dict[str, Any]
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": route.summary,
        "operationId": method.lower() + re.sub(r"[^A-Za-z0-9]+", "_", path).rstrip("_"),
    }
    if route.description:
        op["description"] = route.description
    params = _parameters("path", route.path, components, _PATH_PARAM.findall(path))
    params += _parameters("query", route.query, components, []) if route.query else []
    params += [
        {"name": name, "in": "header", "required": False, "description": meaning}
        | {"schema": {"type": "string"}}
        for name, meaning in route.headers.items()
    ]
    if params:
        op["parameters"] = params
    head = method == "HEAD"
    if route.body is not None and not head:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": schemas.ref(route.body)}}},
        }
    responses: dict[str, Any] = {}
    for status, answer in route.answers.items():
        response: dict[str, Any] = {"description": answer.description}
        if answer.media and not head and status not in (101, 204, 302, 304):
            schema: Any = {} if answer.type is None else {"$ref": schemas.ref(answer.type)}
            response["content"] = {answer.media: {"schema": schema}}
        responses[str(status)] = response
    for status, codes in problem_codes(route).items():
        meanings = "; ".join(f"`{c}`: {CODES[c]}" for c in codes)
        response = {"description": meanings}
        if not head:
            problem = {
                "allOf": [{"$ref": _REF.format(name="Problem")}],
                "properties": {"code": {"enum": list(codes)}, "status": {"const": status}},
            }
            response["content"] = {_PROBLEM: {"schema": problem}}
        responses[str(status)] = response
    op["responses"] = dict(sorted(responses.items()))
    if route.admin:
        op["security"] = [{"adminToken": []}]
    return op


def _resolve(node: Any, schemas: list[dict[str, Any]]) -> Any:
    """Replace the placeholders `_Schemas.ref` left (indices) by each type's schema."""
    if isinstance(node, dict):
        if set(node) == {"$ref"} and isinstance(node["$ref"], int):
            return schemas[node["$ref"]]
        return {k: _resolve(v, schemas) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, schemas) for v in node]
    return node


def document(app: web.Application) -> dict[str, Any]:
    """The OpenAPI 3.1 document of every route the app serves."""
    schemas = _Schemas()
    components: dict[str, Any] = {}
    paths: dict[str, dict[str, Any]] = {}
    for method, path, handler in routes(app):
        route = route_of(handler)
        if route is None:
            route = Route(summary=f"{method} {path} (undocumented)", answers={200: Answer("OK")})
        op = _operation(method, path, route, schemas, components)
        paths.setdefault(path, {})[method.lower()] = op
    refs, described = schemas.build()
    components.update(described)
    components["Problem"]["properties"]["code"] = {
        "enum": sorted(CODES),
        "description": "; ".join(f"`{c}`: {m}" for c, m in sorted(CODES.items())),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "citymesh node API",
            "version": "1",
            "description": "One citymesh node: signed civic events, the shared view, a live"
            " stream and metrics. Errors are RFC 9457 problem+json with `code` and `path`.",
        },
        "paths": _resolve(dict(sorted(paths.items())), refs),
        "components": {
            "schemas": dict(sorted(components.items())),
            "securitySchemes": {
                "adminToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The node's admin.token",
                }
            },
        },
    }


class OpenAPIDocument(msgspec.Struct):
    """An OpenAPI 3.1 document."""

    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]
    components: dict[str, Any]


@describe(answers={200: json(OpenAPIDocument, "This document")})
async def openapi(request: web.Request) -> web.Response:
    """This API's OpenAPI 3.1 document."""
    return web.json_response(document(request.app))


def setup(app: web.Application) -> None:
    app.router.add_get("/api/v1/openapi.json", openapi)
