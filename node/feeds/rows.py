"""The view rows feeds are made from (objects: the view API's `queries.ObjectRow`), and the
small queries that read them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import msgspec

from protocol import Envelope

from ..store.queries import COLUMNS, NodeProfile, ObjectRow, Retracted, object_rows

__all__ = [
    "ObjectRow",
    "NodeRow",
    "Retracted",
    "Activity",
    "PAGE",
    "objects",
    "object_pages",
    "nodes",
    "zone_names",
    "activities",
    "activity_count",
]


#: A node's current profile (the view API's nodes add their follow graph to it).
NodeRow = NodeProfile


class Activity(msgspec.Struct, frozen=True, kw_only=True):
    """One change to an object: its creation, an update (with that version's body), or its
    retraction (`body` None)."""

    type: str
    event_id: str
    at: str
    body: dict[str, Any] | None
    lang: str
    object: ObjectRow


_OBJECT = f"SELECT {COLUMNS} FROM objects o"
_CHANGED = "COALESCE(json_extract(o.retracted, '$.at'), o.updated_at)"
_ORDERS = {
    "start": "o.start, o.id",
    "changed": f"{_CHANGED} DESC, o.id",
    "created": "o.created_at, o.id",
}
_body = msgspec.json.Decoder(dict[str, Any])
_names = msgspec.json.Decoder(dict[str, str])
_envelope = msgspec.json.Decoder(Envelope)


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
    return object_rows(conn, rows, ObjectRow)


#: Rows of a whole collection read and rendered at a time: what an export holds in memory
#: (a row as Python objects takes kilobytes; bench/RESULTS.md, round 28, has the figures).
PAGE = 500


def object_pages(
    conn: sqlite3.Connection,
    kinds: tuple[str, ...],
    *,
    retracted: bool = True,
    order: str = "created",
    size: int | None = None,
) -> Iterator[list[ObjectRow]]:
    """`objects(...)`, `size` rows at a time (`PAGE`), from one query (one snapshot)."""
    where = f"o.kind IN ({_in(kinds)})" + ("" if retracted else " AND o.retracted IS NULL")
    cursor = conn.execute(f"{_OBJECT} WHERE {where} ORDER BY {_ORDERS[order]}", kinds)
    while page := cursor.fetchmany(size or PAGE):
        yield object_rows(conn, page, ObjectRow)


def zone_names(conn: sqlite3.Connection, kinds: tuple[str, ...]) -> list[str]:
    """Every `timezone` the objects of `kinds` name (a calendar lists their zones first)."""
    return [
        name
        for (name,) in conn.execute(
            f"SELECT DISTINCT json_extract(body, '$.timezone') FROM objects"
            f" WHERE kind IN ({_in(kinds)})",
            kinds,
        )
        if isinstance(name, str)
    ]


def nodes(conn: sqlite3.Connection) -> list[NodeRow]:
    """Every known node's current profile, by public id."""
    rows = conn.execute(
        "SELECT author, profile_id, name, node_type, country, body, lang FROM nodes ORDER BY author"
    ).fetchall()
    return [
        NodeProfile(
            id=r[0],
            profile_id=r[1],
            name=_names.decode(r[2]),
            node_type=r[3],
            country=r[4],
            body=_body.decode(r[5]),
            lang=r[6],
        )
        for r in rows
    ]


# Every version of every live object, and every retraction, as (at, event id, object id, the
# version's event number or NULL for a retraction). Retracted objects keep only their Delete:
# their content is no longer shown (SPEC §6.2). A Create is the object's own event, its time
# the object's `created_at` and its number the object's: only updates are looked up in
# `events`, and no event's body is read until the page is chosen (reading every body into
# the sort took seconds a page on a large node: bench/RESULTS.md, round 28).
_CHANGES = (
    "SELECT o.created_at AS at, o.id AS eid, o.id AS oid, o.n AS n FROM objects o"
    " WHERE o.kind IN ({kinds}) AND o.retracted IS NULL"
    " UNION ALL"
    " SELECT e.created_at, v.version_id, o.id, e.n"
    " FROM versions v CROSS JOIN objects o ON o.id = v.object_id"
    " JOIN events e ON e.id = v.version_id"
    " WHERE o.kind IN ({kinds}) AND o.retracted IS NULL"
    " UNION ALL"
    " SELECT json_extract(o.retracted, '$.at'), json_extract(o.retracted, '$.id'), o.id, NULL"
    " FROM objects o WHERE o.kind IN ({kinds}) AND o.retracted IS NOT NULL"
)


def activity_count(conn: sqlite3.Connection, kinds: tuple[str, ...]) -> int:
    """How many activities `activities` can page through: one per object (its Create, or its
    Delete once retracted) and one per later version of a live object. Counted from the
    indexes, not through `_CHANGES`, which joins and reads every event (bench/RESULTS.md,
    round 27)."""
    marks = _in(kinds)
    (objects,) = conn.execute(f"SELECT COUNT(*) FROM objects WHERE kind IN ({marks})", kinds)
    # Versions first: there are far fewer of them than objects.
    (updates,) = conn.execute(
        "SELECT COUNT(*) FROM versions v CROSS JOIN objects o ON o.id = v.object_id"
        f" WHERE o.kind IN ({marks}) AND o.retracted IS NULL",
        kinds,
    )
    return int(objects[0]) + int(updates[0])


def activities(
    conn: sqlite3.Connection, kinds: tuple[str, ...], offset: int, limit: int
) -> list[Activity]:
    """Changes to objects of `kinds`, newest first, `limit` of them from `offset`."""
    changes = conn.execute(
        f"SELECT at, eid, oid, n FROM ({_CHANGES.format(kinds=_in(kinds))})"
        " ORDER BY at DESC, eid DESC LIMIT ? OFFSET ?",
        (*kinds, *kinds, *kinds, limit, offset),
    ).fetchall()
    ids = sorted({c[2] for c in changes})
    found = conn.execute(f"{_OBJECT} WHERE o.id IN ({_in(tuple(ids))})", ids).fetchall()
    by_id = {r.id: r for r in object_rows(conn, found, ObjectRow)}
    numbers = [c[3] for c in changes if c[3] is not None]
    raws = dict(
        conn.execute(f"SELECT n, raw FROM events WHERE n IN ({_in(tuple(numbers))})", numbers)
    )
    out: list[Activity] = []
    for at, eid, oid, n in changes:
        obj = by_id[oid]
        if n is None:
            out.append(
                Activity(type="Delete", event_id=eid, at=at, body=None, lang=obj.lang, object=obj)
            )
            continue
        env = _envelope.decode(raws[n])
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
