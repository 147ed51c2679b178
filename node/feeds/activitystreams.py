"""The node's outbox as an ActivityStreams 2.0 OrderedCollection, paged for ActivityPub readers.

Creates and Updates carry the object as it was at that version; retractions are Deletes of a
Tombstone. Text people read goes in nameMap (plain text) and contentMap (escaped HTML).
"""

from __future__ import annotations

import html
import json
from typing import Any

from .context import Context
from .places import coordinates, describe
from .rows import Activity, ObjectRow
from .text import clean, pick
from .when import local, zone

__all__ = ["collection", "page", "last_page", "KINDS", "PAGE_SIZE", "CONTEXT", "PUBLIC"]

CONTEXT = "https://www.w3.org/ns/activitystreams"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
PAGE_SIZE = 20
#: Kind → (AS2 object type, field for nameMap, field for contentMap, field naming a related event).
KINDS: dict[str, tuple[str, str | None, str | None, str | None]] = {
    "initiative": ("Article", "title", "summary", None),
    "declaration": ("Article", "title", "text", "adopted_at"),
    "partnership": ("Article", "title", "description", None),
    "meeting": ("Event", "title", "description", None),
    "meeting.outcome": ("Note", None, "summary", "meeting"),
    "progress.report": ("Note", None, "narrative", "about"),
    "endorsement": ("Note", None, "statement", "event"),
}


def _as_html(text: str) -> str:
    # AS2 content is HTML: escape it so text that looks like markup stays text.
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def _maps(value: Any, *, markup: bool) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    out = {}
    for lang, text in sorted(value.items()):
        if isinstance(lang, str) and isinstance(text, str) and text:
            out[lang] = _as_html(clean(text)) if markup else clean(text)
    return out


def _object(
    row: ObjectRow, body: dict[str, Any], lang: str, updated: str, ctx: Context
) -> dict[str, Any]:
    type_, name_field, content_field, ref_field = KINDS[row.kind]
    obj: dict[str, Any] = {
        "id": ctx.event_url(row.id),
        "type": type_,
        "attributedTo": row.author,
        "published": row.created_at,
        "url": ctx.event_url(row.id),
        "to": [PUBLIC],
    }
    if updated != row.created_at:
        obj["updated"] = updated
    if name_field:
        names = _maps(body.get(name_field), markup=False)
        chosen = pick(names, ctx.lang, lang)
        if chosen:
            obj["name"], obj["nameMap"] = chosen[1], names
    contents = _maps(body.get(content_field), markup=True) if content_field else {}
    chosen = pick(contents, ctx.lang, lang)
    if chosen:
        obj["mediaType"] = "text/html"
        obj["content"], obj["contentMap"] = chosen[1], contents
    ref = body.get(ref_field) if ref_field else None
    if isinstance(ref, str):
        obj["inReplyTo" if type_ == "Note" else "context"] = ctx.event_url(ref)
    if type_ == "Event":
        tz = zone(body.get("timezone"))
        if tz is not None:  # without a known zone the times have no offset AS2 could carry
            for field, key in (("start", "startTime"), ("end", "endTime")):
                at = local(body.get(field), tz)
                if at is not None:
                    obj[key] = at.isoformat()
        place = body.get("place")
        if isinstance(place, dict):
            location: dict[str, Any] = {"type": "Place", "name": describe(place, ctx.lang, lang)}
            geo = coordinates(place)
            if geo:
                location["latitude"], location["longitude"] = geo
            obj["location"] = location
    for field in ("category", "status", "stance"):
        if isinstance(body.get(field), str):
            obj.setdefault("tag", []).append({"type": "Hashtag", "name": f"#{body[field]}"})
    return obj


def _activity(act: Activity, ctx: Context) -> dict[str, Any]:
    row = act.object
    out: dict[str, Any] = {
        "id": ctx.event_url(act.event_id) + "#activity",
        "type": act.type,
        "actor": row.author,
        "published": act.at,
        "to": [PUBLIC],
    }
    if act.body is None:
        out["object"] = {
            "id": ctx.event_url(row.id),
            "type": "Tombstone",
            "formerType": KINDS[row.kind][0],
            "deleted": act.at,
        }
    else:
        out["object"] = _object(row, act.body, act.lang, act.at, ctx)
    return out


def _dump(value: dict[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def last_page(total: int) -> int:
    """The number of the last page of `total` activities (1 when there are none)."""
    return max(1, -(-total // PAGE_SIZE))


def collection(total: int, ctx: Context) -> bytes:
    """The outbox itself: its size and links to its first and last pages."""
    return _dump(
        {
            "@context": CONTEXT,
            "id": ctx.feed_url("/feeds/outbox"),
            "type": "OrderedCollection",
            "totalItems": total,
            "first": ctx.feed_url("/feeds/outbox", page=1),
            "last": ctx.feed_url("/feeds/outbox", page=last_page(total)),
        }
    )


def page(number: int, items: list[Activity], total: int, ctx: Context) -> bytes:
    """Page `number` (from 1) of the outbox, newest activities first."""
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "id": ctx.feed_url("/feeds/outbox", page=number),
        "type": "OrderedCollectionPage",
        "partOf": ctx.feed_url("/feeds/outbox"),
        "totalItems": total,
        "startIndex": (number - 1) * PAGE_SIZE,
        "orderedItems": [_activity(a, ctx) for a in items],
    }
    if number < last_page(total):
        out["next"] = ctx.feed_url("/feeds/outbox", page=number + 1)
    if number > 1:
        out["prev"] = ctx.feed_url("/feeds/outbox", page=number - 1)
    return _dump(out)
