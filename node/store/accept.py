"""Acceptance: which verified events enter the store, in chain order, and what forks leave.

Runs on the writer thread only, inside the caller's transaction. Out-of-order events wait in
a bounded in-memory buffer until their gap fills; they are re-fetched if they are dropped.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from protocol import (
    Envelope,
    Event,
    Head,
    check_erasure,
    check_link,
    check_target,
    skeleton,
    trusted_event,
)
from protocol.errors import ChainError, ProtocolError

from . import erasure, view
from .bulk import insert_rows

__all__ = ["Acceptor", "ACCEPTED", "DUPLICATE", "PENDING", "RATE_LIMITED", "Result", "holds_cursor"]

ACCEPTED, DUPLICATE, PENDING = "accepted", "duplicate", "pending"
#: Deferred because its author is over the rate: not stored, not rejected, read again later.
RATE_LIMITED = "rate_limited"
Result = str | ProtocolError


def holds_cursor(result: Result, live: bool) -> bool:
    """A replication cursor must not move past this event: it waits (for an earlier event
    or for its author's rate) or, heard live, it was rejected (live headers are not trusted
    beyond their event)."""
    return result in (PENDING, RATE_LIMITED) or (live and isinstance(result, ProtocolError))


MAX_PENDING = 20_000
#: ... and at most this many bytes of them: 20,000 events of the largest size would be 1.3 GB.
MAX_PENDING_BYTES = 16 * 1024 * 1024
#: ... of which one source (a peer) may fill at most this many: a hostile peer's events
#: after a gap that never fills leave room for everyone else's.
MAX_PENDING_BYTES_PER_SOURCE = 4 * 1024 * 1024


@dataclass
class _Author:
    seq: int = 0
    id: str | None = None
    forked_at: int | None = None
    rotated_at: int | None = None


@dataclass
class Acceptor:
    """Per-author heads (cached), the out-of-order buffer, and the accept rule."""

    conn: sqlite3.Connection
    #: Queue accepted events for the node's stream (False in a reader process).
    relay: bool = True
    heads: dict[str, _Author] = field(default_factory=dict)
    #: Every author with events is in `heads`, so a miss needs no lookup: set for a large
    #: catch-up, which stores events without the `events_chain` index (see `deferred`).
    complete_heads: bool = False
    pending: dict[str, dict[int, list[Event]]] = field(default_factory=dict)
    pending_count: int = 0
    pending_bytes: int = 0
    #: Where the events now offered come from (a peer's URL; "" for local), per transaction.
    source: str = ""
    #: Bytes buffered per source, and each buffered event's (source, bytes) by id.
    pending_by_source: dict[str, int] = field(default_factory=dict)
    _pending_from: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: Events accepted since the last `take_accepted` (including promoted pending ones).
    accepted: list[tuple[int, Event]] = field(default_factory=list)
    _known: dict[str, bool] = field(default_factory=dict)
    # Rows of this transaction not yet written: written together at `flush`.
    _events: list[tuple[Any, ...]] = field(default_factory=list)
    _view: view.Rows = field(default_factory=view.Rows)
    _buffered: set[str] = field(default_factory=set)  # ids of the rows in `_events`
    _last_n: int = 0
    #: Events whose view rows this transaction's erasures changed (see `finish`).
    erased: set[str] = field(default_factory=set)

    def begin(self) -> None:
        """Start a transaction's work: local numbers continue from the stored ones."""
        # Never at or below the text indexer's mark, even where removed own events left
        # numbers free: an object's rowid is its event's number, and the indexer takes new
        # objects only above its mark.
        self._last_n = self.conn.execute(
            "SELECT MAX(COALESCE((SELECT MAX(n) FROM events), 0),"
            " COALESCE((SELECT v FROM search_state WHERE k = 'rowid'), 0))"
        ).fetchone()[0]

    def finish(self) -> None:
        """Before commit: write the buffered rows, and re-derive the view rows of the events
        this transaction erased."""
        self.flush()
        if self.erased:
            erasure.rebuild(self.conn, self.erased)
            self.erased.clear()

    def flush(self) -> None:
        """Write the buffered rows (before anything reads the tables, and before commit)."""
        if self._events:
            insert_rows(
                self.conn,
                "INSERT INTO events (n, id, author, seq, kind, created_at, raw)",
                self._events,
                7,
            )
            if self.relay:
                insert_rows(
                    self.conn, "INSERT INTO outbox (n)", [(row[0],) for row in self._events], 1
                )
            self._events = []
            self._buffered.clear()
        self._view.write(self.conn)

    def reset(self) -> None:
        """Forget cached state (after a rolled-back transaction)."""
        self.heads.clear()
        if self.complete_heads:
            try:
                self.load_heads()
            except sqlite3.Error:
                # Heads are then read one by one: slower during a large catch-up, still right.
                self.heads.clear()
                self.complete_heads = False
        self.accepted.clear()
        self._known.clear()
        self._events.clear()
        self._buffered.clear()
        self._view = view.Rows()
        self.erased.clear()

    def head(self, author: str) -> _Author:
        a = self.heads.get(author)
        if a is None:
            a = self.heads[author] = self._read_head(author, events=not self.complete_heads)
        return a

    def continues(self, head: Head) -> bool:
        """Whether an event is the next one of its author's chain as accepted so far: its
        author's head is cached (no read), unforked and unrotated, and the event follows it.
        Such an event is accepted unless its references fail (an update's target) or another
        copy wins the race to the writer."""
        a = self.heads.get(head.author)
        return (
            a is not None
            and a.forked_at is None
            and a.rotated_at is None
            and head.seq == a.seq + 1
            and head.prev == a.id
        )

    def _read_head(self, author: str, events: bool = True) -> _Author:
        a = _Author()
        if events:
            row = self.conn.execute(
                "SELECT seq, id FROM events WHERE author = ? ORDER BY seq DESC LIMIT 1", (author,)
            ).fetchone()
            if row:
                a.seq, a.id = row
        flags = self.conn.execute(
            "SELECT forked_at, rotated_at FROM authors WHERE author = ?", (author,)
        ).fetchone()
        if flags:
            a.forked_at, a.rotated_at = flags
        return a

    def load_heads(self) -> None:
        """Read every author's head at once; from now on a miss means no events."""
        # SQLite takes the bare `id` from the row that holds MAX(seq).
        heads = {
            author: _Author(seq, event_id)
            for author, seq, event_id in self.conn.execute(
                "SELECT author, MAX(seq), id FROM events GROUP BY author"
            )
        }
        for author, forked_at, rotated_at in self.conn.execute(
            "SELECT author, forked_at, rotated_at FROM authors"
        ):
            a = heads.setdefault(author, _Author())
            a.forked_at, a.rotated_at = forked_at, rotated_at
        self.heads = heads
        self.complete_heads = True

    def forget_head(self, author: str) -> None:
        """Read `author`'s head again (after its newest events were removed)."""
        self.heads.pop(author, None)
        if self.complete_heads:
            self.heads[author] = self._read_head(author)

    def prefetch_known(self, ids: list[str]) -> None:
        """Look up a batch's ids in one query (instead of one or two per event)."""
        self._known = dict.fromkeys(ids, False)
        for chunk in range(0, len(ids), 900):
            part = ids[chunk : chunk + 900]
            marks = ",".join("?" * len(part))
            for table in ("events", "forks"):
                for (found,) in self.conn.execute(
                    f"SELECT id FROM {table} WHERE id IN ({marks})", part
                ):
                    self._known[found] = True

    def known(self, event_id: str) -> bool:
        cached = self._known.get(event_id)
        if cached is not None:
            return cached
        return bool(
            self.conn.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone()
            or self.conn.execute("SELECT 1 FROM forks WHERE id = ?", (event_id,)).fetchone()
        )

    def envelope(self, event_id: str) -> Envelope | None:
        if event_id in self._buffered:
            self.flush()
        row = self.conn.execute("SELECT raw FROM events WHERE id = ?", (event_id,)).fetchone()
        # Stored events were checked when they were accepted: no need to check them again.
        return trusted_event(row[0]).envelope if row else None

    def offer(self, event: Event) -> Result:
        """Accept, buffer or reject one verified event."""
        env = event.head
        if self.known(env.id):
            if event.erased and not self.relay:
                self._erased_in_stream(env.id)
            return DUPLICATE
        a = self.head(env.author)
        if a.forked_at is not None and env.seq >= a.forked_at:
            return ChainError("fork", f"this author's chain is forked at {a.forked_at}", "$.seq")
        if env.seq <= a.seq:
            self._fork(env, event.raw, a)
            return ChainError("fork", f"another event already has sequence {env.seq}", "$.seq")
        if env.seq > a.seq + 1:
            # Two candidates for one position are both kept: once the gap fills, the second
            # is fork evidence, whichever arrived first.
            waiting = self.pending.setdefault(env.author, {}).setdefault(env.seq, [])
            size = len(event.raw)
            if (
                self.pending_count < MAX_PENDING
                and self.pending_bytes + size <= MAX_PENDING_BYTES
                and self.pending_by_source.get(self.source, 0) + size
                <= MAX_PENDING_BYTES_PER_SOURCE
                and all(e.head.id != env.id for e in waiting)
            ):
                waiting.append(event)
                self.pending_count += 1
                self.pending_bytes += size
                self.pending_by_source[self.source] = (
                    self.pending_by_source.get(self.source, 0) + size
                )
                self._pending_from[env.id] = (self.source, size)
            return PENDING
        if a.rotated_at is not None:
            return ChainError("key_rotated", f"the key was rotated at {a.rotated_at}", "$.seq")
        check_link(env, a.id)
        if event.erased:
            pass  # its references were checked where it had a body (SPEC.md §6.2)
        elif env.kind in ("update", "retraction"):
            full = event.envelope
            check_target(full, self.envelope(full.content.get("event", "")))
        elif env.kind == "erasure":
            check_erasure(event.envelope, self.envelope)
        self._insert(event, a)
        self._drain(env.author)
        return ACCEPTED

    def _insert(self, event: Event, a: _Author) -> None:
        env = event.head
        self._last_n = n = self._last_n + 1
        self._events.append((n, env.id, env.author, env.seq, env.kind, env.created_at, event.raw))
        self._buffered.add(env.id)
        self._known[env.id] = True
        if event.erased:
            erasure.received(self.conn, env.id, env.author)
            view.collect(self._view, event, n)
        elif env.kind in view.IMMEDIATE:
            # It changes rows already written; buffered rows it could touch are written first
            # (its target, or a profile that an update of an older profile must not outlive).
            # Flushing only then keeps a batch's inserts in few large statements.
            if (
                env.kind == "key.rotation"
                or self._view.nodes
                or event.envelope.content["event"] in self._buffered
            ):
                self.flush()
            view.apply(self.conn, event.envelope, n)
        else:
            view.collect(self._view, event, n)
        a.seq, a.id = env.seq, env.id
        if env.kind == "key.rotation":
            a.rotated_at = env.seq
            self.conn.execute(
                "INSERT INTO authors (author, rotated_at, rotated_to) VALUES (?,?,?) "
                "ON CONFLICT(author) DO UPDATE SET rotated_at = excluded.rotated_at,"
                " rotated_to = excluded.rotated_to",
                (env.author, env.seq, event.envelope.content["new_key"]),
            )
        self.accepted.append((n, event))
        if env.kind == "erasure":
            self._erase(event.envelope)

    def _erased_in_stream(self, event_id: str) -> None:
        """A reader process (its stream is its organisation's) finds the skeleton of an
        event it holds whole: the writer erased it, and so does the reader."""
        self.flush()
        row = self.conn.execute("SELECT raw FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is not None and not trusted_event(row[0]).erased:
            self.erased |= erasure.erase(self.conn, [event_id], None, None, erasure.IN_STREAM)[1]

    def _erase(self, env: Envelope) -> None:
        """Apply an accepted erasure (SPEC.md §6.4), in the transaction that accepts it."""
        self.flush()
        body = env.content
        erased, touched = erasure.erase(
            self.conn, body["events"], body["reason"], env.created_at[:10], env.id
        )
        gone = set(erased)
        self.erased |= touched
        # Events accepted earlier in this transaction go to listeners as their skeletons.
        self.accepted = [
            (n, trusted_event(skeleton(e)) if e.head.id in gone else e) for n, e in self.accepted
        ]

    def _drain(self, author: str) -> None:
        waiting = self.pending.get(author)
        while waiting:
            a = self.head(author)
            candidates = waiting.pop(a.seq + 1, None)
            if candidates is None:
                break
            self._unbuffer(candidates)
            for candidate in candidates:
                try:
                    self.offer(candidate)
                except ProtocolError:
                    pass
        if waiting is not None and not waiting:
            self.pending.pop(author, None)

    def _unbuffer(self, events: list[Event]) -> None:
        """Count events taken out of the out-of-order buffer."""
        for event in events:
            source, size = self._pending_from.pop(event.head.id, ("", len(event.raw)))
            self.pending_count -= 1
            self.pending_bytes -= size
            left = self.pending_by_source.get(source, 0) - size
            if left > 0:
                self.pending_by_source[source] = left
            else:
                self.pending_by_source.pop(source, None)

    def _fork(self, env: Head, raw: bytes, a: _Author) -> None:
        self.flush()
        self._known[env.id] = True
        # Equivocation is kept as evidence and freezes the author's view before the fork:
        # whichever branch arrived first, every node ends with the same view.
        self.conn.execute(
            "INSERT OR IGNORE INTO forks (author, seq, id, raw) VALUES (?,?,?,?)",
            (env.author, env.seq, env.id, raw),
        )
        at = min(env.seq, a.forked_at or env.seq)
        a.forked_at = at
        self.conn.execute(
            "INSERT INTO authors (author, forked_at) VALUES (?, ?) "
            "ON CONFLICT(author) DO UPDATE SET forked_at = excluded.forked_at",
            (env.author, at),
        )
        for dropped in self.pending.pop(env.author, {}).values():
            self._unbuffer(dropped)
        view.rebuild_author(self.conn, env.author, at)

    def take_accepted(self) -> list[tuple[int, Event]]:
        out, self.accepted = self.accepted, []
        self._known = {}
        return out
