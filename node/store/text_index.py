"""The full-text index (`search`): which objects it holds, and bringing it up to date.

Objects are indexed after they are stored, off the acceptance path. The index holds the
objects at or below its mark (`search_state.rowid`) that are not in `search_dirty`, each with
its current words, and nothing else. Above the mark are objects not yet indexed.
`search_dirty` lists objects whose body changed (updates, erasures, and authors re-derived
after a fork); those above the mark are indexed as new ones, with their current body.

The index keeps no copy of the text (an FTS5 table without content): each body was held a
third time there, about a sixth of the bytes per event, and erased words lay in it until
their row was deleted. Taking an object's words out needs the words it was indexed with, so
`forget` runs before a body changes or goes, in the same transaction, and works them out again
from the body still stored. `words.text_of` must therefore give the same words for a body
for as long as the index holds them: a change to it is a migration that builds the index again.

A batch is read and its words extracted on a reader thread, then written by the writer. A
large backlog is pipelined: the next batch is prepared while this one is written (FTS5 works
without the interpreter lock). A batch may therefore be stale when it is written: `write`
keeps only rows whose version is still the one read, and lists the others (and any row the
batch missed below its new mark) in `search_dirty`, to be indexed again. It reads them again
to know, unless the store's count of writes that may change objects has not moved since the
batch was read (`Store.object_writes`), as while a backlog's text is indexed. Large batches
index faster than small ones (FTS5 writes a segment per batch, and merges fewer larger ones)
and faster than doing every step on the writer's thread; a full batch holds the writer only
briefly. Words are not extracted in the verifier worker: inside a catch-up no core is idle,
so that was slower (bench/RESULTS.md has the measurements).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from functools import partial
from typing import Any, NamedTuple, Protocol, TypeVar

from ..tasks import cancel_and_wait
from . import faults
from .words import texts_of

__all__ = [
    "BATCH",
    "Batch",
    "read",
    "prepare",
    "write",
    "forget",
    "index_all",
    "complete",
    "indexed_upto",
]


class Batch(NamedTuple):
    """Objects to (re)index: `(rowid, version_id, body)` rows, new ones or changed ones."""

    rows: list[tuple[int, str, str]]
    #: New objects: the mark after this batch. Changed ones: None.
    upto: int | None
    #: New objects: the rowid above which they were read (they are all up to `upto`).
    start: int = 0


Prepared = tuple[Batch, list[str]]

T = TypeVar("T")


class Indexed(Protocol):
    """What `index_all` needs of the store. The store calls this module's functions, so this
    module names only these methods and never imports the store (no import cycle)."""

    async def read(self, fn: Callable[[sqlite3.Connection], T]) -> T: ...

    async def write_text(
        self, batch: Batch, texts: list[str], read_at: int | None = None
    ) -> int: ...

    def object_writes(self) -> int: ...

    async def scrub(self) -> bool: ...


#: How an erased object's body starts (its placeholder, see `view.placeholder`).
ERASED = '{"erased":{'
_IS_ERASED = f"substr(body, 1, {len(ERASED)}) = '{ERASED}'"

#: Objects per batch: a power of two, so a full batch is one INSERT (see `_insert_words`).
BATCH = 2048


def indexed_upto(conn: sqlite3.Connection) -> int:
    """The highest rowid of the objects indexed as new ones (see the module's docstring)."""
    row = conn.execute("SELECT v FROM search_state WHERE k = 'rowid'").fetchone()
    return row[0] if row else 0


def read(conn: sqlite3.Connection, limit: int, after: int | None = None) -> Batch:
    """New objects above `after` (default: the mark); if there are none, changed ones."""
    mark = indexed_upto(conn)
    start = max(mark, after or 0)
    fresh = conn.execute(
        "SELECT rowid, version_id, body FROM objects WHERE rowid > ? ORDER BY rowid LIMIT ?",
        (start, limit),
    ).fetchall()
    if fresh:
        return Batch(fresh, fresh[-1][0], start)
    # CROSS JOIN: the few dirty rows drive the loop. A plain join lets the planner carry
    # `rowid <= mark` over to objects and scan all of them, every batch.
    dirty = conn.execute(
        "SELECT o.rowid, o.version_id, o.body FROM search_dirty d CROSS JOIN objects o"
        " ON o.rowid = d.rowid WHERE d.rowid <= ? LIMIT ?",
        (mark, limit),
    ).fetchall()
    return Batch(dirty, None)


def write(conn: sqlite3.Connection, batch: Batch, texts: list[str], unchanged: bool = False) -> int:
    """Index the batch's rows that are still current, in one transaction; returns how many.
    `unchanged`: no object was written since the batch was read, so none need be read again
    to know it is current."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        written = _write(conn, batch, texts, unchanged)
        faults.hit("store.text", conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite rolls back by itself when a COMMIT finds the disk full
            conn.execute("ROLLBACK")
        raise
    return written


def _write(conn: sqlite3.Connection, batch: Batch, texts: list[str], unchanged: bool) -> int:
    if not batch.rows:
        # Listed objects that are gone since (a rebuilt author's rows after its fork).
        conn.execute("DELETE FROM search_dirty WHERE rowid NOT IN (SELECT rowid FROM objects)")
        return 0
    # A version is its id and whether it is erased: an erasure keeps the version id but
    # replaces the body, and words read before it must not go back into the index.
    read_as = {rowid: (version, body.startswith(ERASED)) for rowid, version, body in batch.rows}
    ids = list(read_as)
    marks = ",".join("?" * len(ids))
    if batch.upto is None:
        # Changed objects still listed, as they were read (their old words went as they
        # changed: see `forget`).
        current = conn.execute(
            f"SELECT o.rowid, o.version_id, {_IS_ERASED} FROM search_dirty d CROSS JOIN objects o"
            f" ON o.rowid = d.rowid WHERE d.rowid IN ({marks})",
            ids,
        ).fetchall()
        keep = [rowid for rowid, *version in current if read_as[rowid] == tuple(version)]
    elif unchanged and batch.start == indexed_upto(conn):
        # Read above the mark as it is, with nothing written since: the objects up to the
        # batch's end are the batch's rows, as read. Reading them again cost the writer time
        # on every batch of a backlog (bench/RESULTS.md, round 26).
        keep = ids
        conn.execute(
            "INSERT OR REPLACE INTO search_state (k, v) VALUES ('rowid', ?)", (batch.upto,)
        )
    else:
        mark = indexed_upto(conn)
        keep = []
        for rowid, *version in conn.execute(
            f"SELECT rowid, version_id, {_IS_ERASED} FROM objects WHERE rowid > ? AND rowid <= ?",
            (mark, batch.upto),
        ):
            if read_as.get(rowid) == tuple(version):
                keep.append(rowid)
            else:  # changed since it was read, or not in the batch: indexed again later
                conn.execute("INSERT OR IGNORE INTO search_dirty (rowid) VALUES (?)", (rowid,))
        if batch.upto > mark:
            conn.execute(
                "INSERT OR REPLACE INTO search_state (k, v) VALUES ('rowid', ?)", (batch.upto,)
            )
    if not keep:
        return 0
    kept = set(keep)
    marks = ",".join("?" * len(keep))
    # New objects updated before they were indexed are listed too: their current words go in.
    conn.execute(f"DELETE FROM search_dirty WHERE rowid IN ({marks})", keep)
    rows = [
        (rowid, text)
        for (rowid, _, _), text in zip(batch.rows, texts, strict=True)
        if rowid in kept
    ]
    _insert_words(conn, rows)
    return len(keep)


def _insert_words(conn: sqlite3.Connection, rows: list[tuple[int, str]]) -> None:
    """Insert `(rowid, text)` rows, one statement per power of two in their count.

    FTS5 writes its pending terms at the end of each statement, so a full batch is one
    statement. And the connection caches each statement it saw: with one per batch length,
    the cache grew by a large statement per distinct length; now it holds at most twelve.
    """
    start = 0
    while start < len(rows):
        size = 1 << ((len(rows) - start).bit_length() - 1)
        values: list[Any] = [v for row in rows[start : start + size] for v in row]
        conn.execute(
            "INSERT INTO search (rowid, text) VALUES " + ",".join(["(?,?)"] * size), values
        )
        start += size


def forget(conn: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> None:
    """Take the words of the objects `where` selects (an SQL condition on `objects`) out of
    the index, and list them as changed: before their body changes or their row goes, in the
    same transaction. Objects the index does not hold (above its mark, or listed) are left
    as they are. The index keeps no text, so each object's words are worked out again from
    its body, as they were when it was indexed (see the module's docstring)."""
    rows = conn.execute(
        f"SELECT rowid, body FROM objects WHERE ({where}) AND rowid <= ?"
        " AND rowid NOT IN (SELECT rowid FROM search_dirty)",
        (*params, indexed_upto(conn)),
    ).fetchall()
    if not rows:
        return
    texts = texts_of([body for _, body in rows])
    conn.executemany(
        "INSERT INTO search (search, rowid, text) VALUES ('delete', ?, ?)",
        [(rowid, text) for (rowid, _), text in zip(rows, texts, strict=True)],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO search_dirty (rowid) VALUES (?)", [(rowid,) for rowid, _ in rows]
    )


def scrub(conn: sqlite3.Connection) -> None:
    """Drop the words of deleted rows from the index's segments (after an erasure): FTS5
    keeps them until segments are merged, and merging them all into one drops them. With
    `secure_delete`, the pages this frees are zeroed. It costs a pass over the whole index,
    once per indexing pass that follows erasures however many there were."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("INSERT INTO search (search) VALUES ('optimize')")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def scrub_due(conn: sqlite3.Connection) -> bool:
    """An erasure left words in the index or pages in the write-ahead log (see `scrub`)."""
    return conn.execute("SELECT 1 FROM search_state WHERE k = 'scrub'").fetchone() is not None


def complete(conn: sqlite3.Connection) -> bool:
    """True once every object's current words are in the index."""
    return bool(
        conn.execute(
            "SELECT COALESCE((SELECT v FROM search_state WHERE k = 'rowid'), 0)"
            " >= COALESCE((SELECT MAX(rowid) FROM objects), 0)"
            " AND NOT EXISTS (SELECT 1 FROM search_dirty)"
        ).fetchone()[0]
    )


def prepare(conn: sqlite3.Connection, limit: int, after: int | None = None) -> Prepared:
    """Read a batch (see `read`) and extract its words here."""
    batch = read(conn, limit, after)
    return batch, texts_of([body for _, _, body in batch.rows])


async def index_all(store: Indexed, limit: int = BATCH) -> int:
    """Index everything not yet indexed; returns how many rows were (re)indexed."""
    total = 0

    def read_ahead(after: int | None = None) -> tuple[int, asyncio.Task[Prepared]]:
        # The count of the store's writes first: any write after it, even one that ends
        # before the read begins, makes the batch be checked against what is stored.
        writes = store.object_writes()
        return writes, asyncio.create_task(store.read(partial(prepare, limit=limit, after=after)))

    ahead: tuple[int, asyncio.Task[Prepared]] | None = read_ahead()
    try:
        while ahead is not None:
            read_at, task = ahead
            batch, texts = await task
            ahead = None
            if batch.upto is not None and len(batch.rows) == limit:
                # A full batch of new objects: more may follow, prepare them meanwhile.
                ahead = read_ahead(after=batch.upto)
            total += await store.write_text(batch, texts, read_at)
            if not batch.rows:
                break
            if ahead is None:
                ahead = read_ahead()
            await asyncio.sleep(0)  # let acceptance and HTTP run between batches
    finally:
        await cancel_and_wait(ahead[1] if ahead else None)
    if await store.read(scrub_due):
        await store.scrub()
    return total
