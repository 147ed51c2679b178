"""Reads made for a client end within their time budget: a query past it is interrupted and
the reader thread is free again; the node's own reads have no budget."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from node.errors import Busy
from node.store import Store, budget

# A query that takes as long as its bound says: SQLite counts, one row at a time (about
# 5,000,000 rows a second here).
COUNT = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?)"
    " SELECT count(*) FROM c"
)


#: About ten seconds of counting.
LONG = 50_000_000


def counting(upto: int):  # type: ignore[no-untyped-def]
    return lambda c: c.execute(COUNT, (upto,)).fetchone()[0]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "node.sqlite", relay=False)
    try:
        yield s
    finally:
        await s.close()


async def test_a_read_past_its_budget_is_interrupted_and_the_reader_is_free(store: Store):
    async def read_within(seconds: float) -> int:
        with budget.within(seconds):
            return await store.read(counting(LONG))

    started = time.monotonic()
    # Two at once: each of the two reader threads runs one.
    answers = await asyncio.gather(read_within(0.3), read_within(0.3), return_exceptions=True)
    waited = time.monotonic() - started
    for answer in answers:
        assert isinstance(answer, Busy), answer
        assert (answer.code, answer.status, answer.retry_after) == ("read_timeout", 503, 5)
        assert "0.3 seconds" in answer.detail
    # The budget, not the query, ended the reads.
    assert waited < 3, waited
    # The readers are free, and their connections carry no budget beyond the block: the
    # node's own reads run as long as they need.
    assert await asyncio.gather(store.read(counting(300_000)), store.read(counting(300_000))) == [
        300_000,
        300_000,
    ]


async def test_a_read_whose_budget_is_spent_before_it_starts_never_runs(store: Store):
    ran: list[bool] = []

    def read(c: sqlite3.Connection) -> int:
        ran.append(True)
        return 1

    with budget.within(0):
        with pytest.raises(Busy):
            await store.read(read)
    assert ran == []
    assert await store.read(read) == 1


async def test_an_error_other_than_the_interrupt_is_not_called_busy(store: Store):
    with budget.within(5), pytest.raises(sqlite3.OperationalError, match="no such table"):
        await store.read(lambda c: c.execute("SELECT * FROM no_such_table").fetchall())


async def test_a_task_started_under_a_budget_reads_without_it(store: Store):
    """A request that starts the node's own work (a follow starts a replication task) does
    not lend that work its budget."""
    with budget.within(0):
        started = asyncio.create_task(store.read(counting(1000)))
        with pytest.raises(Busy):
            await store.read(counting(1000))
    assert await started == 1000
