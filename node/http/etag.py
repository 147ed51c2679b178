"""Conditional answers: a strong ETag of the body, and 304 to a client that already has it."""

from __future__ import annotations

import hashlib

from aiohttp import web

__all__ = ["conditional", "matches", "tag"]


def tag(digest: str) -> str:
    """The ETag of a body whose SHA-256 is `digest` (hex)."""
    return '"' + digest[:32] + '"'


def matches(request: web.Request, etag: str) -> bool:
    """The request's If-None-Match names `etag`: the client has that body already."""
    return etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]


def conditional(request: web.Request, body: bytes, headers: dict[str, str]) -> web.Response:
    """`body` with its ETag, or 304 if the request's If-None-Match names it."""
    etag = tag(hashlib.sha256(body).hexdigest())
    headers = {"ETag": etag, "Cache-Control": "no-cache", **headers}
    if matches(request, etag):
        return web.Response(status=304, headers=headers)
    return web.Response(body=body, headers=headers)
