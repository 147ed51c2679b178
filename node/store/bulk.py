"""Multi-row INSERT statements for the writer's batches.

A few rows per statement instead of one (`executemany`): the sqlite3 module releases and
re-takes the GIL around every statement step, and with the verify threads and the event loop
busy each re-take can wait. Chunks have one fixed size, so the connection's statement cache
holds one statement per table, not one per batch length (each can be megabytes).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

__all__ = ["insert_rows"]

CHUNK = 50


def insert_rows(
    conn: sqlite3.Connection, head: str, rows: Sequence[Sequence[Any]], width: int | str
) -> None:
    """Run `head` ("INSERT INTO t (a, b)") with VALUES for all `rows` of `width` columns (or
    with `width` as each row's VALUES term, such as "(?, CAST(? AS TEXT))")."""
    one = width if isinstance(width, str) else "(" + ",".join("?" * width) + ")"
    whole = len(rows) - len(rows) % CHUNK
    if whole:
        sql = f"{head} VALUES {','.join([one] * CHUNK)}"
        for start in range(0, whole, CHUNK):
            conn.execute(sql, [value for row in rows[start : start + CHUNK] for value in row])
    if whole < len(rows):
        conn.executemany(f"{head} VALUES {one}", rows[whole:])
