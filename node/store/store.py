"""The SQLite store: one writer thread (batched transactions) and a pool of readers.

Every call hands its work to a thread and awaits it, but for a small write (one live event)
while the writer thread is idle, which runs at once on the event loop (see `Store._write`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from sqlite_utils import Database

from protocol import Event, Head, SigningKey, build_event, check_target
from protocol.errors import ProtocolError
from protocol.explain import InvalidBody

from . import budget, deferred, erasure, faults, text_index, view
from .accept import ACCEPTED, Acceptor, Result, holds_cursor
from .checkpoint import Checkpointer
from .diskspace import Space
from .migrations import migrations

__all__ = ["Store", "CursorMove"]


@dataclass
class _Held:
    """A large catch-up's open transaction: what it accepted and the cursors it moved, told
    only once it commits."""

    since: float
    size: int = 0  # bytes of the events it accepted
    erased: bool = False
    accepted: list[tuple[int, Event]] = field(default_factory=list)
    moves: dict[tuple[str, str], int] = field(default_factory=dict)


def _advance(moves: dict[tuple[str, str], int], key: tuple[str, str], moved: int) -> None:
    """A cursor only moves forward (as `MOVE_CURSOR` does in the database)."""
    moves[key] = max(moved, moves.get(key, moved))


class CursorMove(NamedTuple):
    """A batch read from a peer: its stream sequences, and whether it was heard live."""

    peer: str
    filter: str
    seqs: list[int]
    live: bool


T = TypeVar("T")
#: A cursor only moves forward: two moves that cross keep the further one.
MOVE_CURSOR = "UPDATE subscriptions SET cursor = MAX(cursor, ?) WHERE peer = ? AND filter = ?"
#: Outbox rows read on the event loop at most (`unpublished`, `mark_published`): a trickle of
#: live events; a backlog's rows are read in larger batches on a thread.
TRICKLE = 16
log = logging.getLogger("citymesh.store")


#: Page cache of each connection, in KiB: the writer keeps a bootstrap's hot index pages; a
#: reader needs far less (the kernel caches the file too), and the text indexer's scan of
#: every object through a reader would otherwise fill its cache with pages read once.
WRITER_CACHE_KIB, READER_CACHE_KIB, CHECKPOINT_CACHE_KIB = 32_000, 16_000, 2_000
#: Bytes per page of a new database.
PAGE_SIZE = 16_384
#: The log's size at which the writer's own checkpoint runs (the backstop of `checkpoint`):
#: 100,000 pages of SQLite's default size, as before pages grew.
WAL_BACKSTOP_BYTES = 100_000 * 4096


def _connect(path: Path, cache_kib: int = WRITER_CACHE_KIB) -> sqlite3.Connection:
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    # Before anything writes to a new database: fixed once the file exists (a database made
    # with another size keeps it). Every commit writes each page it changed to the log, two
    # system calls a page; in larger pages a batch of events fills fewer of them, and
    # storing an event costs less CPU (bench/RESULTS.md, round 25).
    conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    conn.execute("PRAGMA journal_mode = WAL")
    # NORMAL: a commit survives a crash of the process, not a power cut. Enough for what
    # peers hold (events and their cursor roll back together and are read again); the node's
    # own events commit with FULL (see `_transaction`), as they are acknowledged to people.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
    # Checkpoints run beside the writer (see `checkpoint`); this is the writer's backstop.
    # A large WAL between checkpoints: an index page changed by many batches is copied to
    # the database once per checkpoint, not once per batch. After a complete checkpoint the
    # file shrinks back to 64 MB. SQLite counts the threshold in pages: the same bytes
    # whatever the database's page size.
    (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_BACKSTOP_BYTES // int(page_size)}")
    conn.execute("PRAGMA journal_size_limit = 67108864")
    # Deleted or overwritten content is zeroed, not left in free pages or cells: an erased
    # body (SPEC.md §6.4) must not be readable from the file.
    conn.execute("PRAGMA secure_delete = ON")
    return conn


def _unpublished(
    conn: sqlite3.Connection, limit: int, author: str | None, exclude: str | None
) -> list[tuple[int, str, str, bytes]]:
    where, params = "e.n = o.n", list[object]()
    if author:
        where, params = where + " AND author = ?", [author]
    if exclude:
        where, params = where + " AND author != ?", [*params, exclude]
    params.append(limit)
    rows: list[tuple[int, str, str, bytes]] = conn.execute(
        f"SELECT e.n, e.id, e.author, e.raw FROM outbox o, events e WHERE {where}"
        " ORDER BY o.n LIMIT ?",
        params,
    ).fetchall()
    return rows


class Store:
    """The node's database. Create with `await Store.open(path)`; `await close()` at the end."""

    #: A backlog of at least this many events, and at least as many as are stored, is
    #: stored without the query indexes (see `deferred`).
    BULK_MIN = 50_000
    #: While a backlog of at least this many events is stored, its text indexing waits
    #: (`bulk_stored`), and its relaying until its text is indexed too (`backlog_indexed`):
    #: they compete for the cores and the writer, and the backlog's events are in their
    #: peer's stream already.
    BACKLOG_MIN = 5_000
    #: While such a backlog is stored, its batches share one transaction (`ingest`'s `hold`)
    #: until it accepted this many bytes of events or is this old. A commit writes each page
    #: it changed to the log, and `events.id`'s index (random keys) has a page changed by
    #: nearly every event: in one transaction per batch that is most of its pages for every
    #: batch (bench/RESULTS.md, round 29). The accepted events wait in memory until the
    #: commit: only then are they told to listeners, and the cursor moved.
    HOLD_BYTES = 16 * 1024 * 1024
    HOLD_SECONDS = 4.0

    def __init__(self, path: Path, relay: bool = True) -> None:
        self.path = path
        self.relay = relay
        self._bulk_holders = 0
        self._no_bulk = asyncio.Event()
        self._no_bulk.set()
        self._dropped = False  # the query indexes are set aside for a backlog
        #: Backlogs stored so far, and whether the text index has caught up with the last one
        #: (see `backlog_indexed`).
        self._backlogs = 0
        self._text_caught_up = asyncio.Event()
        self._text_caught_up.set()
        #: (backlogs stored, the last object's rowid then): see `write_text`.
        self._text_target: tuple[int, int] | None = None
        #: Called when a large backlog is stored, even one that added nothing: the text
        #: indexer then runs a pass, which relaying waits for.
        self.after_backlog: list[Callable[[], None]] = []
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="citymesh-writer")
        #: Jobs handed to the writer thread, and writes finished (see `_write`).
        self._submitted = self._finished = 0
        #: Writer jobs ended that may have changed objects (all but the text index's own):
        #: a text batch read before it moved is checked against what is stored (`write_text`).
        self._object_writes = 0
        self._readers = ThreadPoolExecutor(2, thread_name_prefix="citymesh-reader")
        self._local = threading.local()
        self._all_readers: list[sqlite3.Connection] = []
        self._wconn: sqlite3.Connection | None = None
        self._acceptor: Acceptor | None = None
        #: A large catch-up's open transaction, and what committed ones accepted and moved
        #: that was not told yet (`ingest`'s `hold`; the writer thread's only).
        self._held: _Held | None = None
        self._told_accepted: list[tuple[int, Event]] = []
        self._told_moves: dict[tuple[str, str], int] = {}
        #: Told, on the event loop, of the events a catch-up's open transaction accepted when
        #: another write commits it first: before that write's own result arrives, so that
        #: listeners hear of every event in order (set by the gate).
        self.on_told: Callable[[list[tuple[int, Event]]], None] | None = None
        self._checkpointer: Checkpointer | None = None
        self.space = Space(path)
        #: Moves when a transaction may have left full copies for the node's stream to erase
        #: (`stream_erasures`); from 1, so that what an earlier run left is looked at once.
        self.stream_erasures = 1

    @classmethod
    async def open(cls, path: Path, *, relay: bool = True) -> Store:
        """Open (and migrate) the database; `relay=False` for a process that never publishes."""
        store = cls(path, relay)
        await store._write(store._open_writer)
        return store

    def _open_writer(self) -> None:
        conn = _connect(self.path)
        db = Database(conn)
        pending = [m.name for m in migrations.pending(db)]
        if pending and db["events"].exists():
            # Some steps build a large table or index again: a start that seems to hang says
            # why, at the level a node logs by default.
            log.warning(
                "updating this node's database (%s); on a large node this can take a minute",
                ", ".join(pending),
            )
        migrations.apply(db)
        # Left by a stop or a crash during a large catch-up.
        deferred.restore(conn)
        self._wconn = conn
        self._acceptor = Acceptor(conn, relay=self.relay)
        self._checkpointer = Checkpointer(lambda: _connect(self.path, CHECKPOINT_CACHE_KIB))

    async def close(self) -> None:
        def shut() -> None:
            checkpointer, self._checkpointer = self._checkpointer, None
            if checkpointer is not None:
                checkpointer.close()
            if self._wconn is not None:
                self._wconn.close()

        await self._write(shut)
        self._writer.shutdown(wait=True)
        self._readers.shutdown(wait=True)
        for conn in self._all_readers:
            conn.close()

    def _conn(self) -> sqlite3.Connection:
        """The writer's connection, opened again if a failed rollback made it unusable."""
        if self._wconn is None:
            self._wconn = _connect(self.path)
            assert self._acceptor is not None
            self._acceptor.conn = self._wconn
        return self._wconn

    def _drop_conn(self) -> None:
        conn, self._wconn = self._wconn, None
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()  # closing rolls back whatever it still held

    async def _write(
        self, fn: Callable[[], T], small: bool = False, objects: bool = True, hold: bool = False
    ) -> T:
        """Run `fn` on the writer's connection, in the writer thread. A `small` write (one
        live event, no sync to disk) runs at once on the calling thread instead when the
        writer thread has nothing to do: handing it over and back costs more than it does
        (two wake-ups of a sleeping thread, 0.25-0.3 ms on a virtual machine). `objects`:
        whether it may change objects (False only for the text index's own writes). Unless
        `fn` continues a large catch-up's open transaction (`hold`), that commits first."""

        loop = asyncio.get_running_loop()

        def run() -> T:
            changes = objects
            try:
                if self._held is not None and not hold:
                    changes = True  # its objects become visible
                    self._commit_held()
                    if self.on_told is not None:
                        told, _ = self._take_told(None)  # the cursors wait for their catch-up
                        loop.call_soon_threadsafe(self.on_told, told)
                return fn()
            except Exception as exc:
                # A full or failing disk becomes a StorageError people can act on.
                error = self.space.error(exc)
                if error is None or error is exc:
                    raise
                raise error from exc
            finally:
                if self._checkpointer is not None and self._wconn is not None:
                    self._checkpointer.changed(self._wconn.total_changes)
                if changes:
                    self._object_writes += 1
                self._finished += 1

        if small and self.space.roomy and self._writer_idle:
            self._submitted += 1
            return run()
        self._submitted += 1
        return await loop.run_in_executor(self._writer, run)

    @property
    def _writer_idle(self) -> bool:
        """No job waits for the writer thread or runs there, and no catch-up's transaction is
        open on its connection. Only the event loop submits, and the thread counts a job
        finished after its last use of the connection: while this holds, nothing can start
        on that connection before the caller's code returns."""
        return self._submitted == self._finished and self._held is None

    async def _glance(self, fn: Callable[[sqlite3.Connection], T], small: bool) -> T:
        """A `small` read (a few rows by an index) runs at once on the writer's connection
        while the writer thread is idle, as a small write does; any other on a reader thread."""
        if small and self._writer_idle:
            return fn(self._conn())
        return await self.read(fn)

    async def read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn(connection)` on a reader thread (WAL lets reads run beside the writer),
        within the time budget of the client it reads for, if any (see `budget`)."""
        limit = budget.deadline()

        def run() -> T:
            conn = getattr(self._local, "conn", None)
            if conn is None:
                conn = _connect(self.path, READER_CACHE_KIB)
                conn.execute("PRAGMA query_only = 1")
                self._local.conn = conn
                self._all_readers.append(conn)
            return budget.run(conn, fn, limit)

        return await asyncio.get_running_loop().run_in_executor(self._readers, run)

    # -- writes -----------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def bulk_load(self, incoming: int) -> AsyncIterator[bool]:
        """Around the storing of a backlog of `incoming` events: if it is large, text indexing
        and relaying wait until it is stored, and if it is very large, the query indexes are
        dropped first and built again when the last such backlog is stored.
        Yields whether they were dropped."""
        first = self._bulk_holders == 0
        self._bulk_holders += 1
        try:
            dropped = False
            if first and incoming >= self.BACKLOG_MIN:
                self._no_bulk.clear()
                self._text_caught_up.clear()
            if first and incoming >= self.BULK_MIN:

                def run() -> bool:
                    acc = self._acceptor
                    assert acc is not None
                    (stored,) = acc.conn.execute(
                        "SELECT COALESCE(MAX(n), 0) FROM events"
                    ).fetchone()
                    if incoming < stored:
                        return False
                    acc.load_heads()  # before `events_chain` goes: it finds the heads
                    return bool(deferred.defer(acc.conn))

                # Before: a cancel during the drop still restores.
                self._no_bulk.clear()
                self._text_caught_up.clear()
                self._dropped = True
                dropped = self._dropped = await self._write(run)
                if dropped:
                    log.info("storing %d events without the query indexes", incoming)
            yield dropped
        finally:
            self._bulk_holders -= 1
            # Only after a drop: a small catch-up (most of them) costs no write here. Shielded:
            # a cancelled catch-up still leaves the indexes built; if building fails, the
            # next catch-up to end tries again (and `Store.open` does).
            if self._bulk_holders == 0 and not self._no_bulk.is_set():
                if self._dropped:
                    await asyncio.shield(self._write(self._restore_indexes))
                    self._dropped = False
                self._backlogs += 1
                self._no_bulk.set()
                for call in self.after_backlog:
                    call()

    async def bulk_stored(self) -> None:
        """Return once no large backlog is being stored (see `bulk_load`): text indexing
        waits for that."""
        await self._no_bulk.wait()

    def backlogs_stored(self) -> int:
        """How many large backlogs were stored so far: the text indexer notes it before a
        pass, and reports it after (`text_indexed`)."""
        return self._backlogs

    def text_indexed(self, backlogs: int) -> None:
        """A text indexing pass that began after `backlogs` backlogs were stored has ended
        (done, or failed: relaying does not wait on an indexer that cannot go on), or has
        indexed every object stored when it began to write (see `write_text`)."""
        if backlogs == self._backlogs and self._no_bulk.is_set():
            self._text_caught_up.set()

    async def backlog_indexed(self) -> None:
        """Return once no large backlog is being stored and the text index has caught up
        with the last one: relaying waits for both. The backlog's events are in their
        peer's stream already, and relaying them beside the indexer slows both (a quarter
        more time to index the text of 300,000 events): people search their node's view,
        its followers can wait."""
        while not (self._no_bulk.is_set() and self._text_caught_up.is_set()):
            await self._no_bulk.wait()
            await self._text_caught_up.wait()

    def _restore_indexes(self) -> None:
        acc = self._acceptor
        assert acc is not None
        acc.complete_heads = False
        deferred.restore(acc.conn)

    async def query_indexes_complete(self) -> bool:
        """True unless query indexes are set aside during a large catch-up."""
        return not await self.read(deferred.deferred)

    def _give_back_log(self) -> None:
        """Copy the write-ahead log into the database and truncate it: its space returns."""
        faults.hit("store.checkpoint")
        self._conn().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def _transaction(
        self,
        body: Callable[[Acceptor], T],
        durable: bool = False,
        adds: bool = True,
        erases: bool = False,
        hold: bool = False,
    ) -> tuple[T, list[tuple[int, Event]]]:
        """Run `body` in one transaction. `adds`: it stores new data, refused (StorageFull)
        while the disk's reserve is not free. `erases`: it may leave full copies for the
        stream to erase (so may any erasure `body` accepts): `stream_erasures` moves after it.
        `hold`: a large catch-up's batch, which continues its open transaction and leaves it
        open while it is small and young (`HOLD_BYTES`); what it accepted is then told by
        `_take_told` once committed, not returned. If anything fails, nothing of it stays
        (nor of the open transaction it continued): not in the database, not in the
        acceptor's heads and caches."""
        acc = self._acceptor
        assert acc is not None
        conn = self._conn()
        if self._held is not None and not self.space.roomy:
            self._commit_held()  # a checkpoint may be needed to free space: not inside it
        if adds:
            try:
                self.space.check(self._give_back_log)
            except BaseException:
                if self._held is not None:  # refused: what it holds goes too
                    self._held = None
                    self._abandon(conn, acc)
                raise
        try:
            if durable:  # fsync the WAL at commit: this commit is acknowledged to a person
                conn.execute("PRAGMA synchronous = FULL")
            faults.hit("store.begin")
            if self._held is None:
                conn.execute("BEGIN IMMEDIATE")
            acc.begin()
            out = body(acc)
            faults.hit("store.body")
            erased = erases or bool(acc.erased)
            acc.finish()
            if hold:
                held = self._held = self._held or _Held(time.monotonic())
                for n, event in acc.take_accepted():
                    held.accepted.append((n, event.lightened()))
                    held.size += len(event.raw)
                held.erased |= erased
                if held.size >= self.HOLD_BYTES or (
                    time.monotonic() - held.since >= self.HOLD_SECONDS
                ):
                    self._commit_held()
                return out, []
            faults.hit("store.commit", conn)
            conn.execute("COMMIT")
            if erased:  # only once committed: a reader looking now must find the rows
                self.stream_erasures += 1
        except BaseException:
            self._held = None  # rolled back with the rest
            self._abandon(conn, acc)
            raise
        finally:
            if durable and self._wconn is conn:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("PRAGMA synchronous = NORMAL")
        return out, acc.take_accepted()

    def _commit_held(self) -> None:
        """Commit a large catch-up's open transaction; what it accepted and moved is told
        next (`_take_told`). If the commit fails, all of it is rolled back."""
        held, self._held = self._held, None
        assert held is not None
        acc = self._acceptor
        assert acc is not None
        conn = self._conn()
        try:
            faults.hit("store.commit", conn)
            conn.execute("COMMIT")
        except BaseException:
            self._abandon(conn, acc)
            raise
        if held.erased:
            self.stream_erasures += 1
        self._told_accepted += held.accepted
        for key, moved in held.moves.items():
            _advance(self._told_moves, key, moved)

    def _take_told(self, key: tuple[str, str] | None) -> tuple[list[tuple[int, Event]], int | None]:
        """What committed catch-up transactions accepted, and the cursor `key` they moved to,
        not told yet (each is told once)."""
        accepted, self._told_accepted = self._told_accepted, []
        return accepted, (self._told_moves.pop(key, None) if key is not None else None)

    def _abandon(self, conn: sqlite3.Connection, acc: Acceptor) -> None:
        """After a failed transaction. SQLite rolls back by itself when a COMMIT fails on a
        full disk (a ROLLBACK then fails: no transaction is active); if a ROLLBACK fails
        otherwise, the connection is closed, which rolls back, and opened again."""
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            log.warning("rollback failed (%s); opening the database again", exc)
            self._drop_conn()
        finally:
            # Heads moved by events that were not stored must not name the next one's prev.
            acc.reset()

    async def ingest(
        self,
        items: list[Event | Result],
        cursor: CursorMove | None = None,
        source: str = "",
        hold: bool = False,
    ) -> tuple[list[Result], list[tuple[int, Event]], int | None]:
        """Offer verified events in one transaction (other items pass through as results),
        and move a replication cursor in the same transaction, up to the first held item.
        `hold`: a large catch-up's batch, which may share its transaction with the next
        batches (see `HOLD_BYTES`; `settle` commits it at the catch-up's end).

        Returns each item's result, every event accepted (newly or from the buffer), and
        the cursor value committed (None if it did not move). With `hold`, the events and
        the cursor are those committed since they were last told, if any.
        """

        def body(acc: Acceptor) -> tuple[list[Result], int | None]:
            acc.source = source  # bounds what one peer may leave in the out-of-order buffer
            acc.prefetch_known([i.head.id for i in items if isinstance(i, Event)])
            results: list[Result] = []
            for item in items:
                if not isinstance(item, Event):
                    results.append(item)
                    continue
                try:
                    results.append(acc.offer(item))
                except ProtocolError as exc:
                    results.append(exc)
            moved = None
            if cursor is not None:
                for seq, result in zip(cursor.seqs, results, strict=True):
                    if holds_cursor(result, cursor.live):
                        break
                    moved = seq
                if moved is not None:
                    acc.conn.execute(MOVE_CURSOR, (moved, cursor.peer, cursor.filter))
            return results, moved

        if not hold:
            (results, moved), accepted = await self._write(
                lambda: self._transaction(body), small=len(items) == 1
            )
            return results, accepted, moved
        assert cursor is None or not cursor.live
        key = (cursor.peer, cursor.filter) if cursor is not None else None

        def held() -> tuple[list[Result], list[tuple[int, Event]], int | None]:
            (results, moved), _ = self._transaction(body, hold=True)
            if moved is not None and key is not None:
                _advance(
                    self._held.moves if self._held is not None else self._told_moves, key, moved
                )
            return results, *self._take_told(key)

        return await self._write(held, hold=True)

    async def settle(self, peer: str, filt: str) -> tuple[list[tuple[int, Event]], int | None]:
        """At a catch-up's end: commit its open transaction, if any; returns what committed
        catch-up transactions accepted and the cursor (`peer`, `filt`) committed, not told
        yet."""
        return await self._write(lambda: self._take_told((peer, filt)))

    async def save_cursor(self, peer: str, filt: str, cursor: int) -> None:
        """Move a replication cursor past messages that brought nothing to store."""
        await self.execute(MOVE_CURSOR, (cursor, peer, filt))

    async def publish_own(
        self, key: SigningKey, kind: str, body: dict[str, Any], lang: str
    ) -> tuple[Event, int]:
        """Sign `body` as this node's next event and store it; returns it with its local number.

        Raises:
            ProtocolError: the body is invalid; nothing is stored.
        """
        (stored,) = await self.publish_own_many(key, [(kind, body)], lang)
        return stored

    async def publish_own_many(
        self,
        key: SigningKey,
        items: list[tuple[str, dict[str, Any]]],
        lang: str,
        durable: bool = True,
    ) -> list[tuple[Event, int]]:
        """Sign `items` (kind, body) as this node's next events, in order, and store them in
        one transaction: all of them or, if any is refused, none. `durable=False`: the commit
        does not wait for the disk, for a caller that has the node's stream take the events
        before anyone is told (see `Node.publish_many`), or else calls `make_durable`.

        Raises:
            InvalidBody: naming the refused item's position; nothing is stored.
        """

        def run(acc: Acceptor) -> list[Event]:
            events = []
            for index, (kind, body) in enumerate(items):
                head = acc.head(key.public_id)
                try:
                    event = build_event(
                        key, seq=head.seq + 1, prev=head.id, kind=kind, body=body, lang=lang
                    )
                    if kind in ("update", "retraction"):
                        check_target(event.envelope, acc.envelope(body.get("event", "")))
                    result = acc.offer(event)
                    if isinstance(result, ProtocolError):
                        raise result
                except ProtocolError as exc:
                    raise InvalidBody.wrap(exc, index if len(items) > 1 else None) from None
                if result != ACCEPTED:
                    raise RuntimeError(f"own event not accepted: {result}")
                events.append(event)
            return events

        events, accepted = await self._write(
            lambda: self._transaction(run, durable=durable), small=not durable and len(items) == 1
        )
        numbers = {e.envelope.id: n for n, e in accepted}
        return [(e, numbers[e.envelope.id]) for e in events]

    async def make_durable(self, numbers: list[int]) -> None:
        """Sync to disk own events committed with `durable=False` that the node's stream did
        not take: their outbox rows are written again in a transaction that syncs the log,
        and with it every commit before. Rows gone meanwhile were published: the stream
        holds those events."""

        def run(acc: Acceptor) -> None:
            marks = ",".join("?" * len(numbers))
            acc.conn.execute(f"UPDATE outbox SET n = n WHERE n IN ({marks})", numbers)

        await self._write(lambda: self._transaction(run, durable=True, adds=False))

    async def undo_own(self, author: str, numbers: list[int]) -> None:
        """Remove this node's own unpublished head events (refused by the stream) and re-derive
        its view; only ever the newest events of `author`, so no chain is broken."""

        def run(acc: Acceptor) -> None:
            conn = acc.conn
            for n in numbers:
                if conn.execute("DELETE FROM outbox WHERE n = ?", (n,)).rowcount:
                    conn.execute("DELETE FROM events WHERE n = ? AND author = ?", (n, author))
            view.rebuild_author(conn, author, None)
            acc.forget_head(author)

        await self._write(lambda: self._transaction(run, adds=False))

    async def erase(self, event_id: str, reason: str) -> dict[str, Any]:
        """This node's operator erases one event (SPEC.md §6.4), effective at once, and
        synced to disk before the operator is told: a power cut must not bring it back.

        Raises:
            EraseError: the event is not held, or its kind keeps its body.
        """

        def run(acc: Acceptor) -> dict[str, Any]:
            return erasure.erase_by_operator(acc.conn, event_id, reason)

        done, _ = await self._write(
            lambda: self._transaction(run, durable=True, adds=False, erases=True)
        )
        return done

    async def mark_published(
        self, numbers: list[int], then: int = 0, exclude: str | None = None
    ) -> list[tuple[int, str, str, bytes]]:
        """Take events the node's stream acknowledged out of the outbox. With `then`, also
        read what `unpublished(then, exclude=exclude)` would, in the same trip to the writer
        thread."""

        # One event's mark is a trickle: what follows it is read a few rows at a time, so the
        # write stays small enough for the event loop. Not while rows are excluded: the read
        # may then step over many of them.
        trickle = len(numbers) == 1 and exclude is None
        limit = min(then, TRICKLE) if trickle else then
        small = trickle or (len(numbers) == 1 and not then)

        def run() -> list[tuple[int, str, str, bytes]]:
            faults.hit("store.mark_published")
            conn = self._conn()
            conn.execute(f"DELETE FROM outbox WHERE n IN ({','.join('?' * len(numbers))})", numbers)
            return _unpublished(conn, limit, None, exclude) if limit else []

        return await self._write(run, small=small)

    async def execute(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        """Run one small write statement (peers, subscriptions) on the writer thread."""

        def run() -> None:
            self._conn().execute(sql, params)

        await self._write(run)

    async def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn(connection)` in one transaction on the writer thread: small writes of the
        node's own bookkeeping that read what they change (nothing of it stays if it fails).
        Events go through `ingest` and `publish_own_many`, never here."""

        def run() -> T:
            conn = self._conn()
            conn.execute("BEGIN IMMEDIATE")
            try:
                out = fn(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # a COMMIT that failed on a full disk rolled back
                    conn.execute("ROLLBACK")
                raise
            return out

        return await self._write(run)

    async def index_text(self, limit: int = text_index.BATCH) -> int:
        """Index one batch of objects (new ones, else changed ones: see `text_index`) in one
        small transaction, so acceptance never waits long; returns how many were indexed."""
        batch, texts = await self.read(lambda c: text_index.prepare(c, limit))
        return await self.write_text(batch, texts)

    def object_writes(self) -> int:
        """How many writes that may have changed objects have ended (see `write_text`)."""
        return self._object_writes

    async def write_text(
        self, batch: text_index.Batch, texts: list[str], read_at: int | None = None
    ) -> int:
        """Write a batch's words into the full-text index (see `text_index.write`); `read_at`
        is `object_writes()` from before the batch was read, if known."""
        # Relaying waits for the text of the last backlog (`backlog_indexed`). The indexer's
        # pass may not end while events keep arriving, so the wait also ends once the index
        # holds every object that was stored at its first write after the backlog.
        behind = None if self._text_caught_up.is_set() else self._backlogs

        def run() -> tuple[int, bool]:
            self.space.check(self._give_back_log, derived=True)
            conn = self._conn()
            # On the writer's thread, after every write before it ended: none since the read.
            unchanged = read_at == self._object_writes
            written = text_index.write(conn, batch, texts, unchanged)
            if behind is None:
                return written, False
            if self._text_target is None or self._text_target[0] != behind:
                (last,) = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM objects").fetchone()
                self._text_target = (behind, last)
            return written, text_index.indexed_upto(conn) >= self._text_target[1]

        written, caught_up = await self._write(run, objects=False)
        if caught_up and behind is not None:
            self.text_indexed(behind)
        return written

    async def scrub(self) -> bool:
        """After an erasure (see `text_index.scrub`): drop erased words from the text index
        and truncate the write-ahead log; False if a reader kept the log from being
        truncated (tried again at the next indexing)."""

        def run() -> bool:
            self.space.check(self._give_back_log, derived=True)
            conn = self._conn()
            text_index.scrub(conn)
            for _ in range(5):
                busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if not busy:
                    conn.execute("DELETE FROM search_state WHERE k = 'scrub'")
                    return True
            return False

        return await self._write(run)

    async def text_index_complete(self) -> bool:
        """True once every object's current text is in the full-text index."""
        return await self.read(text_index.complete)

    # -- reads ------------------------------------------------------------------------------

    def continues_chain(self, head: Head) -> bool:
        """Whether an event would be accepted as its author's next one, judged from the heads
        the writer holds in memory: no read, no wait. Off the writer thread the answer may
        be a moment old; `Ingest` uses it only to announce early, which a wrong answer
        costs a follower one check."""
        acc = self._acceptor
        return acc is not None and acc.continues(head)

    async def own_head(self, author: str) -> tuple[int, str | None]:
        def run(conn: sqlite3.Connection) -> tuple[int, str | None]:
            row = conn.execute(
                "SELECT seq, id FROM events WHERE author = ? ORDER BY seq DESC LIMIT 1", (author,)
            ).fetchone()
            return (row[0], row[1]) if row else (0, None)

        return await self.read(run)

    async def unpublished(
        self, limit: int = 500, author: str | None = None, exclude: str | None = None
    ) -> list[tuple[int, str, str, bytes]]:
        """Accepted events not yet acknowledged by the node's stream, oldest first (only
        `author`'s, or all but `exclude`'s). Up to `TRICKLE` of them, of any author, are
        read on the event loop while the writer thread is idle (see `_glance`): with a
        filter, the read may step over many rows."""
        small = limit <= TRICKLE and author is None and exclude is None
        return await self._glance(lambda c: _unpublished(c, limit, author, exclude), small)

    async def is_published(self, n: int) -> bool:
        row = await self.read(
            lambda c: c.execute("SELECT 1 FROM outbox WHERE n = ?", (n,)).fetchone()
        )
        return row is None

    async def own_event_at(self, author: str, seq: int) -> str | None:
        """The id of `author`'s event at `seq` in this store, if any."""
        row = await self.read(
            lambda c: c.execute(
                "SELECT id FROM events WHERE author = ? AND seq = ?", (author, seq)
            ).fetchone()
        )
        return row[0] if row else None

    async def own_events(
        self, author: str, after: int, before: int, limit: int = 500
    ) -> list[tuple[int, str, str, bytes]]:
        """`author`'s stored events with `after < seq < before`, in order, as outbox rows."""
        return await self.read(
            lambda c: c.execute(
                "SELECT n, id, author, raw FROM events WHERE author = ? AND seq > ? AND seq < ?"
                " ORDER BY seq LIMIT ?",
                (author, after, before, limit),
            ).fetchall()
        )

    async def writer_id(self) -> str:
        """This database's random id (see `Transport.take_back_own`)."""
        (writer,) = await self.read(lambda c: c.execute("SELECT id FROM writer").fetchone())
        return str(writer)

    async def own_published(self, author: str) -> int:
        """How many of `author`'s stored events the node's stream acknowledged."""
        (count,) = await self.read(
            lambda c: c.execute(
                "SELECT COUNT(*) FROM events e WHERE author = ? AND NOT EXISTS"
                " (SELECT 1 FROM outbox o WHERE o.n = e.n)",
                (author,),
            ).fetchone()
        )
        return int(count)

    async def own_published_head(self, author: str) -> tuple[int, str | None]:
        """(seq, id) of `author`'s newest event already acknowledged by the stream."""
        row = await self.read(
            lambda c: c.execute(
                "SELECT seq, id FROM events e WHERE author = ? AND NOT EXISTS"
                " (SELECT 1 FROM outbox o WHERE o.n = e.n) ORDER BY seq DESC LIMIT 1",
                (author,),
            ).fetchone()
        )
        return (row[0], row[1]) if row else (0, None)

    async def digest(self, author: str | None = None) -> dict[str, Any]:
        return await self.read(lambda c: view.digest(c, author))
