"""Checks every request passes before any route sees it: headers that are not text, and query
strings too long or too many, are refused with a problem naming them."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .problems import HTTPProblem

__all__ = ["MAX_QUERY_BYTES", "MAX_QUERY_PARAMS", "middleware"]

MAX_QUERY_BYTES = 4096
MAX_QUERY_PARAMS = 32


def _undecodable(value: str) -> bool:
    # aiohttp keeps bytes that are not UTF-8 as lone surrogates; no text can hold them.
    return not value.isascii() and any("\udc80" <= ch <= "\udcff" for ch in value)


@web.middleware
async def middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    for name, value in request.headers.items():
        if _undecodable(value) or _undecodable(name):
            shown = name if not _undecodable(name) else "a header name"
            raise HTTPProblem(
                400, "bad_header", f"the {shown} header holds bytes that are not UTF-8 text", shown
            )
    if len(request.query_string) > MAX_QUERY_BYTES:
        raise HTTPProblem(
            414, "query_too_long", f"the query string is longer than {MAX_QUERY_BYTES} bytes"
        )
    if len(request.query) > MAX_QUERY_PARAMS:
        raise HTTPProblem(400, "bad_parameter", f"more than {MAX_QUERY_PARAMS} query parameters")
    return await handler(request)
