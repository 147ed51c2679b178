"""Acceptance of a batch: duplicates and forks."""

from __future__ import annotations

from helpers import initiative, initiative_chain

from node.store import Store
from protocol import SigningKey, build_event, trusted_event


async def test_fork_evidence_delivered_again_is_a_duplicate(tmp_path):
    store = await Store.open(tmp_path / "db.sqlite", relay=False)
    key = SigningKey.generate()
    events = initiative_chain(key, [f"Welcome desk {i}" for i in range(1, 5)])
    await store.ingest(events)
    rival = build_event(
        key,
        seq=3,
        prev=events[1].envelope.id,
        kind="initiative",
        body=initiative("Rival"),
        lang="en",
    )
    results, _, _ = await store.ingest([trusted_event(rival.raw)])
    assert results[0].code == "fork"
    # The author is forked now: its evidence is found by id, whatever its sequence.
    again = [trusted_event(rival.raw), trusted_event(events[3].raw)]
    results, _, _ = await store.ingest(again)
    assert results == ["duplicate", "duplicate"]
    await store.close()
