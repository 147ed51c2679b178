"""Standard feeds of the view: iCalendar, Atom, GeoJSON, CSV per kind, ActivityStreams outbox.

Rows are read on a store reader thread and rendered on a worker thread: the event loop only
moves bytes.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from aiohttp import web

from ..feeds import activitystreams, atom, csvs, geojson, ical, rows
from ..feeds.context import Context
from .etag import conditional
from .keys import NODE
from .params import integer
from .problems import HTTPProblem

__all__ = ["setup"]

T = TypeVar("T")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # protocol LangTag


def _context(request: web.Request) -> Context:
    lang = request.query.get("lang") or None
    if lang is not None and not _LANG.match(lang):
        raise HTTPProblem(400, "bad_parameter", "lang must be a BCP 47 language tag", "lang")
    node = request.app[NODE]
    now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return Context(
        base=node.http_url,
        node_id=node.id,
        node_name=node.config.name,
        node_lang=node.config.lang,
        lang=lang,
        now=now,
    )


async def _render(
    request: web.Request,
    query: Callable[[sqlite3.Connection], T],
    render: Callable[[T], bytes],
) -> bytes:
    data = await request.app[NODE].store.read(query)
    return await asyncio.to_thread(render, data)


def _send(request: web.Request, body: bytes, content_type: str, **headers: str) -> web.Response:
    # Feed readers poll: a strong ETag lets them skip unchanged feeds with If-None-Match.
    return conditional(request, body, {"Content-Type": f"{content_type}; charset=utf-8", **headers})


async def meetings_ics(request: web.Request) -> web.Response:
    ctx = _context(request)
    body = await _render(
        request,
        lambda c: rows.objects(c, ("meeting",), order="start"),
        lambda data: ical.render(data, ctx),
    )
    return _send(request, body, "text/calendar")


async def initiatives_atom(request: web.Request) -> web.Response:
    ctx = _context(request)
    body = await _render(
        request,
        lambda c: rows.objects(c, ("initiative",), order="changed", limit=atom.LIMIT),
        lambda data: atom.render(data, ctx),
    )
    return _send(request, body, "application/atom+xml")


async def initiatives_geojson(request: web.Request) -> web.Response:
    ctx = _context(request)
    body = await _render(
        request,
        lambda c: rows.objects(c, ("initiative",), retracted=False),
        lambda data: geojson.render(data, ctx),
    )
    return _send(request, body, "application/geo+json")


async def meetings_geojson(request: web.Request) -> web.Response:
    ctx = _context(request)
    body = await _render(
        request,
        lambda c: rows.objects(c, ("meeting",), retracted=False, order="start"),
        lambda data: geojson.render(data, ctx),
    )
    return _send(request, body, "application/geo+json")


async def table_csv(request: web.Request) -> web.Response:
    table = request.match_info["kind"]
    ctx = _context(request)
    if table == "nodes":
        body = await _render(request, rows.nodes, lambda data: csvs.render_nodes(data, ctx))
    elif table in csvs.TABLES:
        kind = csvs.TABLES[table][0]
        body = await _render(
            request,
            lambda c: rows.objects(c, (kind,), retracted=False),
            lambda data: csvs.render_objects(table, data, ctx),
        )
    else:
        known = ", ".join(sorted([*csvs.TABLES, "nodes"]))
        raise HTTPProblem(
            404, "unknown_feed", f"no CSV feed {table[:80]!r}; known: {known}", "kind"
        )
    return _send(
        request,
        body,
        "text/csv",
        **{"Content-Disposition": f'inline; filename="{table}.csv"'},
    )


async def outbox(request: web.Request) -> web.Response:
    ctx = _context(request)
    number = integer(request, "page", 0, 1, 2**31)
    kinds = tuple(activitystreams.KINDS)
    if number == 0:  # no page asked for: the collection itself
        total = await request.app[NODE].store.read(lambda c: rows.activity_count(c, kinds))
        body = activitystreams.collection(total, ctx)
    else:
        size = activitystreams.PAGE_SIZE
        body = await _render(
            request,
            lambda c: (
                rows.activity_count(c, kinds),
                rows.activities(c, kinds, (number - 1) * size, size),
            ),
            lambda data: activitystreams.page(number, data[1], data[0], ctx),
        )
    return _send(request, body, "application/activity+json")


def setup(app: web.Application) -> None:
    app.router.add_get("/feeds/meetings.ics", meetings_ics)
    app.router.add_get("/feeds/initiatives.atom", initiatives_atom)
    app.router.add_get("/feeds/initiatives.geojson", initiatives_geojson)
    app.router.add_get("/feeds/meetings.geojson", meetings_geojson)
    app.router.add_get("/feeds/{kind}.csv", table_csv)
    app.router.add_get("/feeds/outbox", outbox)
