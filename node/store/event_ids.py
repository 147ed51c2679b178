"""Finding a stored event by its id, on the writer's connection.

Normally through the `events_id` index. While a large catch-up stores its backlog, that
index is set aside with the query indexes (see `deferred`) and the writer finds events
through a map held in memory instead: each event's id is a random key, so every stored
event changed another page of that index, and once the index outgrew the page cache each
batch wrote about as many whole pages to the log as it stored events (bench/RESULTS.md,
round 26). The map is an in-memory database attached to the writer's connection: its rows
commit and roll back with the transaction that stored their events, and a crash loses it
with the index still set aside, which the next start builds again (`deferred.restore`).

A map row holds the first 60 bits of the id and the event's number; two ids may share
those bits (anyone can make such a pair), so every lookup compares the whole id too.
Other connections (readers) find events by scanning meanwhile, as they find objects.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

__all__ = ["activate", "active", "deactivate", "key", "add", "number", "numbers", "select"]

_SCHEMA = "event_ids"
_ID = re.compile(r"[0-9a-f]{64}")


def key(event_id: str) -> int | None:
    """The map's key of an id; None for a string that is no event id (none is stored)."""
    if not _ID.fullmatch(event_id):
        return None
    return int(event_id[:15], 16)


def active(conn: sqlite3.Connection) -> bool:
    return (
        conn.execute("SELECT 1 FROM pragma_database_list WHERE name = ?", (_SCHEMA,)).fetchone()
        is not None
    )


def activate(conn: sqlite3.Connection) -> None:
    """Attach the map and fill it with the events stored so far (outside a transaction)."""
    if active(conn):
        return
    conn.execute(f"ATTACH DATABASE ':memory:' AS {_SCHEMA}")
    conn.execute(
        f"CREATE TABLE {_SCHEMA}.ids (k INTEGER NOT NULL, n INTEGER NOT NULL,"
        " PRIMARY KEY (k, n)) WITHOUT ROWID"
    )
    conn.execute("BEGIN")
    try:
        add(conn, conn.execute("SELECT n, id FROM events"), check=False)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        deactivate(conn)
        raise


def deactivate(conn: sqlite3.Connection) -> None:
    """Drop the map (outside a transaction)."""
    if active(conn):
        conn.execute(f"DETACH DATABASE {_SCHEMA}")


def add(conn: sqlite3.Connection, rows: Iterable[tuple[int, str]], *, check: bool = True) -> None:
    """Note stored events, (number, id), in the map if it is in use."""
    if check and not active(conn):
        return
    conn.executemany(
        f"INSERT INTO {_SCHEMA}.ids (k, n) VALUES (?, ?)",
        ((int(event_id[:15], 16), n) for n, event_id in rows),
    )


def select(conn: sqlite3.Connection, columns: str, event_id: str) -> tuple | None:  # type: ignore[type-arg]
    """`columns` of the stored event `event_id`, or None."""
    if not active(conn):
        return conn.execute(  # type: ignore[no-any-return]
            f"SELECT {columns} FROM events WHERE id = ?", (event_id,)
        ).fetchone()
    k = key(event_id)
    if k is None:
        return None
    return conn.execute(  # type: ignore[no-any-return]
        f"SELECT {columns} FROM events WHERE n IN"
        f" (SELECT n FROM {_SCHEMA}.ids WHERE k = ?) AND id = ?",
        (k, event_id),
    ).fetchone()


def number(conn: sqlite3.Connection, event_id: str) -> int | None:
    """The local number of the stored event `event_id`, or None."""
    row = select(conn, "n", event_id)
    return None if row is None else int(row[0])


def numbers(conn: sqlite3.Connection, ids: list[str]) -> dict[str, int]:
    """The local numbers of those of `ids` that are stored."""
    found: dict[str, int] = {}
    mapped = active(conn)
    for start in range(0, len(ids), 900):
        part = ids[start : start + 900]
        if not mapped:
            marks = ",".join("?" * len(part))
            rows = conn.execute(f"SELECT id, n FROM events WHERE id IN ({marks})", part)
        else:
            keys = [k for k in map(key, part) if k is not None]
            marks = ",".join("?" * len(keys))
            rows = conn.execute(
                f"SELECT e.id, e.n FROM {_SCHEMA}.ids m JOIN events e ON e.n = m.n"
                f" WHERE m.k IN ({marks})",
                keys,
            )
        found.update(rows)
    if mapped:  # ids that only share their first bits with a stored one
        wanted = set(ids)
        found = {i: n for i, n in found.items() if i in wanted}
    return found
