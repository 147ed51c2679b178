"""The view API: /api/v1/view/<name>, cursor-paginated lists built by node.queries."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import get_args

from aiohttp import web

from protocol.kinds import core

from ..store import queries
from .keys import NODE
from .params import integer, text
from .problems import HTTPProblem

MAX_LIMIT = 200
MAX_QUERY = 500
_AUTHOR = re.compile(r"^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

#: The status vocabulary of each view that filters on status.
STATUSES: dict[str, tuple[str, ...]] = {
    "initiatives": get_args(core.InitiativeStatus),
    "meetings": get_args(core.MeetingStatus),
    "partnerships": queries.PARTNERSHIP_STATUSES,
}
CATEGORIES = get_args(core.Category)


def filters(request: web.Request, view: str) -> queries.Filters:
    """The query string as Filters; a bad value is a 400 `bad_parameter` naming it."""
    q = text(request, "q", MAX_QUERY)
    author = text(request, "author")
    if author is not None and not _AUTHOR.match(author):
        raise HTTPProblem(400, "bad_parameter", "author must be a did:key", "author")
    lang = text(request, "lang")
    if lang is not None and not _LANG.match(lang):
        raise HTTPProblem(400, "bad_parameter", "lang must be a BCP 47 tag such as pt-BR", "lang")
    category = text(request, "category")
    if category is not None and category not in CATEGORIES:
        raise HTTPProblem(
            400, "bad_parameter", f"category must be one of {', '.join(CATEGORIES)}", "category"
        )
    status = text(request, "status")
    if status is not None and view in STATUSES and status not in STATUSES[view]:
        allowed = ", ".join(STATUSES[view])
        raise HTTPProblem(400, "bad_parameter", f"status must be one of {allowed}", "status")
    limit = integer(request, "limit", 50, 1, MAX_LIMIT)
    try:
        dates = {
            name: queries.check_date(name, value)
            for name in ("from", "to")
            if (value := text(request, name)) is not None
        }
    except queries.BadFilter as exc:
        raise HTTPProblem(400, "bad_parameter", exc.detail, exc.name) from None
    return queries.Filters(
        q=q,
        category=category,
        author=author,
        status=status,
        lang=lang,
        date_from=dates.get("from"),
        date_to=dates.get("to"),
        after=text(request, "after"),
        limit=limit,
    )


def handler(view: str) -> Callable[[web.Request], Awaitable[web.Response]]:
    """The GET handler of one view."""
    query = queries.VIEWS[view]

    async def list_view(request: web.Request) -> web.Response:
        f = filters(request, view)
        try:
            page = await request.app[NODE].store.read(lambda conn: query(conn, f))
        except queries.BadFilter as exc:
            raise HTTPProblem(400, "bad_parameter", exc.detail, exc.name) from None
        return web.json_response({"items": page.items, "next": page.next})

    list_view.__name__ = f"view_{view}"
    list_view.__doc__ = (query.__doc__ or "").split("\n")[0]
    return list_view


def setup(app: web.Application) -> None:
    for view in queries.VIEWS:
        app.router.add_get(f"/api/v1/view/{view}", handler(view))
