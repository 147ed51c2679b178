"""The shared view: materialised from accepted events, one author's chain at a time.

Every row depends only on its own author's events, applied in chain order; relations to
other authors' events (endorsements, answers, outcomes) are joined when read. That is what
makes the view, and its digest, independent of arrival order.
"""

from __future__ import annotations

import hashlib
import sqlite3
from typing import Any

import msgspec

from protocol import Envelope, Event, Head, body_json, canonical_bytes

from . import text_index
from .bulk import insert_rows

__all__ = ["apply", "digest", "placeholder", "rebuild_author", "rederive", "REF_FIELDS"]

#: The member of each kind's body that points at one thing, if any: an event (joined at read
#: time), or for a follow the followed node's id (the network listing finds a node's
#: followers by it, through `objects_ref`).
REF_FIELDS = {
    "follow": "author",
    "meeting.outcome": "meeting",
    "endorsement": "event",
    "partnership.accept": "proposal",
    "partnership.decline": "proposal",
    "partnership.end": "proposal",
    "progress.report": "about",
    "declaration": "adopted_at",
}


def _columns(kind: str, body: dict[str, Any]) -> dict[str, Any]:
    ref_field = REF_FIELDS.get(kind)
    start = body.get("start") if kind in ("meeting", "initiative", "partnership") else None
    return {
        "status": body.get("status") if isinstance(body.get("status"), str) else None,
        "category": body.get("category") if isinstance(body.get("category"), str) else None,
        "start": start if isinstance(start, str) else None,
        "ref": body.get(ref_field) if ref_field and isinstance(body.get(ref_field), str) else None,
    }


#: The body members `_columns` reads, decoded with the rest skipped: building the whole body
#: was most of the work of rebuilding a stored event.
_Members = msgspec.defstruct(
    "_Members",
    [(name, Any, None) for name in sorted({"status", "category", "start", *REF_FIELDS.values()})],
)
_members = msgspec.json.Decoder(_Members)


def _column_members(body: bytes) -> dict[str, Any]:
    """The members of a body (its JSON) that `_columns` reads (None where absent)."""
    return msgspec.structs.asdict(_members.decode(body))


# An object by its id, through the events' id index: `objects_id` is set aside while a large
# backlog is stored (see `deferred`), and acceptance must not scan for it meanwhile.
_OBJECT_OF_EVENT = "FROM events e JOIN objects o ON o.n = e.n WHERE e.id = ? AND o.author = ?"


_REASONS = {
    "personal_data": "personal data",
    "legal_order": "legal order",
    "published_in_error": "published in error",
}


def placeholder(reason: str | None, at: str | None, source: str | None) -> dict[str, Any]:
    """What the view shows in an erased event's place (SPEC.md §6.4): "erased on DATE,
    REASON", from the erasure's record (None: a skeleton whose erasure is not held)."""
    if reason is None or at is None:
        note = "erased before this node received it"
    elif source == "operator":
        note = f"erased on {at}, erased by this node's operator"
    else:
        note = f"erased on {at}, {_REASONS.get(reason, reason)}"
    return {"erased": {"on": at, "reason": reason, "note": note}}


def _erased_body(conn: sqlite3.Connection | None, event_id: str) -> dict[str, Any]:
    row = None
    if conn is not None:
        row = conn.execute(
            "SELECT reason, at, source FROM erasures WHERE id = ?", (event_id,)
        ).fetchone()
    return placeholder(*(row or (None, None, None)))


