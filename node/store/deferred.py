"""Indexes set aside while a large backlog is stored, and built again afterwards.

Each accepted event dirties a page in every index of its tables, and once the database
outgrows the page cache those pages are read and written back for every batch. Indexes that
acceptance does not need are cheaper built once, sorted, at the end, the builds included;
more so once objects were keyed by their event's number (setting aside `objects_id` too).
Meanwhile a query that would use one is answered by scanning, more slowly.

Which indexes are set aside, with their SQL, is written in the same transaction as their
removal, so a crash or a stop in the middle leaves a record that `restore` acts on.
"""

from __future__ import annotations

import logging
import sqlite3
import time

__all__ = ["QUERY_INDEXES", "defer", "restore", "deferred"]

log = logging.getLogger("citymesh.store")

#: Indexes that acceptance does not read: only queries do. `events_chain` finds an author's
#: head, which a large catch-up reads into memory first (`Acceptor.load_heads`); acceptance
#: finds an object through `events.id`, not `objects_id`.
#: `events_kind` and `objects_kind` stay (they grow at one end per kind, so building them
#: later saves nothing), and so does `objects_ref`: it costs a catch-up little, and without
#: it the listings that join on it would take seconds instead of milliseconds meanwhile.
QUERY_INDEXES = (
    "events_chain",
    "objects_id",
    "objects_author",
    "objects_category",
    "objects_start",
)


def defer(conn: sqlite3.Connection) -> list[str]:
    """Drop the query indexes, recording each one's SQL first; returns their names."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        rows = conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index'"
            f" AND name IN ({','.join('?' * len(QUERY_INDEXES))})",
            QUERY_INDEXES,
        ).fetchall()
        for name, sql in rows:
            conn.execute(
                "INSERT OR REPLACE INTO deferred_indexes (name, sql) VALUES (?, ?)", (name, sql)
            )
            conn.execute(f'DROP INDEX "{name}"')
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return [name for name, _ in rows]


def restore(conn: sqlite3.Connection) -> list[str]:
    """Build every index set aside (one transaction each); returns their names."""
    rows = conn.execute("SELECT name, sql FROM deferred_indexes").fetchall()
    if not rows:
        return []
    # Sorting for an index uses as much memory as the page cache is allowed, on top of it;
    # with a small cache meanwhile the sort spills to a temporary file instead, and takes
    # no longer.
    (cache_size,) = conn.execute("PRAGMA cache_size").fetchone()
    conn.execute("PRAGMA cache_size = -4000")
    # Sorting on two helper threads: the builds after a large catch-up finish sooner, with
    # the same peak memory.
    conn.execute("PRAGMA threads = 2")
    try:
        return _build(conn, rows)
    finally:
        conn.execute("PRAGMA threads = 0")
        conn.execute(f"PRAGMA cache_size = {int(cache_size)}")


def _build(conn: sqlite3.Connection, rows: list[tuple[str, str]]) -> list[str]:
    built: list[str] = []
    for name, sql in rows:
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(sql)
            conn.execute("DELETE FROM deferred_indexes WHERE name = ?", (name,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        log.info("built index %s in %.1f s", name, time.perf_counter() - start)
        built.append(name)
    return built


def deferred(conn: sqlite3.Connection) -> list[str]:
    """The indexes set aside now."""
    return [name for (name,) in conn.execute("SELECT name FROM deferred_indexes")]
