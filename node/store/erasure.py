"""Erasure on this node (SPEC.md §6.4): an event's body and salt leave the store, the view,
the text index and (through the transport) the stream; its skeleton stays in their place.

Runs on the writer thread, inside the caller's transaction. An author's `erasure` event is
applied when it is accepted; an operator's erasure (`citymesh erase`) holds on this node only.
Either way the `erasures` table keeps the id for good, so a full copy offered again later is
a duplicate of the skeleton, never the body back.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime

from protocol import UNERASABLE_KINDS, skeleton, trusted_event

from ..errors import NodeError
from . import view

__all__ = [
    "IN_STREAM",
    "OPERATOR",
    "REASONS",
    "EraseError",
    "erase",
    "erase_by_operator",
    "received",
]

log = logging.getLogger("citymesh.erasure")

#: `erasures.source` of an erasure made by this node's operator.
OPERATOR = "operator"
#: `erasures.source` of an erasure that a reader process found in its organisation's stream.
IN_STREAM = "stream"
#: The reasons an erasure gives (SPEC.md §8.4, the `erasure` kind's vocabulary).
REASONS = ("personal_data", "legal_order", "published_in_error")


class EraseError(NodeError):
    """An operator's erasure that cannot be made (unknown event, a kind that keeps its body)."""


def received(conn: sqlite3.Connection, event_id: str, author: str) -> None:
    """Note a skeleton stored as it arrived: erased before this node got it."""
    conn.execute("INSERT OR IGNORE INTO erasures (id, author) VALUES (?, ?)", (event_id, author))


def erase(
    conn: sqlite3.Connection, ids: list[str], reason: str | None, at: str | None, source: str
) -> tuple[list[str], set[str]]:
    """Erase the held events among `ids` (their stored bytes become their skeletons) and
    record why; returns the ids whose body was held, and the ids whose view rows must be
    re-derived (`rebuild`, before the transaction commits).
    `at` is the erasure's date, `source` the erasure event's id, `OPERATOR` or `IN_STREAM`
    (reason and date then unknown)."""
    erased: list[str] = []
    touched: set[str] = set()
    for event_id in ids:
        row = conn.execute(
            "SELECT raw, author, kind FROM events WHERE id = ?", (event_id,)
        ).fetchone()
        if row is None or row[2] in UNERASABLE_KINDS:
            continue  # checked before (acceptance, or `erase_by_operator`)
        raw, author, _ = row
        event = trusted_event(raw)
        if not event.erased:
            conn.execute("UPDATE events SET raw = ? WHERE id = ?", (skeleton(event), event_id))
            if source != IN_STREAM:  # a reader process's stream is its writer's to erase
                conn.execute(
                    "INSERT OR IGNORE INTO stream_erasures (id, author) VALUES (?, ?)",
                    (event_id, author),
                )
            erased.append(event_id)
        # The author's own erasure is what every node shows: it replaces an operator's
        # record, never the other way round.
        changed = conn.execute(
            "INSERT INTO erasures (id, author, reason, at, source) VALUES (?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET reason = excluded.reason, at = excluded.at,"
            " source = excluded.source"
            " WHERE excluded.reason IS NOT NULL"
            " AND (erasures.reason IS NULL OR excluded.source != ?)",
            (event_id, author, reason, at, source, OPERATOR),
        ).rowcount
        if changed or not event.erased:  # its body or its placeholder changes
            touched.add(event_id)
    if erased:
        # The text index and the write-ahead log still hold the old words and pages: the
        # indexer scrubs them once it has indexed the new rows (see `text_index.scrub`).
        conn.execute("INSERT OR REPLACE INTO search_state (k, v) VALUES ('scrub', 1)")
    return erased, touched


def rebuild(conn: sqlite3.Connection, touched: set[str]) -> None:
    """Re-derive the view rows of the events `erase` named: each one's object alone, or its
    author's whole view for a profile (once per transaction, however many it erased)."""
    authors: set[str] = set()
    for event_id in sorted(touched):
        if not view.rederive(conn, event_id):
            (author,) = conn.execute(
                "SELECT author FROM events WHERE id = ?", (event_id,)
            ).fetchone()
            authors.add(author)
    for author in sorted(authors):
        forked = conn.execute(
            "SELECT forked_at FROM authors WHERE author = ?", (author,)
        ).fetchone()
        view.rebuild_author(conn, author, forked[0] if forked else None)


def erase_by_operator(conn: sqlite3.Connection, event_id: str, reason: str) -> dict[str, object]:
    """This node's operator erases one event of any author, on this node only.

    Raises:
        EraseError: the event is not held here, or its kind keeps its body.
    """
    row = conn.execute("SELECT author, kind FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None and _erase_fork_evidence(conn, event_id, reason):
        return {"id": event_id, "reason": reason, "erased": True, "fork_evidence": True}
    if row is None:
        raise EraseError("not_found", f"this node holds no event {event_id[:80]}", 404)
    author, kind = row
    if kind in UNERASABLE_KINDS:
        raise EraseError(
            "not_erasable",
            f"a {kind} event keeps its body on every node (SPEC.md §6.4); it cannot be erased",
            422,
        )
    at = datetime.now(UTC).date().isoformat()
    erased, touched = erase(conn, [event_id], reason, at, OPERATOR)
    rebuild(conn, touched)
    log.warning(
        "erased event %s of %s by this node's operator (%s)%s",
        event_id,
        author,
        reason,
        "" if erased else ": it was erased already",
    )
    return {"id": event_id, "author": author, "reason": reason, "at": at, "erased": bool(erased)}


def _erase_fork_evidence(conn: sqlite3.Connection, event_id: str, reason: str) -> bool:
    """Erase the body of an event kept only as evidence of a fork (never in the view or
    the stream); False if there is no such event. Its skeleton is evidence enough: it
    carries the id, sequence and signature."""
    row = conn.execute("SELECT raw, author FROM forks WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        return False
    event = trusted_event(row[0])
    if event.head.kind in UNERASABLE_KINDS:
        raise EraseError("not_erasable", f"a {event.head.kind} event keeps its body", 422)
    if not event.erased:
        conn.execute("UPDATE forks SET raw = ? WHERE id = ?", (skeleton(event), event_id))
        conn.execute(
            "INSERT OR IGNORE INTO erasures (id, author, reason, at, source) VALUES (?,?,?,?,?)",
            (event_id, row[1], reason, datetime.now(UTC).date().isoformat(), OPERATOR),
        )
        conn.execute("INSERT OR REPLACE INTO search_state (k, v) VALUES ('scrub', 1)")
    log.warning("erased fork evidence %s of %s by this node's operator", event_id, row[1])
    return True
