"""Meetings as an RFC 5545 calendar (one VEVENT per meeting, stable UID, SEQUENCE = updates)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from icalendar import Calendar, Event, Timezone

from .context import Context
from .places import coordinates, describe
from .rows import ObjectRow
from .text import clean, pick, pick_text
from .when import local, zone

__all__ = ["render", "chunks", "STATUS"]

#: Meeting status → VEVENT STATUS (RFC 5545 §3.8.1.11 has only these three for events).
STATUS = {
    "tentative": "TENTATIVE",
    "postponed": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "held": "CONFIRMED",
    "cancelled": "CANCELLED",
}


def _utc(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).astimezone(UTC)


def _description(row: ObjectRow, ctx: Context) -> str:
    body = row.body
    parts = [pick_text(body.get("description"), ctx.lang, row.lang)]
    agenda = body.get("agenda")
    if isinstance(agenda, list):
        items = [
            pick_text(a.get("title"), ctx.lang, row.lang) for a in agenda if isinstance(a, dict)
        ]
        parts.append("\n".join(f"- {item}" for item in items if item))
    online = body.get("online_url")
    if isinstance(online, str):
        parts.append(clean(online))
    return "\n\n".join(p for p in parts if p)


def _vevent(row: ObjectRow, ctx: Context) -> Event:
    body = row.body
    event = Event()
    event.add("uid", f"{row.id}@citymesh")
    # A retraction is one more change calendar clients must take over the copy they hold.
    event.add("sequence", row.version - 1 + (1 if row.retracted else 0))
    event.add("dtstamp", _utc(row.changed_at))
    event.add("created", _utc(row.created_at))
    event.add("last-modified", _utc(row.changed_at))
    tz = zone(body.get("timezone"))
    start = local(body.get("start"), tz)
    if start is not None:
        event.add("dtstart", start)
    end = local(body.get("end"), tz)
    if end is not None and start is not None and end >= start:
        event.add("dtend", end)
    event.add("url", ctx.event_url(row.id))
    if row.retracted:
        # Withdrawn content is no longer shown (SPEC §6.2): only the cancellation remains.
        event.add("status", "CANCELLED")
        event.add("summary", "(retracted)")
        return event
    event.add("status", STATUS.get(str(body.get("status")), "TENTATIVE"))
    title = pick(body.get("title"), ctx.lang, row.lang)
    if title:
        event.add("summary", title[1], parameters={"LANGUAGE": title[0]})
    description = _description(row, ctx)
    if description:
        event.add("description", description)
    place = body.get("place")
    where = describe(place, ctx.lang, row.lang) or clean(str(body.get("online_url") or ""))
    if where:
        event.add("location", where)
    geo = coordinates(place)
    if geo:
        event.add("geo", geo)
    organizer = pick_text(row.author_name, ctx.lang, row.lang)
    if organizer:
        event.add("x-citymesh-author", f"{organizer} <{row.author}>")
    return event


def chunks(
    pages: Iterable[list[ObjectRow]], ctx: Context, zones: Iterable[str] = ()
) -> Iterator[bytes]:
    """The calendar of the rows of `pages` (meetings, cancelled and retracted ones included),
    a page at a time. RFC 5545 wants a VTIMEZONE for every TZID used: `zones` names those
    the rows may use (the IANA names in their `timezone`), as they come before the events."""
    cal = Calendar()
    cal.add("prodid", "-//citymesh//meetings feed//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = f"{ctx.node_name}: meetings"
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("source", ctx.feed_url("/feeds/meetings.ics"))
    for tzid in sorted({tz.key for tz in map(zone, zones) if tz is not None}):
        try:
            cal.add_component(Timezone.from_tzid(tzid))
        except ValueError:  # a zone icalendar cannot describe: clients fall back on its name
            continue
    whole = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    yield whole[: -len(end)]
    for page in pages:
        yield b"".join(_vevent(row, ctx).to_ical() for row in page)
    yield end


def zones_of(rows: Iterable[ObjectRow]) -> set[str]:
    """The zone names `rows` give (see `chunks`)."""
    return {z for row in rows if isinstance(z := row.body.get("timezone"), str)}


def render(rows: list[ObjectRow], ctx: Context) -> bytes:
    """`chunks` of `rows`, whole."""
    return b"".join(chunks([rows], ctx, zones_of(rows)))
