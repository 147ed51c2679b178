"""Conditional answers: a strong ETag of the body, and 304 to a client that already has it."""

from __future__ import annotations

import hashlib

from aiohttp import web

__all__ = ["conditional"]


def conditional(request: web.Request, body: bytes, headers: dict[str, str]) -> web.Response:
    """`body` with its ETag, or 304 if the request's If-None-Match names it."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "no-cache", **headers}
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        return web.Response(status=304, headers=headers)
    return web.Response(body=body, headers=headers)
