"""Until a node stores erased events, a skeleton it is given is refused with a code, never
an exception: the envelope lets anyone send one (SPEC.md §2.1)."""

from __future__ import annotations

from pathlib import Path

from node.accept import ACCEPTED
from node.store import Store
from protocol import decode_event, skeleton
from protocol.vectors import load

LISBOA = [
    decode_event(v["event"].encode())
    for v in load("valid.json")
    if v["form"] == "full" and v["label"].startswith("lisboa/")
]


async def test_a_skeleton_is_refused_and_its_full_event_still_accepted(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite")
    try:
        assert (await store.ingest(LISBOA[:1]))[0] == [ACCEPTED]
        before = await store.digest()
        for event in LISBOA[1:3]:  # the next one, and one further ahead
            [result] = (await store.ingest([decode_event(skeleton(event))]))[0]
            assert getattr(result, "code", result) == "skeleton_not_supported"
        assert await store.digest() == before
        assert (await store.ingest(LISBOA[1:3]))[0] == [ACCEPTED, ACCEPTED]
    finally:
        await store.close()