def apply(conn: sqlite3.Connection, env: Envelope, n: int) -> None:
    """Apply one accepted event (the next of its author's chain) to the view."""
    if env.erased:
        # An erased update no longer counts (SPEC.md §6.2); other kinds keep their row, with
        # a placeholder for the body. Retractions, rotations and erasures are never erased.
        if env.kind != "update":
            body = _erased_body(conn, env.id)
            rows = Rows()
            _collect(rows, env, n, body, canonical_bytes(body), profile=False)
            rows.write(conn)
        return
    kind, body = env.kind, env.content
    if kind == "update":
        target = body["event"]
        row = conn.execute(
            f"SELECT o.n, o.kind {_OBJECT_OF_EVENT} AND o.retracted IS NULL",
            (target, env.author),
        ).fetchone()
        if row is None:
            return
        object_n, object_kind = row
        text_index.forget(conn, "rowid = ?", (object_n,))
        new = body["body"]
        cols = _columns(object_kind, new)
        conn.execute(
            "UPDATE objects SET body = ?, version_id = ?, version = version + 1, updated_at = ?,"
            " status = ?, category = ?, start = ?, ref = ? WHERE n = ?",
            (
                _json(new),
                env.id,
                env.created_at,
                cols["status"],
                cols["category"],
                cols["start"],
                cols["ref"],
                object_n,
            ),
        )
        conn.execute("INSERT OR IGNORE INTO search_dirty (rowid) VALUES (?)", (object_n,))
        conn.execute(
            "INSERT OR IGNORE INTO versions (version_id, object_id, author) VALUES (?,?,?)",
            (env.id, target, env.author),
        )
        if object_kind == "profile":
            _set_node(conn, env.author, target, new, env.lang)
        return
    if kind == "retraction":
        conn.execute(
            f"UPDATE objects SET retracted = ? WHERE n IN (SELECT o.n {_OBJECT_OF_EVENT})",
            (
                _json(
                    {
                        "id": env.id,
                        "reason": body["reason"],
                        "explanation": body.get("explanation"),
                        "at": env.created_at,
                    }
                ),
                body["event"],
                env.author,
            ),
        )
        return
    if kind == "key.rotation":
        root = conn.execute("SELECT root FROM identities WHERE key = ?", (env.author,)).fetchone()
        conn.execute(
            "INSERT OR REPLACE INTO identities (key, root) VALUES (?, ?)",
            (body["new_key"], root[0] if root else env.author),
        )
    rows = Rows()
    _collect(rows, env, n, body, canonical_bytes(body))
    rows.write(conn)


#: Kinds whose rows depend on nothing but their own event: they can be written in bulk.
IMMEDIATE = frozenset({"update", "retraction", "key.rotation"})


class Rows:
    """View rows of a batch of plain events, written together in multi-row statements."""

    __slots__ = ("objects", "nodes")

    def __init__(self) -> None:
        self.objects: list[tuple[Any, ...]] = []
        self.nodes: list[tuple[Any, ...]] = []

    def write(self, conn: sqlite3.Connection) -> None:
        if self.objects:
            # The body comes as UTF-8 bytes, stored as text: no str in between to build and
            # encode again.
            insert_rows(
                conn,
                "INSERT OR IGNORE INTO objects (id, author, seq, kind, lang, body, version_id,"
                " created_at, updated_at, status, category, start, ref, n)",
                self.objects,
                "(?,?,?,?,?,CAST(? AS TEXT),?,?,?,?,?,?,?,?)",
            )
        if self.nodes:
            conn.executemany(_NODE_SQL, self.nodes)
        self.objects, self.nodes = [], []

    def __bool__(self) -> bool:
        return bool(self.objects)


def collect(rows: Rows, event: Event, n: int) -> None:
    """Add the rows of an accepted event whose kind is not in IMMEDIATE (its own object)."""
    head = event.head
    if event.erased:  # received as a skeleton: its erasure, if held, comes later in its chain
        if head.kind != "update":
            body = _erased_body(None, head.id)
            _collect(rows, head, n, body, canonical_bytes(body), profile=False)
        return
    body_bytes = body_json(event.raw)
    # A profile's whole body goes into `nodes`; other kinds need a few members of theirs.
    body = event.envelope.content if head.kind == "profile" else _column_members(body_bytes)
    _collect(rows, head, n, body, body_bytes)


def _collect(
    rows: Rows,
    head: Head,
    n: int,
    body: dict[str, Any],
    body_bytes: bytes,
    profile: bool = True,
) -> None:
    kind = head.kind
    cols = _columns(kind, body)
    rows.objects.append(
        (
            head.id,
            head.author,
            head.seq,
            kind,
            head.lang,
            body_bytes,
            head.id,
            head.created_at,
            head.created_at,
            cols["status"],
            cols["category"],
            cols["start"],
            cols["ref"],
            n,
        )
    )
    if kind == "profile" and profile:
        rows.nodes.append(_node_row(head.author, head.id, body, head.lang))


_NODE_SQL = (
    "INSERT OR REPLACE INTO nodes (author, profile_id, name, node_type, country, body, lang)"
    " VALUES (?,?,?,?,?,?,?)"
)


def _node_row(author: str, profile_id: str, body: dict[str, Any], lang: str) -> tuple[Any, ...]:
    return (
        author,
        profile_id,
        _json(body.get("name", {})),
        str(body.get("node_type", "")),
        body.get("country"),
        _json(body),
        lang,
    )


def _set_node(
    conn: sqlite3.Connection, author: str, profile_id: str, body: dict[str, Any], lang: str
) -> None:
    conn.execute(_NODE_SQL, _node_row(author, profile_id, body, lang))


