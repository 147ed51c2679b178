"""The node database's schema, changed only through these registered migrations."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("citymesh")


@migrations()
def m001_events(db: Database) -> None:
    db.executescript(
        """
        -- Accepted events: every author's chain, contiguous from 1. `n` is local arrival order.
        CREATE TABLE events (
            n INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            author TEXT NOT NULL,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            created_at TEXT NOT NULL,
            raw BLOB NOT NULL
        );
        CREATE UNIQUE INDEX events_chain ON events(author, seq);
        CREATE INDEX events_kind ON events(kind, n);
        -- Accepted events not yet acknowledged by the node's stream (a small table of its
        -- own, so that acknowledging never rewrites the large event rows).
        CREATE TABLE outbox (n INTEGER PRIMARY KEY);
        -- Authors with a fork: their view stops before `forked_at`; both events are evidence.
        CREATE TABLE forks (
            author TEXT NOT NULL,
            seq INTEGER NOT NULL,
            id TEXT NOT NULL PRIMARY KEY,
            raw BLOB NOT NULL
        );
        CREATE TABLE authors (
            author TEXT PRIMARY KEY,
            forked_at INTEGER,
            rotated_at INTEGER,
            rotated_to TEXT
        );
        -- Peers we replicate from, and what we take from each, with a persisted cursor.
        CREATE TABLE peers (
            url TEXT PRIMARY KEY,
            node TEXT NOT NULL,
            card TEXT NOT NULL
        );
        CREATE TABLE subscriptions (
            peer TEXT NOT NULL,
            filter TEXT NOT NULL,
            cursor INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (peer, filter)
        );
        """
    )


@migrations()
def m002_view(db: Database) -> None:
    db.executescript(
        """
        -- Current state of every object-like event (updates applied, retractions marked).
        CREATE TABLE objects (
            id TEXT PRIMARY KEY,
            author TEXT NOT NULL,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            lang TEXT NOT NULL,
            body TEXT NOT NULL,
            version_id TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            status TEXT,
            category TEXT,
            start TEXT,
            ref TEXT,
            retracted TEXT,
            n INTEGER NOT NULL
        );
        CREATE INDEX objects_kind ON objects(kind, n);
        CREATE INDEX objects_author ON objects(author, kind, n);
        CREATE INDEX objects_ref ON objects(ref);
        CREATE INDEX objects_category ON objects(kind, category);
        CREATE INDEX objects_start ON objects(kind, start);
        CREATE TABLE nodes (
            author TEXT PRIMARY KEY,
            profile_id TEXT NOT NULL,
            name TEXT NOT NULL,
            node_type TEXT NOT NULL,
            country TEXT,
            body TEXT NOT NULL,
            lang TEXT NOT NULL
        );
        -- Every version of every object: the original event and each update of it, so answers
        -- and endorsements can name the exact version they refer to.
        CREATE TABLE versions (
            version_id TEXT PRIMARY KEY,
            object_id TEXT NOT NULL,
            author TEXT NOT NULL
        ) WITHOUT ROWID;  -- one B-tree keyed by version id instead of a table and an index
        CREATE INDEX versions_object ON versions(object_id);
        CREATE TABLE identities (
            key TEXT PRIMARY KEY,
            root TEXT NOT NULL
        );
        -- Full text of every object in all its languages; rowid = objects.rowid. Filled
        -- after each commit by the indexer, off the acceptance path.
        CREATE VIRTUAL TABLE search USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
        CREATE TABLE search_state (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
        -- Objects whose text changed after they were indexed (updates).
        CREATE TABLE search_dirty (rowid INTEGER PRIMARY KEY);
        """
    )


@migrations()
def m003_versions_of_updates_only(db: Database) -> None:
    db.executescript(
        """
        -- An object's first version is the object itself: `versions` keeps only updates, and
        -- `all_versions` adds the originals back. Two fewer random-key B-tree inserts for
        -- nearly every accepted event.
        DELETE FROM versions WHERE version_id = object_id;
        CREATE VIEW all_versions AS
            SELECT id AS version_id, id AS object_id, author FROM objects
            UNION ALL
            SELECT version_id, object_id, author FROM versions;
        """
    )


@migrations()
def m004_deferred_indexes(db: Database) -> None:
    db.executescript(
        """
        -- Query indexes dropped while a large backlog is stored, to be built again (see
        -- node/deferred.py): their SQL, kept until they exist again.
        CREATE TABLE deferred_indexes (name TEXT PRIMARY KEY, sql TEXT NOT NULL);
        """
    )


@migrations()
def m005_text_index_merges_less_often(db: Database) -> None:
    # FTS5 merges a level's segments once 8 of them exist instead of 4: indexing is faster,
    # and a search for a word found in nearly every object reads more segments, still fast.
    db.execute("INSERT INTO search (search, rank) VALUES ('automerge', 8)")


@migrations()
def m006_objects_keyed_by_event_number(db: Database) -> None:
    db.executescript(
        """
        -- An object's rowid is now the local number `n` of the event that created it, and
        -- acceptance finds an object through `events.id`: one random-key index per accepted
        -- event instead of two (storing 1,000,000 events: 71 s against 88.5 s).
        -- `objects_id` remains for queries; a large catch-up sets it aside (see deferred).
        DROP VIEW all_versions;
        CREATE TABLE objects_by_n (
            id TEXT NOT NULL,
            author TEXT NOT NULL,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            lang TEXT NOT NULL,
            body TEXT NOT NULL,
            version_id TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            status TEXT,
            category TEXT,
            start TEXT,
            ref TEXT,
            retracted TEXT,
            n INTEGER PRIMARY KEY
        );
        INSERT INTO objects_by_n SELECT id, author, seq, kind, lang, body, version_id, version,
            created_at, updated_at, status, category, start, ref, retracted, n FROM objects;
        DROP TABLE objects;
        ALTER TABLE objects_by_n RENAME TO objects;
        CREATE UNIQUE INDEX objects_id ON objects(id);
        CREATE INDEX objects_kind ON objects(kind, n);
        CREATE INDEX objects_author ON objects(author, kind, n);
        CREATE INDEX objects_ref ON objects(ref);
        CREATE INDEX objects_category ON objects(kind, category);
        CREATE INDEX objects_start ON objects(kind, start);
        -- Built above even if a stopped catch-up had set them aside.
        DELETE FROM deferred_indexes WHERE name LIKE 'objects%';
        CREATE VIEW all_versions AS
            SELECT e.id AS version_id, e.id AS object_id, o.author
            FROM objects o JOIN events e ON e.n = o.n
            UNION ALL
            SELECT version_id, object_id, author FROM versions;
        -- The text index was keyed by the old rowids: it is built again, in the background.
        DROP TABLE search;
        CREATE VIRTUAL TABLE search USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
        INSERT INTO search (search, rank) VALUES ('automerge', 8);
        DELETE FROM search_dirty;
        DELETE FROM search_state WHERE k = 'rowid';
        """
    )


@migrations()
def m007_fediverse(db: Database) -> None:
    db.executescript(
        """
        -- Fediverse accounts that follow this node's actor, and where to deliver to them.
        CREATE TABLE fediverse_followers (
            actor TEXT PRIMARY KEY,
            inbox TEXT NOT NULL,
            shared_inbox TEXT,
            since TEXT NOT NULL
        );
        -- Activities still to deliver, one row per remote inbox: an own event (`n`, rendered
        -- when sent) or a literal activity (an Accept). `first_try` bounds how long a server
        -- that does not answer is kept; `due` is the next try.
        CREATE TABLE fediverse_deliveries (
            id INTEGER PRIMARY KEY,
            inbox TEXT NOT NULL,
            n INTEGER,
            activity BLOB,
            first_try REAL NOT NULL,
            due REAL NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX fediverse_deliveries_due ON fediverse_deliveries(inbox, due);
        -- `fanned_out`: the sequence number of the newest own event already turned into
        -- deliveries, set to the head on the first start: followers get what comes after.
        CREATE TABLE fediverse_state (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
        """
    )


@migrations()
def m008_erasures(db: Database) -> None:
    db.executescript(
        """
        -- Events whose body this node erased (SPEC.md §6.4), or received already erased
        -- (their skeletons): `reason` and `at` (a date) once an erasure names them, `source`
        -- the author's erasure event id, or 'operator' for this node's operator. A row is
        -- never removed: a full copy offered again stays a duplicate.
        CREATE TABLE erasures (
            id TEXT PRIMARY KEY,
            author TEXT NOT NULL,
            reason TEXT,
            at TEXT,
            source TEXT
        );
        -- Erased events whose full copy may still be in the node's stream: the transport
        -- deletes it there (erasing its bytes) and publishes the skeleton, then the row goes.
        CREATE TABLE stream_erasures (id TEXT PRIMARY KEY, author TEXT NOT NULL);
        """
    )


@migrations()
def m009_follow_targets(db: Database) -> None:
    # The network listing finds each node's followers by the followed id in the follows'
    # bodies: without this index it read every follow held for every node it listed. The
    # expression and the condition are the query's own (`queries.nodes`), or SQLite would
    # not use it. Only follows are in it, but storing any object paid for it: m010 replaces it.
    db.execute(
        "CREATE INDEX objects_follow_target ON objects (json_extract(body, '$.author'))"
        " WHERE kind = 'follow'"
    )


@migrations()
def m010_follow_targets_in_ref(db: Database) -> None:
    db.executescript(
        """
        -- A follow's target is its `ref` (see view.REF_FIELDS), found through `objects_ref`,
        -- which every object row updates anyway. The expression index it replaces cost every
        -- object stored, follow or not, about a third of its insert (bench/RESULTS.md).
        DROP INDEX IF EXISTS objects_follow_target;
        UPDATE objects SET ref = json_extract(body, '$.author')
            WHERE kind = 'follow' AND json_type(body, '$.author') = 'text';
        """
    )


@migrations()
def m011_writer(db: Database) -> None:
    # This database's own id, random: the node's own events carry it in the stream
    # (`Citymesh-Writer`), so that a start takes back from the stream only what this
    # database lost in a power cut, never what another process writing as the node published.
    db.executescript(
        """
        CREATE TABLE writer (id TEXT NOT NULL);
        INSERT INTO writer (id) VALUES (lower(hex(randomblob(16))));
        """
    )


@migrations()
def m012_text_index_without_its_text(db: Database) -> None:
    db.executescript(
        """
        -- The text index keeps no copy of the text (see text_index.forget): a sixth of the
        -- bytes per event, and no third copy of an erased body to delete. Built again, in
        -- the background, as m006 did.
        DROP TABLE search;
        CREATE VIRTUAL TABLE search USING fts5(
            text, content = '', tokenize = 'unicode61 remove_diacritics 2'
        );
        INSERT INTO search (search, rank) VALUES ('automerge', 8);
        DELETE FROM search_dirty;
        DELETE FROM search_state WHERE k = 'rowid';
        """
    )


@migrations()
def m013_text_index_without_positions(db: Database) -> None:
    db.executescript(
        """
        -- The text index keeps which objects hold a word, not where (detail = none): FTS5's
        -- inserts are cheaper and its pages fewer (bench/RESULTS.md, round 28), and a query
        -- asks for each word alone (words.query_words). Built again, in the background, as
        -- m012 did.
        DROP TABLE search;
        CREATE VIRTUAL TABLE search USING fts5(
            text, content = '', detail = none, tokenize = 'unicode61 remove_diacritics 2'
        );
        INSERT INTO search (search, rank) VALUES ('automerge', 8);
        DELETE FROM search_dirty;
        DELETE FROM search_state WHERE k = 'rowid';
        """
    )
