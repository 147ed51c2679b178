"""The OpenAPI document is valid, covers every route of a real node with each method, lists
every problem code the handlers answer, and matches the node's real answers."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from helpers import initiative
from openapi_spec_validator import validate

from node.http import openapi
from node.http.problems import CODES


def resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with `$ref` and `allOf` folded into one set of required keys and properties."""
    if "$ref" in schema:
        return resolve(doc, doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]])
    out = {k: v for k, v in schema.items() if k != "allOf"}
    for part in schema.get("allOf", []):
        sub = resolve(doc, part)
        out = {**sub, **out}
        out["required"] = [*out.get("required", []), *sub.get("required", [])]
        out["properties"] = {**sub.get("properties", {}), **schema.get("properties", {})}
    return out


def conforms(doc: dict[str, Any], schema: dict[str, Any], value: Any) -> None:
    """Check a value against the document's schema: types, required keys, nested items."""
    schema = resolve(doc, schema)
    kind = schema.get("type")
    if "anyOf" in schema and value is not None:
        schema = resolve(doc, next(s for s in schema["anyOf"] if s.get("type") != "null"))
        kind = schema.get("type")
    if kind == "object" or (isinstance(kind, list) and "object" in kind and value is not None):
        assert isinstance(value, dict), value
        missing = set(schema.get("required", [])) - set(value)
        assert not missing, f"missing {missing} in {sorted(value)}"
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                conforms(doc, sub, value[key])
    elif kind == "array":
        assert isinstance(value, list)
        for element in value:
            conforms(doc, schema.get("items", {}), element)
    elif "enum" in schema:
        assert value in schema["enum"], (value, schema["enum"])


async def fetch(session: aiohttp.ClientSession, method: str, url: str, **kw: Any):
    async with session.request(method, url, **kw) as resp:
        return resp.status, resp.content_type, await resp.read()


async def served(a) -> dict[str, Any]:
    async with aiohttp.ClientSession() as session:
        status, ctype, raw = await fetch(session, "GET", a.http_url + "/api/v1/openapi.json")
    assert (status, ctype) == (200, "application/json")
    return json.loads(raw)


async def test_served_document_passes_openapi_spec_validator(nodes):
    a = await nodes("A")
    doc = await served(a)
    assert doc["openapi"].startswith("3.1")
    validate(doc)  # raises with the first error (a duplicate operationId, a bad parameter...)


async def test_document_lists_every_route_of_the_app_with_each_method(nodes):
    a = await nodes("A")
    doc = await served(a)
    app = a._runner.app  # the node's real application and router
    routes = {
        (route.method.lower(), route.resource.get_info().get("formatter", route.resource.canonical))
        for route in app.router.routes()
    }
    documented = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert routes == documented
    assert openapi.undocumented(app) == [], "describe each handler with openapi.describe"
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            assert op["summary"] and op["responses"], (method, path)
            assert "(undocumented)" not in op["summary"], (method, path)


def listed(doc: dict[str, Any], path: str, method: str) -> dict[str, set[str]]:
    """The problem codes the document lists for one operation, by status."""
    out = {}
    for status, response in doc["paths"][path][method]["responses"].items():
        content = response.get("content", {}).get("application/problem+json")
        if content:
            out[status] = set(content["schema"]["properties"]["code"]["enum"])
    return out


async def test_every_code_a_handler_declares_is_listed_for_its_route(nodes):
    a = await nodes("A")
    app = a._runner.app
    doc = openapi.document(app)
    every = set(doc["components"]["schemas"]["Problem"]["properties"]["code"]["enum"])
    assert every == set(CODES)
    for method, path, handler in openapi.routes(app):
        if method == "HEAD":
            continue
        route = openapi.route_of(handler)
        assert route is not None
        codes = listed(doc, path, method.lower())
        for status, declared in openapi.problem_codes(route).items():
            assert set(declared) <= codes[str(status)], (method, path, status)
            assert set(declared) <= every, (method, path, set(declared) - every)
    # The code the server answers for an unknown CSV feed (not `not_found`).
    assert listed(doc, "/feeds/{kind}.csv", "get")["404"] == {"unknown_feed"}


