"""The OpenAPI document covers every route of a real node and matches its real responses."""

from __future__ import annotations

import json
import re
from typing import Any

import aiohttp
from helpers import initiative

from node.http import openapi


def resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with `$ref` and `allOf` folded into one set of required keys and properties."""
    if "$ref" in schema:
        return resolve(doc, doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]])
    out = {k: v for k, v in schema.items() if k != "allOf"}
    for part in schema.get("allOf", []):
        sub = resolve(doc, part)
        out["required"] = [*out.get("required", []), *sub.get("required", [])]
        out["properties"] = {**out.get("properties", {}), **sub.get("properties", {})}
    return out


def conforms(doc: dict[str, Any], schema: dict[str, Any], value: Any) -> None:
    """Check a value against the document's schema: types, required keys, nested items."""
    schema = resolve(doc, schema)
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
        assert value in schema["enum"]


async def fetch(session: aiohttp.ClientSession, method: str, url: str, **kw: Any):
    async with session.request(method, url, **kw) as resp:
        return resp.status, resp.content_type, await resp.read()


async def test_document_lists_exactly_the_routes_of_the_app(nodes):
    a = await nodes("A")
    async with aiohttp.ClientSession() as session:
        status, ctype, raw = await fetch(session, "GET", a.http_url + "/api/v1/openapi.json")
    assert (status, ctype) == (200, "application/json")
    doc = json.loads(raw)
    assert doc["openapi"].startswith("3.1")

    app = a._runner.app  # the node's real application and router
    routes = {
        (route.method.lower(), route.resource.get_info().get("formatter", route.resource.canonical))
        for route in app.router.routes()
    }
    documented = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert routes == documented
    assert openapi.undocumented(app) == [], "every route needs an entry in openapi.OPERATIONS"
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            assert op["summary"] and op["responses"], (method, path)
            for name in re.findall(r"\{(\w+)\}", path):  # /feeds/{kind}.csv: kind
                assert {"name": name, "in": "path"} in [
                    {"name": p["name"], "in": p["in"]} for p in op["parameters"]
                ], (path, op["parameters"])


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
