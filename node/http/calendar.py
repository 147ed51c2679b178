"""`/calendar`: meetings by month (a grid of weeks) or as a list, rendered on the server.

`?month=YYYY-MM` picks the month (default: this month, in UTC); `?view=list` lists every
meeting instead. Each meeting links to its own page and to its outcome's.
"""

from __future__ import annotations

import calendar as cal
import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

import msgspec
from aiohttp import web

from ..feeds.text import pick
from ..store import queries
from . import openapi
from .keys import NODE
from .pages import html_headers
from .params import query
from .problems import HTTPProblem
from .shell import document, esc

__all__ = ["setup"]

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _title(item: dict[str, Any], want: str) -> str:
    found = pick(item["body"].get("title"), want, item["lang"])
    text = esc(found[1]) if found else "Meeting"
    return f'<span lang="{esc(found[0])}">{text}</span>' if found else text


def _entry(item: dict[str, Any], want: str, *, long: bool) -> str:
    b = item["body"]
    start = str(b.get("start") or "")
    time = start[11:16]
    outcomes = "".join(
        f' · <a href="/items/{esc(o["id"])}">Outcome</a>' for o in item.get("outcomes") or []
    )
    status = b.get("status")
    flag = f' <span class="chip plain">{esc(status)}</span>' if status == "cancelled" else ""
    if not long:
        # On a phone only the time (or a dot) shows; the title stays there for screen readers.
        clock = f'<span class="time">{esc(time)}</span> ' if time else '<span class="dot">●</span>'
        title = f'<span class="t">{_title(item, want)}</span>'
        return f'<li><a href="/items/{esc(item["id"])}">{clock}{title}</a></li>'
    place = b.get("place") or {}
    where = pick(place.get("name"), want, item["lang"]) if isinstance(place, dict) else None
    return (
        f'<li class="cal-entry"><time datetime="{esc(start)}">{esc(start[:10])}'
        f"{(' ' + esc(time)) if time else ''}</time> "
        f'<a href="/items/{esc(item["id"])}">{_title(item, want)}</a>{flag}'
        f"{(' — ' + esc(where[1])) if where else ''}"
        f" <span class=hint>({esc(b.get('timezone') or '')})</span>{outcomes}</li>"
    )


def _month_grid(year: int, month: int, items: list[dict[str, Any]], want: str) -> str:
    by_day: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_day.setdefault(str(item["body"].get("start") or "")[:10], []).append(item)
    head = "".join(f'<th scope="col">{d}</th>' for d in _DAYS)
    rows = []
    for week in cal.Calendar(0).monthdatescalendar(year, month):
        cells = []
        for day in week:
            todays = by_day.get(day.isoformat(), [])
            inside = day.month == month
            entries = "".join(_entry(i, want, long=False) for i in todays)
            cells.append(
                f'<td class="{"in" if inside else "out"}{" has" if todays else ""}">'
                f'<span class="day">{day.day}</span>'
                + (f'<ul class="plain">{entries}</ul>' if entries else "")
                + "</td>"
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    caption = f"{cal.month_name[month]} {year}"
    return (
        f'<table class="cal"><caption>{caption}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _shift(year: int, month: int, by: int) -> str:
    index = year * 12 + (month - 1) + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


class CalendarQuery(msgspec.Struct, kw_only=True):
    view: Annotated[
        Literal["month", "list"], msgspec.Meta(description="month (a grid of weeks) or list")
    ] = "month"
    month: (
        Annotated[
            str,
            msgspec.Meta(max_length=7, description="a month such as 2026-03 (default: this month)"),
        ]
        | None
    ) = None


@openapi.describe(
    "Meetings by month or as a list",
    query=CalendarQuery,
    answers={200: openapi.text("text/html", "The calendar page")},
    problems={400: ("bad_parameter",)},
)
async def calendar_page(request: web.Request) -> web.Response:
    node = request.app[NODE]
    want = node.config.lang
    q = query(request, CalendarQuery)
    view = q.view
    month_text = q.month or datetime.now(UTC).strftime("%Y-%m")
    found = _MONTH.match(month_text)
    if not found:
        raise HTTPProblem(400, "bad_parameter", "month must look like 2026-03", "month")
    year, month = int(found[1]), int(found[2])
    if not 1 <= year <= 9999:
        raise HTTPProblem(400, "bad_parameter", "month must look like 2026-03", "month")
    limit = queries.Filters(limit=200)
    if view == "month":
        limit = queries.Filters(date_from=month_text, date_to=month_text, limit=200)
    page = await node.store.read(lambda c: queries.meetings(c, limit))
    items = sorted(
        (i for i in msgspec.to_builtins(page.items) if not i["retracted"]),
        key=lambda i: str(i["body"].get("start") or ""),
    )
    months = await node.store.read(
        lambda c: [
            r[0]
            for r in c.execute(
                "SELECT DISTINCT substr(start, 1, 7) FROM objects WHERE kind = 'meeting'"
                " AND retracted IS NULL AND start IS NOT NULL ORDER BY 1 LIMIT 600"
            )
        ]
    )
    switch = (
        f'<p class="views"><a href="/calendar?month={month_text}"'
        f"{' aria-current=page' if view == 'month' else ''}>Month</a> · "
        f'<a href="/calendar?view=list&amp;month={month_text}"'
        f"{' aria-current=page' if view == 'list' else ''}>List</a> · "
        '<a href="/feeds/meetings.ics">Calendar file (.ics)</a></p>'
    )
    if view == "month":
        nav = (
            f'<p class="month-nav"><a href="/calendar?month={_shift(year, month, -1)}"'
            f' rel="prev">← Previous month</a>'
            f'<a href="/calendar?month={_shift(year, month, 1)}" rel="next">Next month →</a></p>'
        )
        jump = " ".join(
            f'<a href="/calendar?month={m}"{" aria-current=page" if m == month_text else ""}>'
            f"{m}</a>"
            for m in months
        )
        body = (
            nav
            + _month_grid(year, month, items, want)
            + (
                '<h2 class="sub">This month</h2><ul class="plain cal-list">'
                + "".join(_entry(i, want, long=True) for i in items)
                + "</ul>"
                if items
                else '<p class="hint">No meetings this month.</p>'
            )
            + (f'<p class="hint months">Months with meetings: {jump}</p>' if jump else "")
        )
    else:
        groups: dict[str, list[str]] = {}
        for item in items:
            key = str(item["body"].get("start") or "")[:7]
            groups.setdefault(key, []).append(_entry(item, want, long=True))
        body = (
            "".join(
                f'<h2 class="sub">{esc(_month_name(key))}</h2>'
                f'<ul class="plain cal-list">{"".join(entries)}</ul>'
                for key, entries in groups.items()
            )
            or '<p class="hint">No meetings yet.</p>'
        )
    main = f"<h1>Calendar of meetings</h1>{switch}{body}"
    html = document(
        "Calendar",
        node.config.name,
        main,
        body_attrs='class="calendar-page"',
        current="/calendar",
        main_class="item-main wide",
    )
    return web.Response(body=html.encode(), headers=html_headers())


def _month_name(key: str) -> str:
    try:
        return date(int(key[:4]), int(key[5:7]), 1).strftime("%B %Y")
    except ValueError:
        return key


def setup(app: web.Application) -> None:
    app.router.add_get("/calendar", calendar_page)
