"""The view API: /api/v1/view/<name>, cursor-paginated lists built by node.store.queries."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import get_type_hints

import msgspec
from aiohttp import web

from ..store import queries
from . import openapi
from .keys import NODE
from .params import query
from .problems import HTTPProblem


def handler(view: str) -> Callable[[web.Request], Awaitable[web.Response]]:
    """The GET handler of one view."""
    read = queries.VIEWS[view]

    async def list_view(request: web.Request) -> web.Response:
        f = query(request, queries.Filters)
        try:
            page = await request.app[NODE].store.read(lambda conn: read(conn, f))
        except queries.BadFilter as exc:
            raise HTTPProblem(400, "bad_parameter", exc.detail, exc.name) from None
        return web.Response(body=msgspec.json.encode(page), content_type="application/json")

    list_view.__name__ = f"view_{view}"
    list_view.__doc__ = read.__doc__
    answer = openapi.json(
        get_type_hints(read)["return"],  # Page[the view's row Struct]
        "A page, newest first (local arrival order); pass `next` as `after`",
    )
    return openapi.describe(
        query=queries.Filters, answers={200: answer}, problems={400: ("bad_parameter",)}
    )(list_view)


def setup(app: web.Application) -> None:
    for view in queries.VIEWS:
        app.router.add_get(f"/api/v1/view/{view}", handler(view))
