"""`/calendar`: meetings by month (a grid of weeks) or as a list, rendered on the server.

`?month=YYYY-MM` picks the month (default: this month, in UTC); `?view=list` lists every
meeting instead. Each meeting links to its own page and to its outcome's.
"""

from __future__ import annotations

import calendar as cal
import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

import msgspec
from aiohttp import web

from ..feeds.text import pick
from ..store import queries
from . import openapi
from .i18n import Reader, reader
from .keys import NODE
from .pages import html_headers
from .params import query
from .problems import HTTPProblem
from .shell import document, esc

__all__ = ["setup"]

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _title(item: dict[str, Any], r: Reader) -> str:
    found = pick(item["body"].get("title"), r.lang, item["lang"])
    text = esc(found[1]) if found else esc(r("kind.meeting"))
    return f'<span lang="{esc(found[0])}" dir="auto">{text}</span>' if found else text


def _entry(item: dict[str, Any], r: Reader, *, long: bool) -> str:
    want = r.lang
    b = item["body"]
    start = str(b.get("start") or "")
    time = start[11:16]
    outcomes = "".join(
        f' · <a href="/items/{esc(o["id"])}">{esc(r("m.outcome"))}</a>'
        for o in item.get("outcomes") or []
    )
    status = b.get("status")
    flag = (
        f' <span class="chip plain">{esc(r.vocab("mstatus", status))}</span>'
        if status == "cancelled"
        else ""
    )
    if not long:
        # On a phone only the time (or a dot) shows; the title stays there for screen readers.
        clock = f'<span class="time">{esc(time)}</span> ' if time else '<span class="dot">●</span>'
        title = f'<span class="t">{_title(item, r)}</span>'
        return f'<li><a href="/items/{esc(item["id"])}">{clock}{title}</a></li>'
    place = b.get("place") or {}
    where = pick(place.get("name"), want, item["lang"]) if isinstance(place, dict) else None
    return (
        f'<li class="cal-entry"><time datetime="{esc(start)}">{esc(_day(r, start))}'
        f"{(' ' + esc(time)) if time else ''}</time> "
        f'<a href="/items/{esc(item["id"])}">{_title(item, r)}</a>{flag}'
        f"{(' — <span dir=auto>' + esc(where[1]) + '</span>') if where else ''}"
        f" <span class=hint dir=ltr>({esc(b.get('timezone') or '')})</span>{outcomes}</li>"
    )


def _day(r: Reader, start: str) -> str:
    try:
        return r.day(int(start[:4]), int(start[5:7]), int(start[8:10]))
    except ValueError:
        return start[:10]


def _month_grid(year: int, month: int, items: list[dict[str, Any]], r: Reader) -> str:
    by_day: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_day.setdefault(str(item["body"].get("start") or "")[:10], []).append(item)
    head = "".join(
        f'<th scope="col"><span class="wd-long">{esc(long)}</span>'
        f'<span class="wd-short" aria-hidden="true">{esc(short)}</span></th>'
        for long, short in zip(r.weekdays(), r("date.days_narrow").split(","), strict=True)
    )
    rows = []
    for week in cal.Calendar(0).monthdatescalendar(year, month):
        cells = []
        for day in week:
            todays = by_day.get(day.isoformat(), [])
            inside = day.month == month
            entries = "".join(_entry(i, r, long=False) for i in todays)
            cells.append(
                f'<td class="{"in" if inside else "out"}{" has" if todays else ""}">'
                f'<span class="day">{day.day}</span>'
                + (f'<ul class="plain">{entries}</ul>' if entries else "")
                + "</td>"
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    caption = esc(r.month(year, month))
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
    r = reader(request.query.get("lang"), request.headers.get("Accept-Language"), node.config.lang)
    # Links keep an explicit ?lang, so moving through months stays in the chosen language.
    keep = f"&amp;lang={esc(r.lang)}" if request.query.get("lang") else ""
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
        f'<p class="views"><a href="/calendar?month={month_text}{keep}"'
        f"{' aria-current=page' if view == 'month' else ''}>{esc(r('s.cal_month'))}</a> · "
        f'<a href="/calendar?view=list&amp;month={month_text}{keep}"'
        f"{' aria-current=page' if view == 'list' else ''}>{esc(r('s.cal_list'))}</a> · "
        f'<a href="/feeds/meetings.ics">{esc(r("sub.ics"))}</a></p>'
    )
    if view == "month":
        nav = (
            f'<p class="month-nav"><a href="/calendar?month={_shift(year, month, -1)}{keep}"'
            f' rel="prev">{esc(r("s.prev_month"))}</a>'
            f'<a href="/calendar?month={_shift(year, month, 1)}{keep}" rel="next">'
            f"{esc(r('s.next_month'))}</a></p>"
        )
        jump = " ".join(
            f'<a href="/calendar?month={m}{keep}"{" aria-current=page" if m == month_text else ""}>'
            f"{m}</a>"
            for m in months
        )
        body = (
            nav
            + _month_grid(year, month, items, r)
            + (
                f'<h2 class="sub">{esc(r("s.this_month"))}</h2><ul class="plain cal-list">'
                + "".join(_entry(i, r, long=True) for i in items)
                + "</ul>"
                if items
                else f'<p class="hint">{esc(r("s.no_meetings_month"))}</p>'
            )
            + (f'<p class="hint months">{esc(r("s.months_with"))} {jump}</p>' if jump else "")
        )
    else:
        groups: dict[str, list[str]] = {}
        for item in items:
            key = str(item["body"].get("start") or "")[:7]
            groups.setdefault(key, []).append(_entry(item, r, long=True))
        body = (
            "".join(
                f'<h2 class="sub">{esc(_month_name(r, key))}</h2>'
                f'<ul class="plain cal-list">{"".join(entries)}</ul>'
                for key, entries in groups.items()
            )
            or f'<p class="hint">{esc(r("s.no_meetings"))}</p>'
        )
    main = f"<h1>{esc(r('s.cal_title'))}</h1>{switch}{body}"
    html = document(
        r("nav.calendar"),
        node.config.name,
        main,
        r,
        body_attrs='class="calendar-page"',
        current="/calendar",
        main_class="item-main wide",
    )
    return web.Response(body=html.encode(), headers={**html_headers(), "Vary": "Accept-Language"})


def _month_name(r: Reader, key: str) -> str:
    try:
        return r.month(int(key[:4]), int(key[5:7]))
    except (ValueError, IndexError):
        return key


def setup(app: web.Application) -> None:
    app.router.add_get("/calendar", calendar_page)
