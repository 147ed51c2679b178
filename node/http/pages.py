"""The web pages: the shared view for people, the admin page, their static files, and kinds."""

from __future__ import annotations

import asyncio
import re
from functools import cache
from html import escape
from pathlib import Path

import msgspec
from aiohttp import web

from protocol import explain, registry

from .etag import conditional
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


async def index(request: web.Request) -> web.Response:
    """The shared view; it carries the newest event number so the live stream starts there."""
    if "index.html" not in _TEMPLATES:
        _TEMPLATES["index.html"] = await asyncio.to_thread((STATIC / "index.html").read_bytes)
    newest = await request.app[NODE].store.read(
        lambda c: c.execute("SELECT COALESCE(MAX(n), 0) FROM events").fetchone()[0]
    )
    name = escape(request.app[NODE].config.name).encode()
    html = (
        _TEMPLATES["index.html"]
        .replace(b'<body data-after="0">', b'<body data-after="%d">' % newest, 1)
        .replace(b"<title>citymesh</title>", b"<title>%s \xc2\xb7 citymesh</title>" % name, 1)
    )
    return web.Response(body=html, headers=_headers("html"))


async def admin(request: web.Request) -> web.Response:
    return await _file(request, "admin.html")


async def static(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name not in _FILES:
        raise HTTPProblem(404, "not_found", f"no static file {name[:80]!r}", "name")
    return await _file(request, name)


@cache
def _kinds() -> bytes:
    # Each body's schema names its fields' forms and references, with an example body.
    return msgspec.json.encode([explain.describe(spec) for spec in registry])


async def kinds(request: web.Request) -> web.Response:
    """The registered kinds with the JSON Schema of each body; the admin forms are built from it."""
    return web.Response(body=_kinds(), content_type="application/json")


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
