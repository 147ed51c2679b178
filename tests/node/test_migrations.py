"""Schema migrations carry an existing node's database forward without changing its view."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from helpers import initiative_chain
from sqlite_utils import Database

from node.store import Store
from node.store.migrations import migrations
from protocol import SigningKey

M006 = "m006_objects_keyed_by_event_number"


def test_versions_keep_only_updates_and_the_view_still_lists_every_version(tmp_path: Path):
    conn = sqlite3.connect(tmp_path / "node.sqlite", isolation_level=None)
    migrations.apply(Database(conn), stop_before="m003_versions_of_updates_only")
    conn.execute(
        "INSERT INTO objects (id, author, seq, kind, lang, body, version_id, created_at,"
        " updated_at, n) VALUES ('o1', 'a', 1, 'initiative', 'en', '{}', 'u1', 't', 't', 1)"
    )
    conn.executemany(
        "INSERT INTO versions (version_id, object_id, author) VALUES (?, ?, 'a')",
        [("o1", "o1"), ("u1", "o1")],
    )
    before = conn.execute("SELECT version_id, object_id FROM versions ORDER BY 1").fetchall()

    migrations.apply(Database(conn), stop_before=M006)

    assert conn.execute("SELECT version_id FROM versions").fetchall() == [("u1",)]
    after = conn.execute("SELECT version_id, object_id FROM all_versions ORDER BY 1").fetchall()
    assert after == before == [("o1", "o1"), ("u1", "o1")]


def test_the_text_index_keeps_its_rows_when_it_starts_merging_less_often(tmp_path: Path):
    conn = sqlite3.connect(tmp_path / "node.sqlite", isolation_level=None)
    migrations.apply(Database(conn), stop_before="m005_text_index_merges_less_often")
    conn.executemany(
        "INSERT INTO search (rowid, text) VALUES (?, ?)",
        [(i, f"welcome desk {i}") for i in range(1, 101)],
    )

    migrations.apply(Database(conn), stop_before=M006)

    assert conn.execute("SELECT v FROM search_config WHERE k = 'automerge'").fetchone() == (8,)
    found = conn.execute("SELECT count(*) FROM search WHERE search MATCH 'welcome'").fetchone()
    assert found == (100,)
    conn.execute("INSERT INTO search (rowid, text) VALUES (101, 'welcome centre')")
    assert conn.execute("SELECT rowid FROM search WHERE search MATCH 'centre'").fetchall() == [
        (101,)
    ]


async def test_objects_are_keyed_by_their_event_number_and_the_text_index_is_built_again(
    tmp_path: Path,
):
    path = tmp_path / "node.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply(Database(conn), stop_before=M006)
    # Old rowids differ from the events' numbers (10, 20) and are in the text index.
    conn.executemany(
        "INSERT INTO events (n, id, author, seq, kind, created_at, raw)"
        " VALUES (?, ?, 'a', ?, ?, 't', '')",
        [(10, "e1", 1, "initiative"), (20, "e2", 2, "update")],
    )
    conn.execute(
        "INSERT INTO objects (rowid, id, author, seq, kind, lang, body, version_id, version,"
        " created_at, updated_at, n) VALUES (1, 'e1', 'a', 1, 'initiative', 'en',"
        " '{\"title\":{\"en\":\"welcome desk\"}}', 'e2', 2, 't', 't', 10)"
    )
    conn.execute("INSERT INTO versions (version_id, object_id, author) VALUES ('e2', 'e1', 'a')")
    conn.execute("INSERT INTO search (rowid, text) VALUES (1, 'welcome desk')")
    conn.execute("INSERT INTO search_state (k, v) VALUES ('rowid', 1)")
    # A catch-up stopped with an index set aside: the migration builds every objects index.
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'objects_author'").fetchone()
    conn.execute("INSERT INTO deferred_indexes (name, sql) VALUES ('objects_author', ?)", sql)
    conn.execute("DROP INDEX objects_author")
    view_before = conn.execute("SELECT id, body, version_id, version FROM objects").fetchall()
    versions_before = conn.execute("SELECT * FROM all_versions ORDER BY 1").fetchall()

    migrations.apply(Database(conn))

    assert conn.execute("SELECT rowid, n FROM objects").fetchall() == [(10, 10)]
    assert conn.execute("SELECT id, body, version_id, version FROM objects").fetchall() == (
        view_before
    )
    assert conn.execute("SELECT * FROM all_versions ORDER BY 1").fetchall() == versions_before
    assert versions_before == [("e1", "e1", "a"), ("e2", "e1", "a")]
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"objects_id", "objects_kind", "objects_author", "objects_ref"} <= indexes
    assert conn.execute("SELECT count(*) FROM deferred_indexes").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM search").fetchone() == (0,)
    conn.close()

    store = await Store.open(path)
    try:
        assert not await store.text_index_complete()
        while await store.index_text():
            pass
        assert await store.text_index_complete()
        found = await store.read(
            lambda c: c.execute("SELECT rowid FROM search WHERE search MATCH 'welcome'").fetchall()
        )
        assert found == [(10,)]
    finally:
        await store.close()


def test_follows_held_before_keep_their_targets_when_the_expression_index_goes(tmp_path: Path):
    path = tmp_path / "node.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply(Database(conn), stop_before="m010_follow_targets_in_ref")
    rows = [
        # n, author, kind, body: a profile, two follows of it, an erased follow, another kind.
        (1, "city", "profile", '{"name":{"en":"Lisboa"},"node_type":"municipality"}'),
        (2, "movement", "follow", '{"author":"city"}'),
        (3, "association", "follow", '{"author":"city"}'),
        (4, "association", "follow", '{"erased":{"on":null,"reason":null,"note":"erased"}}'),
        (5, "city", "initiative", '{"author":"not a target"}'),
    ]
    for n, author, kind, body in rows:
        conn.execute(
            "INSERT INTO objects (id, author, seq, kind, lang, body, version_id, created_at,"
            " updated_at, n) VALUES (?, ?, ?, ?, 'en', ?, ?, 't', 't', ?)",
            (f"e{n}", author, n, kind, body, f"e{n}", n),
        )

    migrations.apply(Database(conn))

    refs = conn.execute("SELECT n, ref FROM objects ORDER BY n").fetchall()
    assert refs == [(1, None), (2, "city"), (3, "city"), (4, None), (5, None)]
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "objects_follow_target" not in indexes
    conn.close()


async def test_the_text_index_drops_its_copy_of_the_text_and_is_built_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    path = tmp_path / "node.sqlite"
    key = SigningKey.generate()
    store = await Store.open(path, relay=False)
    try:
        await store.ingest(initiative_chain(key, ["Welcome desk", "Language café"]))
        while await store.index_text():
            pass
    finally:
        await store.close()
    # As a node indexed before this migration: its index kept a copy of each object's text.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(
        "DELETE FROM _sqlite_migrations WHERE name IN"
        " ('m012_text_index_without_its_text', 'm013_text_index_without_positions')"
    )
    conn.executescript(
        """
        DROP TABLE search;
        CREATE VIRTUAL TABLE search USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
        INSERT INTO search (rowid, text) SELECT rowid, 'welcome desk' FROM objects LIMIT 1;
        """
    )
    conn.close()

    with caplog.at_level(logging.WARNING, logger="citymesh.store"):
        store = await Store.open(path, relay=False)
    # The operator is told why this start takes longer.
    assert (
        "updating this node's database (m012_text_index_without_its_text,"
        " m013_text_index_without_positions)" in caplog.text
    )
    try:
        tables = await store.read(
            lambda c: {r[0] for r in c.execute("SELECT name FROM sqlite_master")}
        )
        assert "search" in tables and "search_content" not in tables
        assert not await store.text_index_complete()
        while await store.index_text():
            pass
        assert await store.text_index_complete()
        found = await store.read(
            lambda c: c.execute("SELECT count(*) FROM search WHERE search MATCH 'cafe'").fetchone()
        )
        assert found == (1,)
    finally:
        await store.close()
