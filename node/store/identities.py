"""A node's identity across key rotations: its first key (the root) and every key since.

Read by the view's queries, the attestations of outcomes and the item page alike; it needs
only the `identities` table, so none of them imports another to reach it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any


def root(conn: sqlite3.Connection, key: str) -> str:
    """The first key of the identity `key` belongs to (`key` itself if it never rotated)."""
    row = conn.execute("SELECT root FROM identities WHERE key = ?", (key,)).fetchone()
    return row[0] if row else key


def identity_keys(conn: sqlite3.Connection, author: str) -> list[str]:
    """Every key of the identity `author` belongs to (a rotated key counts as the same node)."""
    first = root(conn, author)
    keys = [r[0] for r in conn.execute("SELECT key FROM identities WHERE root = ?", (first,))]
    return [first, *keys]


def names(conn: sqlite3.Connection, authors: Iterable[str]) -> dict[str, Any]:
    """Each author's profile name map (through its identity if the key was rotated)."""
    out: dict[str, Any] = {}
    for author in set(authors):
        name = None
        for key in [author, *reversed(identity_keys(conn, author))]:
            row = conn.execute("SELECT name FROM nodes WHERE author = ?", (key,)).fetchone()
            if row:
                name = json.loads(row[0])
                break
        out[author] = name
    return out