def _json(value: Any) -> str:
    return canonical_bytes(value).decode()


def rebuild_author(conn: sqlite3.Connection, author: str, before_seq: int | None) -> None:
    """Re-derive one author's rows from their events below `before_seq` (after a fork)."""
    import msgspec

    text_index.forget(conn, "author = ?", (author,))
    conn.execute("DELETE FROM objects WHERE author = ?", (author,))
    conn.execute("DELETE FROM nodes WHERE author = ?", (author,))
    conn.execute("DELETE FROM versions WHERE author = ?", (author,))
    limit = before_seq if before_seq is not None else 2**62
    rows = conn.execute(
        "SELECT raw, n FROM events WHERE author = ? AND seq < ? ORDER BY seq", (author, limit)
    ).fetchall()
    for raw, n in rows:
        apply(conn, msgspec.json.decode(raw, type=Envelope), n)
    # Re-derived rows keep their rowids (their events' numbers), below the indexer's mark:
    # they are indexed again as changed ones.
    conn.execute(
        "INSERT OR IGNORE INTO search_dirty (rowid) SELECT n FROM objects WHERE author = ?",
        (author,),
    )


def rederive(conn: sqlite3.Connection, event_id: str) -> bool:
    """Re-derive the one object that `event_id` (just erased) is, or updates, from its own
    event and its updates, as `rebuild_author` would; False if the author's whole view must
    be re-derived instead (a profile's, which also sets the author's node row)."""
    row = conn.execute("SELECT kind FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        return True
    object_id = event_id
    if row[0] == "update":
        target = conn.execute(
            "SELECT object_id FROM versions WHERE version_id = ?", (event_id,)
        ).fetchone()
        if target is None:
            return True  # it changed nothing (its target was retracted, or not in the view)
        object_id = target[0]
    found = conn.execute(
        "SELECT o.n, o.kind, o.retracted FROM events e JOIN objects o ON o.n = e.n WHERE e.id = ?",
        (object_id,),
    ).fetchone()
    if found is None:
        return True  # not in the view (at or after a fork)
    n, kind, retracted = found
    if kind == "profile":
        return False
    # An erased update no longer counts (SPEC.md §6.2); the others were applied in chain
    # order, each only if the object was not retracted then, so `versions` lists them.
    conn.execute("DELETE FROM versions WHERE version_id = ?", (event_id,))
    updates = conn.execute(
        "SELECT e.raw, e.n FROM versions v JOIN events e ON e.id = v.version_id"
        " WHERE v.object_id = ? ORDER BY e.seq",
        (object_id,),
    ).fetchall()
    (origin,) = conn.execute("SELECT raw FROM events WHERE n = ?", (n,)).fetchone()
    text_index.forget(conn, "rowid = ?", (n,))
    conn.execute("DELETE FROM objects WHERE n = ?", (n,))
    apply(conn, msgspec.json.decode(origin, type=Envelope), n)
    for raw, update_n in updates:
        apply(conn, msgspec.json.decode(raw, type=Envelope), update_n)
    if retracted is not None:
        conn.execute("UPDATE objects SET retracted = ? WHERE n = ?", (retracted, n))
    conn.execute("INSERT OR IGNORE INTO search_dirty (rowid) VALUES (?)", (n,))
    return True


def digest(conn: sqlite3.Connection, author: str | None = None) -> dict[str, Any]:
    """SHA-256 over one line per accepted event (all, or one author's), by author then seq,
    events at or after a fork left out (SPEC.md §T.5): `e <author> <seq> <id> <form>`, the
    form `full` or `skeleton`. Never over bodies: nodes holding the same events, erased the
    same way, agree byte for byte whatever the order they received them in."""
    where, params = ("WHERE e.author = ?", (author,)) if author else ("", ())
    h = hashlib.sha256()
    heads: dict[str, int] = {}
    count = 0
    for ev_author, seq, ev_id, erased in conn.execute(
        "SELECT e.author, e.seq, e.id, x.id IS NOT NULL FROM events e"
        " LEFT JOIN authors a ON a.author = e.author LEFT JOIN erasures x ON x.id = e.id "
        f"{where} {'AND' if where else 'WHERE'} (a.forked_at IS NULL OR e.seq < a.forked_at) "
        "ORDER BY e.author, e.seq",
        params,
    ):
        form = "skeleton" if erased else "full"
        h.update(f"e {ev_author} {seq} {ev_id} {form}\n".encode())
        heads[ev_author] = seq
        count += 1
    return {"digest": h.hexdigest(), "events": count, "heads": heads}