async def test_real_error_answers_use_codes_listed_for_their_route(nodes):
    a = await nodes("A")
    doc = await served(a)
    good = {"kind": "initiative", "body": initiative("Posted")}
    cases = [
        ("get", "/feeds/{kind}.csv", "/feeds/nothing.csv", {}, 404, "unknown_feed"),
        ("get", "/api/v1/view/initiatives", "/api/v1/view/initiatives?lang=x%20y", {}, 400, ""),
        ("get", "/api/v1/view/meetings", "/api/v1/view/meetings?status=active", {}, 400, ""),
        ("get", "/api/v1/events", "/api/v1/events?limit=0", {}, 400, ""),
        ("get", "/feeds/outbox", "/feeds/outbox?page=two", {}, 400, ""),
        ("get", "/api/v1/events/{id}", "/api/v1/events/" + "f" * 64, {}, 404, "not_found"),
        ("get", "/items/{id}", "/items/" + "f" * 64, {}, 404, "not_found"),
        ("post", "/api/v1/events", "/api/v1/events", {"json": good}, 401, "unauthorized"),
        ("post", "/api/v1/admin/follow", "/api/v1/admin/follow", {}, 401, "unauthorized"),
    ]
    async with aiohttp.ClientSession() as session:
        for method, path, url, kw, want, code in cases:
            status, ctype, raw = await fetch(session, method, a.http_url + url, **kw)
            body = json.loads(raw)
            assert (status, ctype) == (want, "application/problem+json"), (url, raw[:200])
            assert body["code"] == (code or "bad_parameter"), (url, body)
            assert body["code"] in listed(doc, path, method)[str(status)], (url, body["code"])


async def test_a_bad_parameter_is_named_with_its_fix_in_words(nodes):
    a = await nodes("A")
    cases = [
        ("/api/v1/view/initiatives?lang=x%20y", "lang", "lang must be a BCP 47 language tag"),
        ("/api/v1/view/initiatives?author=me", "author", "author must be an author's did:key"),
        ("/api/v1/view/initiatives?from=June", "from", "from must be a date such as 2024"),
        ("/api/v1/view/initiatives?category=x", "category", "category must be one of"),
        ("/api/v1/view/initiatives?limit=500", "limit", "limit must be a whole number from 1"),
        ("/feeds/meetings.ics?lang=%3F", "lang", "lang must be a BCP 47 language tag"),
    ]
    async with aiohttp.ClientSession() as session:
        for url, name, detail in cases:
            status, _, raw = await fetch(session, "GET", a.http_url + url)
            body = json.loads(raw)
            assert (status, body["code"], body["path"]) == (400, "bad_parameter", name), body
            assert body["detail"].startswith(detail), body["detail"]
            assert "regex" not in body["detail"] and "^" not in body["detail"], body["detail"]


async def test_documented_responses_match_real_responses(nodes):
    a = await nodes("A")
    event = await a.publish("initiative", initiative("Documented"))
    doc = openapi.document(a._runner.app)
    base = a.http_url
    admin = {"Authorization": f"Bearer {a.token}"}
    good = {"kind": "initiative", "body": initiative("Posted")}
    cases = [
        ("GET", "/api/v1/view/initiatives", "/api/v1/view/initiatives", {}, "200"),
        ("GET", "/api/v1/view/nodes", "/api/v1/view/nodes", {}, "200"),
        ("GET", "/api/v1/view/partnerships", "/api/v1/view/partnerships?limit=0", {}, "400"),
        ("GET", "/api/v1/events", "/api/v1/events", {}, "200"),
        ("GET", "/api/v1/events/{id}", f"/api/v1/events/{event.envelope.id}", {}, "200"),
        ("GET", "/api/v1/events/{id}", "/api/v1/events/" + "f" * 64, {}, "404"),
        ("GET", "/api/v1/view/digest", "/api/v1/view/digest", {}, "200"),
        ("GET", "/.well-known/citymesh", "/.well-known/citymesh", {}, "200"),
        ("GET", "/healthz", "/healthz", {}, "200"),
        ("GET", "/api/v1/kinds", "/api/v1/kinds", {}, "200"),
        ("POST", "/api/v1/events", "/api/v1/events", {"json": good}, "401"),
        ("POST", "/api/v1/events", "/api/v1/events", {"json": good, "headers": admin}, "201"),
        ("POST", "/api/v1/events", "/api/v1/events", {"data": b"{", "headers": admin}, "400"),
        ("GET", "/metrics", "/metrics", {}, "200"),
    ]
    async with aiohttp.ClientSession() as session:
        for method, path, url, kw, want in cases:
            status, ctype, raw = await fetch(session, method, base + url, **kw)
            assert str(status) == want, (url, status, raw[:200])
            response = doc["paths"][path][method.lower()]["responses"][want]
            (media, spec) = next(iter(response["content"].items()))
            assert ctype == media.split(";")[0], (url, ctype)
            if media.endswith("json"):
                conforms(doc, spec["schema"], json.loads(raw))


async def test_the_view_api_and_the_feeds_show_one_row_shape(nodes):
    """An object reads the same from /api/v1/view and from the rows the feeds are made of."""
    import msgspec

    from node.feeds import rows

    a = await nodes("A")
    await a.publish("initiative", initiative("One shape"))
    async with aiohttp.ClientSession() as session:
        _, _, raw = await fetch(session, "GET", a.http_url + "/api/v1/view/initiatives")
    (item,) = json.loads(raw)["items"]
    (row,) = await a.store.read(lambda c: rows.objects(c, ("initiative",)))
    shown = msgspec.to_builtins(row)
    assert {key: item[key] for key in shown} == shown
    assert set(item) - set(shown) == {"progress_reports", "progress_reports_total"}
