"""The web pages: the shared view for people, the admin page, their static files, and kinds."""

from __future__ import annotations

import asyncio
import re
from functools import cache
from html import escape
from pathlib import Path
from string import Template
from typing import Any

import msgspec
from aiohttp import web

from protocol import explain, registry

from . import openapi
from .etag import conditional
from .i18n import CODES, reader, strings
from .keys import NODE
from .problems import HTTPProblem

STATIC = Path(__file__).parent / "static"

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*\.(js|css|html|svg|ico)$")
_VENDOR_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*\.(js|css|geojson)$")
#: Listed once at import, so a request never touches the file system to decide.
_FILES = frozenset(p.name for p in STATIC.iterdir() if _NAME.match(p.name))
#: Third-party files kept as published (see static/vendor/vendor.sh).
_VENDOR = frozenset(
    "vendor/" + p.name for p in (STATIC / "vendor").iterdir() if _VENDOR_NAME.match(p.name)
)
_TYPES = {
    "js": "text/javascript",
    "css": "text/css",
    "html": "text/html",
    "svg": "image/svg+xml",
    "ico": "image/x-icon",
    "geojson": "application/geo+json",
}
# Everything the pages need is served by the node itself; event text can never run as code.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


def _headers(kind: str) -> dict[str, str]:
    headers = {
        "Content-Type": f"{_TYPES[kind]}; charset=utf-8",
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }
    if kind == "html":
        headers["Content-Security-Policy"] = CSP
    return headers


def html_headers() -> dict[str, str]:
    """The headers of every HTML page: its type, and the content security policy."""
    return _headers("html")


_TEMPLATES: dict[str, bytes] = {}


async def _file(request: web.Request, name: str) -> web.Response:
    # Whole files from memory: they are few and small, and a Range header (which a file
    # response would honour, answering 416 in HTML to a bad one) has nothing to gain here.
    if name not in _TEMPLATES:
        _TEMPLATES[name] = await asyncio.to_thread((STATIC / name).read_bytes)
    return conditional(request, _TEMPLATES[name], _headers(name.rsplit(".", 1)[-1]))


_INDEX: list[Template] = []


def busy(request: web.Request, retry_after: int) -> web.Response:
    """For a person whose page the node could not read in time (see `store.budget`): what
    happened, in their language, and a link to try again. Not a timed reload: a page that
    changes by itself is hard to follow with a screen reader (WCAG 2.2.1)."""
    node = request.app[NODE]
    r = reader(request.query.get("lang"), request.headers.get("Accept-Language"), node.config.lang)
    html = (
        f'<!doctype html><html {r.attrs}><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(node.config.name)}</title>"
        '<link rel="stylesheet" href="/static/app.css"></head>'
        '<body><header class="site"><div class="wrap bar"><div class="brand">'
        '<span class="logo" aria-hidden="true"></span><div><h1>citymesh</h1>'
        f'<p class="tagline">{r.html("site.tagline")}</p>'
        f'<p class="tagline">{escape(node.config.name)}</p></div></div></div></header>'
        f'<main class="wrap"><p class="error-msg" role="alert">{r.html("error.busy")}</p>'
        # An empty reference is this very page: no part of the request is written back.
        f'<p><a href="">{r.html("error.retry")}</a></p></main></body></html>'
    )
    headers = {**_headers("html"), "Retry-After": str(int(retry_after))}
    return web.Response(status=503, body=html.encode(), headers=headers)


@openapi.describe(answers={200: openapi.text("text/html", "The public web page")})
async def index(request: web.Request) -> web.Response:
    """The shared view, filled in: the node's name, the reader's language and direction, and
    the newest event number so the live stream starts there."""
    if not _INDEX:
        text = await asyncio.to_thread((STATIC / "index.html").read_text, encoding="utf-8")
        _INDEX.append(Template(text))
    node = request.app[NODE]
    newest = await node.store.read(
        lambda c: c.execute("SELECT COALESCE(MAX(n), 0) FROM events").fetchone()[0]
    )
    r = reader(request.query.get("lang"), request.headers.get("Accept-Language"), node.config.lang)
    html = _INDEX[0].substitute(
        lang=escape(r.lang), dir=r.dir, name=escape(node.config.name), after=int(newest)
    )
    headers = {**_headers("html"), "Vary": "Accept-Language"}
    return web.Response(body=html.encode(), headers=headers)


@openapi.describe("The admin page", answers={200: openapi.text("text/html", "The admin page")})
async def admin(request: web.Request) -> web.Response:
    return await _file(request, "admin.html")


@openapi.describe(
    "A static asset of the pages",
    answers={200: openapi.Answer("The file", "")},
    problems={404: ("not_found",)},
)
async def static(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name not in _FILES:
        raise HTTPProblem(404, "not_found", f"no static file {name[:80]!r}", "name")
    return await _file(request, name)


class KindInfo(msgspec.Struct):
    """A registered kind and the JSON Schema of its body."""

    name: str
    version: int
    description: str
    #: The description and the kind's name in every interface language.
    descriptions: dict[str, str]
    labels: dict[str, str]
    #: The body's JSON Schema, each field's form and references named (`protocol.explain`).
    schema: dict[str, Any]
    #: An example body (in English) that passes every check.
    example: dict[str, Any] | None = None


def _translated(key: str, english: str) -> dict[str, str]:
    """A language map of an interface string: every language that has `key`, and English
    (the kind's own text) for a kind the table does not know (an extension)."""
    found = {code: strings(code)[key] for code in CODES if key in strings(code)}
    return found or {"en": english}


@cache
def _kinds() -> bytes:
    out = [
        KindInfo(
            **explain.describe(spec),
            descriptions=_translated(f"kdesc.{spec.name}", spec.description),
            labels=_translated(f"kind.{spec.name}", spec.name),
        )
        for spec in registry
    ]
    return msgspec.json.encode(out)


@openapi.describe(answers={200: openapi.json(list[KindInfo])})
async def kinds(request: web.Request) -> web.Response:
    """The registered kinds with the JSON Schema of each body, and their names and
    descriptions in every interface language (language maps, like the texts of events); the
    admin forms and the page's vocabularies are built from it."""
    return web.Response(body=_kinds(), content_type="application/json")


@openapi.describe(
    "A vendored asset (Leaflet, world outline)",
    answers={200: openapi.Answer("The file", "")},
    problems={404: ("not_found",)},
)
async def vendor(request: web.Request) -> web.Response:
    name = "vendor/" + request.match_info["name"]
    if name not in _VENDOR:
        raise HTTPProblem(404, "not_found", f"no static file {name[:80]!r}", "name")
    return await _file(request, name)


def setup(app: web.Application) -> None:
    app.router.add_get("/", index)
    app.router.add_get("/admin", admin)
    app.router.add_get("/static/{name}", static)
    app.router.add_get("/static/vendor/{name}", vendor)
    app.router.add_get("/api/v1/kinds", kinds)
