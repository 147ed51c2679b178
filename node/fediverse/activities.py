"""The node's own events as ActivityPub activities of its actor.

Initiatives, declarations and partnerships are `Article`s, meetings `Event`s as Mobilizon
reads them, outcomes, progress reports and endorsements `Note`s that reply to the item they
are about; an update is an `Update`, a retraction a `Delete` of a `Tombstone`. The object is
the feeds' ActivityStreams object (node/feeds/activitystreams.py) in the event's language,
with its other languages in `nameMap` and `contentMap`, made the actor's own.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any, NamedTuple

import msgspec

from protocol import Envelope

from ..feeds.activitystreams import CONTEXT, KINDS, PUBLIC
from ..feeds.activitystreams import _object as feed_object
from ..feeds.context import Context
from ..feeds.rows import ObjectRow
from .urls import Urls

__all__ = [
    "render",
    "current",
    "accept",
    "profile_change",
    "actor_update",
    "dump",
    "KINDS",
    "SECURITY",
]

SECURITY = "https://w3id.org/security/v1"
#: The terms Mobilizon adds to AS2 for events (its namespace), declared inline: a receiver
#: needs no document beyond the two above to read them.
_EXTRA = {
    "mz": "https://joinmobilizon.org/ns#",
    "sc": "http://schema.org/",
    "timezone": {"@id": "mz:timezone", "@type": "sc:Text"},
    "isOnline": {"@id": "mz:isOnline", "@type": "sc:Boolean"},
    "PropertyValue": "sc:PropertyValue",
    "value": "sc:value",
}
_envelope = msgspec.json.Decoder(Envelope)


def dump(value: dict[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _target(conn: sqlite3.Connection, object_id: str) -> tuple[str, str, str] | None:
    """(kind, created_at, lang) of an object of the view, if it is one of KINDS."""
    row = conn.execute(
        "SELECT kind, created_at, lang FROM objects WHERE id = ?", (object_id,)
    ).fetchone()
    return (row[0], row[1], row[2]) if row and row[0] in KINDS else None


class Version(NamedTuple):
    """The event that made an object's version: its id, author and time."""

    event_id: str
    author: str
    at: str


def _as_object(
    urls: Urls,
    ctx: Context,
    env: Version,
    object_id: str,
    kind: str,
    created: str,
    body: dict[str, Any],
    lang: str,
) -> dict[str, Any]:
    row = ObjectRow(
        id=object_id,
        author=env.author,
        kind=kind,
        lang=lang,
        body=body,
        version=1,
        version_id=env.event_id,
        created_at=created,
        updated_at=env.at,
        status=None,
        ref=None,
        retracted=None,
        author_name=None,
        event_url=f"/api/v1/events/{env.event_id}",
        published_by=env.author,
        published_by_name=None,
        seq=0,  # not known here, and not shown: feed_object reads the fields above
    )
    obj = feed_object(row, body, lang, env.at, ctx)
    obj.update(
        id=urls.object(object_id),
        attributedTo=urls.actor,
        url=[
            {"type": "Link", "mediaType": "text/html", "href": urls.page(object_id)},
            {"type": "Link", "mediaType": "application/json", "href": urls.event(env.event_id)},
        ],
        cc=[urls.followers],
    )
    if "inReplyTo" in obj:  # the item it is about, as this actor's object
        obj["inReplyTo"] = urls.object(str(body.get(KINDS[kind][3] or "", "")))
    if "context" in obj:
        obj["context"] = urls.object(str(body.get(KINDS[kind][3] or "", "")))
    if KINDS[kind][0] == "Event":
        obj["timezone"] = body.get("timezone")
        online = body.get("online_url")
        mode = body.get("attendance_mode")
        obj["isOnline"] = mode == "online"
        if isinstance(online, str):
            obj["attachment"] = [
                {"type": "Link", "name": "Website", "mediaType": "text/html", "href": online}
            ]
        place = body.get("place")
        if isinstance(place, dict) and isinstance(place.get("address"), dict):
            address = place["address"]
            fields = {
                "streetAddress": "street",
                "postalCode": "postal_code",
                "addressLocality": "locality",
                "addressRegion": "region",
                "addressCountry": "country",
            }
            obj.setdefault("location", {"type": "Place"})["address"] = {
                "type": "PostalAddress",
                **{k: address[v] for k, v in fields.items() if isinstance(address.get(v), str)},
            }
    return obj


def _tombstone(urls: Urls, object_id: str, kind: str, env: Envelope) -> dict[str, Any]:
    return {
        "id": urls.object(object_id),
        "type": "Tombstone",
        "formerType": KINDS[kind][0],
        "deleted": env.created_at,
        "url": urls.event(env.id),
    }


