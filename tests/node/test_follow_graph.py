"""The network listing finds a node's followers through an index, whatever the follows held."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from node.store import Store, queries
from protocol import Event, SigningKey, build_event


def _profile(key: SigningKey, name: str) -> Event:
    body = {"name": {"en": name}, "node_type": "municipality"}
    return build_event(key, seq=1, prev=None, kind="profile", body=body, lang="en")


def _follows(key: SigningKey, targets: list[str], after: Event | None = None) -> list[Event]:
    events = [after] if after else []
    for target in targets:
        last = events[-1].envelope if events else None
        events.append(
            build_event(
                key,
                seq=last.seq + 1 if last else 1,
                prev=last.id if last else None,
                kind="follow",
                body={"author": target},
                lang="en",
            )
        )
    return events[1:] if after else events


def _steps(conn: sqlite3.Connection) -> tuple[queries.Page[queries.NodeItem], int]:
    """The listing, and how many SQLite virtual machine steps it took."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    conn.set_progress_handler(count, 1)
    try:
        return queries.nodes(conn, queries.Filters()), steps
    finally:
        conn.set_progress_handler(None, 0)


async def test_the_nodes_listing_reads_no_more_when_other_nodes_follow_more(tmp_path: Path):
    store = await Store.open(tmp_path / "db.sqlite", relay=False)
    city, movement = SigningKey.generate(), SigningKey.generate()
    profiles = [_profile(city, "Lisboa"), _profile(movement, "Migrants' association")]
    await store.ingest([*profiles, *_follows(movement, [city.public_id], profiles[1])])
    # A crowd with no profile (it is not listed) that follows nodes that are not here.
    crowd = SigningKey.generate()
    chain = _follows(crowd, [SigningKey.generate().public_id for _ in range(1000)])
    await store.ingest(chain[:10])
    page, before = await store.read(_steps)
    await store.ingest(chain[10:])
    page, after = await store.read(_steps)

    listed = {item.id: item for item in page.items}
    assert set(listed) == {city.public_id, movement.public_id}
    assert listed[city.public_id].followers == [movement.public_id]
    assert listed[movement.public_id].follows == [city.public_id]
    # 990 more follows held, none of them of a listed node: the listing does the same work
    # (without an index on the follows' targets: 485 steps, then 16,325).
    assert after <= before * 1.1, (before, after)
    await store.close()


async def test_an_erased_follow_leaves_no_gap_in_the_follow_graph(tmp_path: Path):
    store = await Store.open(tmp_path / "db.sqlite", relay=False)
    city, movement = SigningKey.generate(), SigningKey.generate()
    profiles = [_profile(city, "Lisboa"), _profile(movement, "Migrants' association")]
    (follow,) = _follows(movement, [city.public_id], profiles[1])
    erasure = build_event(
        movement,
        seq=3,
        prev=follow.envelope.id,
        kind="erasure",
        body={"events": [follow.envelope.id], "reason": "personal_data"},
        lang="en",
    )
    await store.ingest([*profiles, follow, erasure])

    page = await store.read(lambda conn: queries.nodes(conn, queries.Filters()))

    listed = {item.id: item for item in page.items}
    assert listed[movement.public_id].follows == []
    assert listed[city.public_id].followers == []
    await store.close()
