"""Standard feeds of the view: iCalendar, Atom, GeoJSON, CSV per kind, ActivityStreams outbox.

Rows are read on a store reader thread and rendered on a worker thread: the event loop only
moves bytes. A feed of a whole collection (an export) is read as a whole read
(`limits.read_whole`), and read and rendered a page of rows at a time into a `Spool` on the
reader's thread, so its memory does not grow with the collection.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Annotated, Literal, TypeVar

import msgspec
from aiohttp import web

from ..feeds import activitystreams, atom, csvs, geojson, ical, rows
from ..feeds.context import Context
from . import limits, openapi
from .etag import conditional
from .keys import NODE
from .params import Lang, query
from .problems import HTTPProblem
from .spool import Spool

__all__ = ["setup"]

T = TypeVar("T")


class FeedQuery(msgspec.Struct, kw_only=True):
    lang: Lang | None = None


class OutboxQuery(FeedQuery, kw_only=True):
    page: (
        Annotated[int, msgspec.Meta(ge=1, le=2**31, description="a page (none: the collection)")]
        | None
    ) = None


class CsvPath(msgspec.Struct):
    kind: Literal[tuple(sorted([*csvs.TABLES, "nodes"]))]  # type: ignore[valid-type]


#: What every feed may answer besides its content.
PAGE_PROBLEMS: dict[int, tuple[str, ...]] = {400: ("bad_parameter",)}
#: ... and what a feed of a whole collection may answer (see `limits.read_whole`).
PROBLEMS: dict[int, tuple[str, ...]] = {**PAGE_PROBLEMS, **limits.WHOLE_READ_PROBLEMS}


def feed(media: str, description: str) -> dict[int, openapi.Answer]:
    return {200: openapi.text(media, description)}


def _context(request: web.Request, lang: str | None = None) -> Context:
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


def _lang(request: web.Request) -> Context:
    return _context(request, query(request, FeedQuery).lang)


async def _render(
    request: web.Request,
    query: Callable[[sqlite3.Connection], T],
    render: Callable[[T], bytes],
    *,
    whole: bool = True,
) -> bytes:
    """`query`'s rows rendered; `whole`: a whole collection (see the module's docstring)."""
    store = request.app[NODE].store
    if not whole:
        return await asyncio.to_thread(render, await store.read(query))
    return await asyncio.to_thread(
        render, await limits.read_whole(request, lambda: store.read(query))
    )


async def _export(
    request: web.Request,
    chunks: Callable[[sqlite3.Connection], Iterator[bytes]],
    content_type: str,
    **headers: str,
) -> web.StreamResponse:
    """A whole collection: `chunks(connection)` written to a spool as a whole read, then sent
    with its ETag (feed readers poll), the client's count held until it is sent."""
    store = request.app[NODE].store
    spool = Spool()

    def fill(conn: sqlite3.Connection) -> None:
        for chunk in chunks(conn):
            spool.write(chunk)
        spool.finish()

    try:
        await limits.read_whole(request, lambda: store.read(fill))
        with limits.sending(request):
            return await spool.answer(
                request, {"Content-Type": f"{content_type}; charset=utf-8", **headers}
            )
    finally:
        spool.close()


def _send(request: web.Request, body: bytes, content_type: str, **headers: str) -> web.Response:
    # Feed readers poll: a strong ETag lets them skip unchanged feeds with If-None-Match.
    return conditional(request, body, {"Content-Type": f"{content_type}; charset=utf-8", **headers})


@openapi.describe(
    "Meetings as iCalendar (RFC 5545)",
    query=FeedQuery,
    answers=feed("text/calendar", "The calendar"),
    problems=PROBLEMS,
)
async def meetings_ics(request: web.Request) -> web.StreamResponse:
    ctx = _lang(request)
    kinds = ("meeting",)
    return await _export(
        request,
        lambda c: ical.chunks(
            rows.object_pages(c, kinds, order="start"), ctx, rows.zone_names(c, kinds)
        ),
        "text/calendar",
    )


@openapi.describe(
    "Initiatives as an Atom feed",
    query=FeedQuery,
    answers=feed("application/atom+xml", "The feed"),
    problems=PAGE_PROBLEMS,
)
async def initiatives_atom(request: web.Request) -> web.Response:
    ctx = _lang(request)
    body = await _render(
        request,
        lambda c: rows.objects(c, ("initiative",), order="changed", limit=atom.LIMIT),
        lambda data: atom.render(data, ctx),
        whole=False,
    )
    return _send(request, body, "application/atom+xml")


@openapi.describe(
    "Initiatives with places as a GeoJSON FeatureCollection",
    query=FeedQuery,
    answers=feed("application/geo+json", "The features"),
    problems=PROBLEMS,
)
async def initiatives_geojson(request: web.Request) -> web.StreamResponse:
    ctx = _lang(request)
    return await _export(
        request,
        lambda c: geojson.chunks(rows.object_pages(c, ("initiative",), retracted=False), ctx),
        "application/geo+json",
    )


@openapi.describe(
    "Meetings with a place as a GeoJSON FeatureCollection",
    query=FeedQuery,
    answers=feed("application/geo+json", "The features"),
    problems=PROBLEMS,
)
async def meetings_geojson(request: web.Request) -> web.StreamResponse:
    ctx = _lang(request)
    return await _export(
        request,
        lambda c: geojson.chunks(
            rows.object_pages(c, ("meeting",), retracted=False, order="start"), ctx
        ),
        "application/geo+json",
    )


@openapi.describe(
    "One view as CSV, a row per object",
    query=FeedQuery,
    path=CsvPath,
    answers=feed("text/csv", "The table"),
    problems={**PROBLEMS, 404: ("unknown_feed",)},
)
async def table_csv(request: web.Request) -> web.StreamResponse:
    table = request.match_info["kind"]
    ctx = _lang(request)
    chunks: Callable[[sqlite3.Connection], Iterator[bytes]]
    if table == "nodes":
        chunks = lambda c: iter([csvs.render_nodes(rows.nodes(c), ctx)])  # noqa: E731
    elif table in csvs.TABLES:
        kind = csvs.TABLES[table][0]
        chunks = lambda c: csvs.object_chunks(  # noqa: E731
            table, rows.object_pages(c, (kind,), retracted=False), ctx
        )
    else:
        known = ", ".join(sorted([*csvs.TABLES, "nodes"]))
        raise HTTPProblem(
            404, "unknown_feed", f"no CSV feed {table[:80]!r}; known: {known}", "kind"
        )
    return await _export(
        request,
        chunks,
        "text/csv",
        **{"Content-Disposition": f'inline; filename="{table}.csv"'},
    )


@openapi.describe(
    "An ActivityStreams 2.0 outbox of the node's objects",
    query=OutboxQuery,
    answers=feed("application/activity+json", "The collection, or one page of it"),
    problems=PROBLEMS,
)
async def outbox(request: web.Request) -> web.Response:
    q = query(request, OutboxQuery)
    ctx = _context(request, q.lang)
    number = q.page or 0
    kinds = tuple(activitystreams.KINDS)
    if number == 0:  # no page asked for: the collection itself
        body = await _render(
            request,
            lambda c: rows.activity_count(c, kinds),
            lambda total: activitystreams.collection(total, ctx),
        )
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
