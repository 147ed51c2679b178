"""Multi-row INSERT statements for the writer's batches.

One statement per chunk instead of `executemany`: the sqlite3 module releases and re-takes
the GIL around every statement step, and with verify threads and the event loop busy each
re-take can wait; a batch of a thousand rows then waits a thousand times.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

__all__ = ["insert_rows"]

#: Below SQLite's default limit of 32,766 bound parameters per statement.
MAX_PARAMS = 30_000


def insert_rows(
    conn: sqlite3.Connection, head: str, rows: Sequence[Sequence[Any]], width: int
) -> None:
    """Run `head` ("INSERT INTO t (a, b)") with VALUES for all `rows` of `width` columns."""
    per = max(1, MAX_PARAMS // width)
    one = "(" + ",".join("?" * width) + ")"
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        params = [value for row in chunk for value in row]
        conn.execute(f"{head} VALUES {','.join([one] * len(chunk))}", params)
