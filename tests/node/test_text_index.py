"""The full-text index follows the view: objects keep their rowid (their event's number), so
rows re-derived or numbers freed below the indexer's mark must still be indexed."""

from __future__ import annotations

from pathlib import Path

from helpers import initiative

from node.store import Store
from protocol import SigningKey, build_event


async def _index_all(store: Store) -> None:
    while await store.index_text():
        pass
    assert await store.text_index_complete()


async def _found(store: Store, word: str) -> list[str]:
    return await store.read(
        lambda c: [
            r[0]
            for r in c.execute(
                "SELECT o.id FROM search JOIN objects o ON o.rowid = search.rowid"
                " WHERE search MATCH ? ORDER BY o.n",
                (word,),
            )
        ]
    )


async def test_an_author_re_derived_after_a_fork_stays_searchable(tmp_path: Path):
    key = SigningKey.generate()
    first = build_event(
        key, seq=1, prev=None, kind="initiative", body=initiative("Alpha desk"), lang="en"
    )
    events = [first]
    for seq, title in ((2, "Beta desk"), (3, "Gamma desk")):
        body = initiative(title)
        prev = events[-1].envelope.id
        events.append(build_event(key, seq=seq, prev=prev, kind="initiative", body=body, lang="en"))
    store = await Store.open(tmp_path / "node.sqlite", relay=False)
    try:
        await store.ingest(events[:2])
        await _index_all(store)  # the indexer's mark is past both objects
        rival = build_event(
            key,
            seq=2,
            prev=first.envelope.id,
            kind="initiative",
            body=initiative("Rival"),
            lang="en",
        )
        results, _, _ = await store.ingest([rival, events[2]])
        assert [getattr(r, "code", r) for r in results] == ["fork", "fork"]

        await _index_all(store)

        # The view stops before the fork: its author's rows were derived again.
        assert await _found(store, "alpha") == [first.envelope.id]
        assert await _found(store, "beta") == []
        assert await _found(store, "desk") == [first.envelope.id]
    finally:
        await store.close()


async def test_an_own_event_after_a_refused_one_is_searchable(tmp_path: Path):
    key = SigningKey.generate()
    store = await Store.open(tmp_path / "node.sqlite")
    try:
        kept, _ = await store.publish_own(key, "initiative", initiative("Kept desk"), "en")
        refused, n = await store.publish_own(key, "initiative", initiative("Refused desk"), "en")
        await _index_all(store)
        await store.undo_own(key.public_id, [n])  # the stream refused it: its number is free

        later, later_n = await store.publish_own(key, "initiative", initiative("Later desk"), "en")
        await _index_all(store)

        assert later_n > n  # not the freed number: that is below the indexer's mark
        assert await _found(store, "later") == [later.envelope.id]
        assert await _found(store, "refused") == []
        assert await _found(store, "desk") == [kept.envelope.id, later.envelope.id]
    finally:
        await store.close()
