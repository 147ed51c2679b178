"""Multi-row inserts write every row once, whatever the batch length."""

from __future__ import annotations

import sqlite3

import pytest

from node.store.bulk import CHUNK, insert_rows


@pytest.mark.parametrize("count", [0, 1, CHUNK - 1, CHUNK, 2 * CHUNK + 7])
def test_every_row_is_inserted_once_in_order(count: int) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (n INTEGER, s TEXT)")
    rows = [(i, f"row {i}") for i in range(count)]
    insert_rows(conn, "INSERT INTO t (n, s)", rows, 2)
    assert conn.execute("SELECT n, s FROM t ORDER BY rowid").fetchall() == rows
