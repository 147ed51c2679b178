"""The write-ahead log is copied into the database file by a thread of its own, beside the
writer, once enough rows changed; the writer's own checkpoint stays a distant backstop."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import eventually, initiative_chain

from node.store import Store
from node.store.checkpoint import Checkpointer
from protocol import SigningKey


async def test_committed_pages_reach_the_database_file_beside_the_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "node.sqlite"
    store = await Store.open(path, relay=False)  # its schema: far fewer rows than ROWS
    try:
        before = path.stat().st_size
        monkeypatch.setattr(Checkpointer, "ROWS", 100)
        titles = [f"Desk {i}" for i in range(60)]
        await store.ingest(initiative_chain(SigningKey.generate(), titles))  # 120 rows
        # Far below the writer's own threshold: only the checkpoint thread copies pages.
        await eventually(lambda: path.stat().st_size > before, 10, "pages copied")
        assert (await store.digest())["events"] == 60
    finally:
        await store.close()