def render(conn: sqlite3.Connection, n: int, urls: Urls, ctx: Context) -> list[bytes]:
    """The activities for the own event `n`, in order: none for a profile, a follow, or an
    update or retraction of something that is not delivered; one Delete per item an erasure
    names."""
    found = conn.execute("SELECT raw FROM events WHERE n = ?", (n,)).fetchone()
    if found is None:
        return []
    env = _envelope.decode(found[0])
    if env.erased:  # its body is gone from this node: nothing of it may be sent on
        return []
    body = env.content
    ctx = msgspec.structs.replace(ctx, lang=env.lang)
    version = Version(env.id, env.author, env.created_at)
    activity: dict[str, Any] = {
        "@context": [CONTEXT, SECURITY, _EXTRA],
        "id": urls.activity(env.id),
        "actor": urls.actor,
        "published": env.created_at,
        "to": [PUBLIC],
        "cc": [urls.followers],
    }
    if env.kind in KINDS:
        activity["type"] = "Create"
        activity["object"] = _as_object(
            urls, ctx, version, env.id, env.kind, env.created_at, body, env.lang
        )
        return [dump(activity)]
    if env.kind == "erasure":
        out = []
        for erased in body.get("events") or []:
            kind = conn.execute("SELECT kind FROM events WHERE id = ?", (erased,)).fetchone()
            if kind is not None and kind[0] in KINDS:
                one = {**activity, "id": f"{urls.activity(env.id)}/{erased}", "type": "Delete"}
                out.append(dump({**one, "object": _tombstone(urls, erased, kind[0], env)}))
        return out
    target_id = body.get("event")
    target = _target(conn, target_id) if isinstance(target_id, str) else None
    if target is None or not isinstance(target_id, str):
        return []
    kind, created, lang = target
    if env.kind == "update" and isinstance(body.get("body"), dict):
        activity["type"] = "Update"
        activity["object"] = _as_object(
            urls, ctx, version, target_id, kind, created, body["body"], env.lang
        )
    elif env.kind == "retraction":
        activity["type"] = "Delete"
        activity["object"] = _tombstone(urls, target_id, kind, env)
    else:
        return []
    return [dump(activity)]


def profile_change(conn: sqlite3.Connection, n: int) -> tuple[str, str] | None:
    """(event id, time) if the own event `n` changed the node's profile after its first: a
    new profile, or an update of it. Followers then get the actor again (an `Update`)."""
    found = conn.execute("SELECT raw FROM events WHERE n = ?", (n,)).fetchone()
    if found is None:
        return None
    env = _envelope.decode(found[0])
    if env.erased:
        return None
    if env.kind == "profile" and env.seq > 1:
        return env.id, env.created_at
    target = env.content.get("event") if env.kind == "update" else None
    if isinstance(target, str):
        kind = conn.execute("SELECT kind FROM events WHERE id = ?", (target,)).fetchone()
        if kind is not None and kind[0] == "profile":
            return env.id, env.created_at
    return None


def actor_update(urls: Urls, event_id: str, at: str, actor: dict[str, Any]) -> bytes:
    """The `Update` of the actor that a profile change becomes."""
    return dump(
        {
            "@context": actor["@context"],
            "id": urls.activity(event_id),
            "type": "Update",
            "actor": urls.actor,
            "published": at,
            "to": [PUBLIC],
            "cc": [urls.followers],
            "object": {k: v for k, v in actor.items() if k != "@context"},
        }
    )


def current(
    conn: sqlite3.Connection, object_id: str, author: str, urls: Urls, ctx: Context
) -> tuple[int, bytes] | None:
    """The object as it is now (200), a Tombstone if it was retracted (410), or None if it is
    not an object of `author` that is delivered."""
    found = conn.execute(
        "SELECT kind, lang, body, version_id, created_at, updated_at, retracted FROM objects"
        " WHERE id = ? AND author = ?",
        (object_id, author),
    ).fetchone()
    if found is None or found[0] not in KINDS:
        return None
    kind, lang, body, version_id, created, updated, retracted = found
    if retracted is not None:
        gone = msgspec.json.decode(retracted)
        return 410, dump(
            {
                "@context": CONTEXT,
                "id": urls.object(object_id),
                "type": "Tombstone",
                "formerType": KINDS[kind][0],
                "deleted": gone.get("at"),
            }
        )
    ctx = msgspec.structs.replace(ctx, lang=lang)
    obj = _as_object(
        urls,
        ctx,
        Version(version_id, author, updated),
        object_id,
        kind,
        created,
        msgspec.json.decode(body),
        lang,
    )
    return 200, dump({"@context": [CONTEXT, SECURITY, _EXTRA], **obj})


def accept(urls: Urls, follow: dict[str, Any]) -> bytes:
    """The Accept of a Follow: it names the Follow, with only the fields following needs."""
    embedded: dict[str, Any] = {
        k: follow[k] for k in ("id", "type", "actor", "object") if k in follow
    }
    tag = hashlib.sha256(dump(embedded)).hexdigest()[:32]
    return dump(
        {
            "@context": CONTEXT,
            "id": f"{urls.actor}#accepts/{tag}",
            "type": "Accept",
            "actor": urls.actor,
            "object": embedded,
        }
    )
