"""One item of the view with everything its own page shows: its relations, its place in the
author's chain, and (for meeting outcomes) who attested it.

An item is found by the id of any of its versions, or, for a node, by its did:key.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import msgspec

from . import attestations, queries
from .identities import names as _names
from .queries import _COLUMNS, _items, _progress, _referring

__all__ = ["item"]


def item(conn: sqlite3.Connection, key: str) -> dict[str, Any] | None:
    """The item named by `key` (an event id of any version, or a node's did:key), or None."""
    if key.startswith("did:key:"):
        page = queries.nodes(conn, queries.Filters(author=key, limit=1))
        nodes = msgspec.to_builtins(page.items)
        found = [n for n in nodes if n["id"] == key] or nodes
        if not found:
            return None
        node = found[0]
        node["kind"] = "profile"
        node["chain"] = _chain(conn, key, 1)
        node["names"] = _all_names(conn, node)
        return node
    target = conn.execute(
        "SELECT object_id FROM all_versions WHERE version_id = ?", (key,)
    ).fetchone()
    object_id = target[0] if target else key
    row = conn.execute(f"SELECT {_COLUMNS} FROM objects o WHERE o.id = ?", (object_id,)).fetchone()
    if row is None:
        return None
    shaped = _items(conn, [row])[0]
    shaped["chain"] = _chain(conn, shaped["author"], shaped["seq"])
    kind = shaped["kind"]
    if kind in ("initiative", "partnership"):
        _progress(conn, [shaped])
    if kind == "partnership":
        shaped["status"], shaped["answers"] = queries.partnership_state(conn, row)
        shaped["notes"] = _answer_notes(conn, object_id)
    elif kind == "declaration":
        shaped["endorsements"], shaped["endorsements_total"] = _endorsements(conn, object_id)
    elif kind == "meeting":
        shaped["outcomes"], shaped["outcomes_total"] = _outcomes(conn, shaped)
    elif kind == "meeting.outcome":
        meeting = _meeting_of(conn, shaped["body"].get("meeting"))
        shaped["meeting"] = meeting
        shaped["attestations"] = attestations.of_outcome(
            conn, object_id, attestations.participants(meeting) if meeting else []
        )
    shaped["names"] = _all_names(conn, shaped)
    return shaped


def _all_names(conn: sqlite3.Connection, shaped: dict[str, Any]) -> dict[str, Any]:
    """The name of every node the item mentions anywhere (partners, organizers, answers)."""
    keys: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str) and value.startswith("did:key:"):
            keys.add(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(shaped)
    return _names(conn, sorted(keys)[:1000])


def _chain(conn: sqlite3.Connection, author: str, seq: int) -> dict[str, Any]:
    length = conn.execute("SELECT MAX(seq) FROM events WHERE author = ?", (author,)).fetchone()[0]
    return {"seq": seq, "length": length or 0}


def _meeting_of(conn: sqlite3.Connection, ref: Any) -> dict[str, Any] | None:
    if not isinstance(ref, str):
        return None
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM all_versions v JOIN objects o ON o.id = v.object_id"
        " WHERE v.version_id = ? AND o.kind = 'meeting'",
        (ref,),
    ).fetchone()
    return _items(conn, [row])[0] if row else None


def _outcomes(
    conn: sqlite3.Connection, meeting: dict[str, Any]
) -> tuple[list[dict[str, Any]], int]:
    found, totals = _referring(conn, ("meeting.outcome",), [meeting["id"]])
    ids = [r[0] for r in found[meeting["id"]]]
    rows = [
        conn.execute(f"SELECT {_COLUMNS} FROM objects o WHERE o.id = ?", (i,)).fetchone()
        for i in ids
    ]
    out = _items(conn, [r for r in rows if r])
    invited = attestations.participants(meeting)
    attested = attestations.of_outcomes(conn, {o["id"]: invited for o in out})
    for outcome in out:
        outcome["attestations"] = attested[outcome["id"]]
    return out, totals[meeting["id"]]


def _answer_notes(conn: sqlite3.Connection, proposal_id: str) -> list[dict[str, Any]]:
    """The answers to a proposal with their notes, oldest first: the newest
    `queries.MAX_REFERRING` (anyone a peer relays may answer)."""
    rows = conn.execute(
        "SELECT r.id, r.kind, r.author, r.body, r.created_at FROM all_versions v"
        " CROSS JOIN objects r ON r.ref = v.version_id WHERE v.object_id = ?"
        " AND r.retracted IS NULL AND r.kind IN"
        " ('partnership.accept', 'partnership.decline', 'partnership.end')"
        " ORDER BY r.created_at DESC, r.seq DESC LIMIT ?",
        (proposal_id, queries.MAX_REFERRING),
    ).fetchall()[::-1]
    names = _names(conn, [r[2] for r in rows])
    return [
        {
            "id": id_,
            "kind": kind,
            "author": author,
            "author_name": names.get(author),
            "note": json.loads(body).get("note"),
            "created_at": created,
        }
        for id_, kind, author, body, created in rows
    ]


def _endorsements(
    conn: sqlite3.Connection, declaration_id: str
) -> tuple[list[dict[str, Any]], int]:
    referring, totals = _referring(conn, ("endorsement",), [declaration_id])
    found = referring[declaration_id]
    names = _names(conn, [r[1] for r in found])
    return [
        {
            "id": id_,
            "author": author,
            "author_name": names.get(author),
            "stance": body.get("stance"),
            "statement": body.get("statement"),
        }
        for id_, author, body, _, _ in found
    ], totals[declaration_id]
