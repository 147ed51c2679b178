"""The view rows feeds are made from, and the small queries that read them."""

from __future__ import annotations

import sqlite3
from typing import Any

import msgspec

from protocol import Envelope

__all__ = [
    "ObjectRow",
    "NodeRow",
    "Retracted",
    "Activity",
    "objects",
    "nodes",
    "activities",
    "activity_count",
]


class Retracted(msgspec.Struct, frozen=True, kw_only=True):
    """`objects.retracted`: the retraction event, its reason and when it was made."""

    id: str
    reason: str
    at: str
    explanation: dict[str, str] | None = None


class ObjectRow(msgspec.Struct, frozen=True, kw_only=True):
    """One object's current state (updates applied), with its author's display name."""

    id: str
    author: str
    kind: str
    lang: str
    body: dict[str, Any]
    version: int
    created_at: str
    updated_at: str
    status: str | None
    ref: str | None
    retracted: Retracted | None
    author_name: dict[str, str] | None

    @property
    def changed_at(self) -> str:
        """When the object last changed, its retraction included."""
        return self.retracted.at if self.retracted else self.updated_at


class NodeRow(msgspec.Struct, frozen=True, kw_only=True):
    """A node's current profile."""

    author: str
    profile_id: str
    name: dict[str, str]
    node_type: str
    country: str | None
    body: dict[str, Any]
    lang: str


class Activity(msgspec.Struct, frozen=True, kw_only=True):
    """One change to an object: its creation, an update (with that version's body), or its
    retraction (`body` None)."""

    type: str
    event_id: str
    at: str
    body: dict[str, Any] | None
    lang: str
    object: ObjectRow


_OBJECT = (
    "SELECT o.id, o.author, o.kind, o.lang, o.body, o.version, o.created_at, o.updated_at,"
    " o.status, o.ref, o.retracted, COALESCE(n.name, nr.name)"
    " FROM objects o"
    " LEFT JOIN nodes n ON n.author = o.author"
    # a rotated key's objects are named after the identity it belongs to
    " LEFT JOIN identities i ON i.key = o.author"
    " LEFT JOIN nodes nr ON nr.author = i.root"
)
_CHANGED = "COALESCE(json_extract(o.retracted, '$.at'), o.updated_at)"
_ORDERS = {
    "start": "o.start, o.id",
    "changed": f"{_CHANGED} DESC, o.id",
    "created": "o.created_at, o.id",
}
_body = msgspec.json.Decoder(dict[str, Any])
_names = msgspec.json.Decoder(dict[str, str])
_retracted = msgspec.json.Decoder(Retracted)
_envelope = msgspec.json.Decoder(Envelope)


def _object(row: tuple[Any, ...]) -> ObjectRow:
    return ObjectRow(
        id=row[0],
        author=row[1],
        kind=row[2],
        lang=row[3],
        body=_body.decode(row[4]),
        version=row[5],
        created_at=row[6],
        updated_at=row[7],
        status=row[8],
        ref=row[9],
        retracted=_retracted.decode(row[10]) if row[10] else None,
        author_name=_names.decode(row[11]) if row[11] else None,
    )


def _in(kinds: tuple[str, ...]) -> str:
    return ",".join("?" * len(kinds))


def objects(
    conn: sqlite3.Connection,
    kinds: tuple[str, ...],
    *,
    retracted: bool = True,
    order: str = "created",
    limit: int = -1,
) -> list[ObjectRow]:
    """Objects of `kinds` (without retracted ones unless `retracted`), in `order`."""
    where = f"o.kind IN ({_in(kinds)})" + ("" if retracted else " AND o.retracted IS NULL")
    rows = conn.execute(
        f"{_OBJECT} WHERE {where} ORDER BY {_ORDERS[order]} LIMIT ?", (*kinds, limit)
    ).fetchall()
    return [_object(r) for r in rows]


def nodes(conn: sqlite3.Connection) -> list[NodeRow]:
    """Every known node's current profile, by public id."""
    rows = conn.execute(
        "SELECT author, profile_id, name, node_type, country, body, lang FROM nodes ORDER BY author"
    ).fetchall()
    return [
        NodeRow(
            author=r[0],
            profile_id=r[1],
            name=_names.decode(r[2]),
            node_type=r[3],
            country=r[4],
            body=_body.decode(r[5]),
            lang=r[6],
        )
        for r in rows
    ]


# Every version of every live object, and every retraction, as (at, event id, object id, raw).
# Retracted objects keep only their Delete: their content is no longer shown (SPEC §6.2).
_CHANGES = (
    "SELECT e.created_at AS at, v.version_id AS eid, o.id AS oid, e.raw AS raw"
    " FROM all_versions v JOIN objects o ON o.id = v.object_id JOIN events e ON e.id = v.version_id"
    " WHERE o.kind IN ({kinds}) AND o.retracted IS NULL"
    " UNION ALL"
    " SELECT json_extract(o.retracted, '$.at'), json_extract(o.retracted, '$.id'), o.id, NULL"
    " FROM objects o WHERE o.kind IN ({kinds}) AND o.retracted IS NOT NULL"
)


def activity_count(conn: sqlite3.Connection, kinds: tuple[str, ...]) -> int:
    """How many activities `activities` can page through."""
    sql = f"SELECT COUNT(*) FROM ({_CHANGES.format(kinds=_in(kinds))})"
    return int(conn.execute(sql, (*kinds, *kinds)).fetchone()[0])


def activities(
    conn: sqlite3.Connection, kinds: tuple[str, ...], offset: int, limit: int
) -> list[Activity]:
    """Changes to objects of `kinds`, newest first, `limit` of them from `offset`."""
    changes = conn.execute(
        f"SELECT at, eid, oid, raw FROM ({_CHANGES.format(kinds=_in(kinds))})"
        " ORDER BY at DESC, eid DESC LIMIT ? OFFSET ?",
        (*kinds, *kinds, limit, offset),
    ).fetchall()
    ids = sorted({c[2] for c in changes})
    found = conn.execute(f"{_OBJECT} WHERE o.id IN ({_in(tuple(ids))})", ids).fetchall()
    by_id = {r[0]: _object(r) for r in found}
    out: list[Activity] = []
    for at, eid, oid, raw in changes:
        obj = by_id[oid]
        if raw is None:
            out.append(
                Activity(type="Delete", event_id=eid, at=at, body=None, lang=obj.lang, object=obj)
            )
            continue
        env = _envelope.decode(raw)
        is_update = env.kind == "update"
        out.append(
            Activity(
                type="Update" if is_update else "Create",
                event_id=eid,
                at=at,
                # An erased version shows the object's placeholder (SPEC.md §6.4).
                body=obj.body if env.erased else env.content["body"] if is_update else env.content,
                lang=env.lang,
                object=obj,
            )
        )
    return out
