"""Schema migrations carry an existing node's database forward without changing its view."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from node.migrations import migrations


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

    migrations.apply(Database(conn))

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

    migrations.apply(Database(conn))

    assert conn.execute("SELECT v FROM search_config WHERE k = 'automerge'").fetchone() == (8,)
    found = conn.execute("SELECT count(*) FROM search WHERE search MATCH 'welcome'").fetchone()
    assert found == (100,)
    conn.execute("INSERT INTO search (rowid, text) VALUES (101, 'welcome centre')")
    assert conn.execute("SELECT rowid FROM search WHERE search MATCH 'centre'").fetchall() == [
        (101,)
    ]
