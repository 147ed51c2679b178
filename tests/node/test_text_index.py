"""The full-text index follows the view: objects keep their rowid (their event's number), so
rows re-derived or numbers freed below the indexer's mark must still be indexed; a batch
prepared ahead never writes stale words."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers import initiative, initiative_chain

from node.store import Store, queries, text_index
from node.store.words import TOKENIZER, query_words, texts_of
from protocol import Event, SigningKey, build_event


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


async def test_an_object_updated_after_its_batch_was_read_gets_its_new_words(tmp_path: Path):
    key = SigningKey.generate()
    (alpha,) = initiative_chain(key, ["Alpha desk"])
    store = await Store.open(tmp_path / "node.sqlite", relay=False)
    try:
        await store.ingest([alpha])
        batch, texts = await store.read(lambda c: text_index.prepare(c, 400))
        assert "Alpha desk" in texts[0]
        update = build_event(
            key,
            seq=2,
            prev=alpha.envelope.id,
            kind="update",
            body={"event": alpha.envelope.id, "body": initiative("Omega desk")},
            lang="en",
        )
        await store.ingest([update])

        assert await store.write_text(batch, texts) == 0  # read before the update: left out
        await _index_all(store)

        assert await _found(store, "omega") == [alpha.envelope.id]
        assert await _found(store, "alpha") == []
    finally:
        await store.close()


async def test_a_batch_read_before_a_write_is_checked_even_when_its_count_is_known(
    tmp_path: Path,
):
    """A batch is written without reading its objects again only if no write that may
    change objects ended since it was read."""
    key = SigningKey.generate()
    (alpha,) = initiative_chain(key, ["Alpha desk"])
    store = await Store.open(tmp_path / "node.sqlite", relay=False)
    try:
        await store.ingest([alpha])
        read_at = store.object_writes()
        batch, texts = await store.read(lambda c: text_index.prepare(c, 400))
        update = _update(key, alpha, alpha, "Omega desk")
        await store.ingest([update])

        assert await store.write_text(batch, texts, read_at) == 0  # stale: left out
        await _index_all(store)
        assert await _found(store, "omega") == [alpha.envelope.id]
        assert await _found(store, "alpha") == []
    finally:
        await store.close()


async def test_a_batch_read_above_the_mark_lists_what_it_skipped(tmp_path: Path):
    """Nothing written since its read, but read from above the mark (as the batch prepared
    ahead of one whose write failed): the objects it skipped are still indexed."""
    key = SigningKey.generate()
    events = initiative_chain(key, ["Alpha desk", "Beta desk", "Gamma desk"])
    store = await Store.open(tmp_path / "node.sqlite", relay=False)
    try:
        await store.ingest(events)
        read_at = store.object_writes()
        # Above the first object (its rowid is its event's number: 1).
        batch, texts = await store.read(lambda c: text_index.prepare(c, 400, after=1))
        assert [row[0] for row in batch.rows] == [2, 3]

        assert await store.write_text(batch, texts, read_at) == 2
        await _index_all(store)
        assert await _found(store, "desk") == [e.envelope.id for e in events]
    finally:
        await store.close()


async def test_a_query_word_the_tokenizer_splits_matches_its_parts_anywhere(tmp_path: Path):
    """The index keeps no positions: "São-Paulo" or "e-mail" in a query are two words each,
    asked for alone, never a phrase (an error in such an index)."""
    key = SigningKey.generate()
    events = initiative_chain(
        key, ["Welcome desk in Sao Paulo", "Paulo's e-mail desk, São Bernardo", "Mail room"]
    )
    store = await Store.open(tmp_path / "node.sqlite", relay=False)
    try:
        await store.ingest(events)
        await _index_all(store)

        async def search(q: str) -> list[str]:
            page = await store.read(lambda c: queries.initiatives(c, queries.Filters(q=q)))
            return sorted(item.id for item in page.items)

        ids = [e.envelope.id for e in events]
        assert await search("São-Paulo") == sorted(ids[:2])
        assert await search("E-MAIL") == [ids[1]]
        assert await search("desk  sao-paulo welcome") == [ids[0]]
    finally:
        await store.close()


def test_query_words_are_the_index_tokenizers_words():
    assert query_words('São-Paulo "e-mail" NEAR(x OR Ünïcödé') == [
        "sao",
        "paulo",
        "e",
        "mail",
        "near",
        "x",
        "or",
        "unicode",
    ]
    assert query_words("") == query_words("!!! -- ''") == []
    assert query_words("desk desk Desk") == ["desk"]


async def test_the_index_and_the_queries_split_text_alike(tmp_path: Path):
    """The table's declared tokenizer is the one queries are split with."""
    store = await Store.open(tmp_path / "node.sqlite", relay=False)
    try:
        (sql,) = await store.read(
            lambda c: c.execute("SELECT sql FROM sqlite_master WHERE name = 'search'").fetchone()
        )
    finally:
        await store.close()
    assert f"tokenize = '{TOKENIZER}'" in sql and "detail = none" in sql


async def test_a_backlog_indexed_in_pipelined_batches_is_all_searchable(tmp_path: Path):
    key = SigningKey.generate()
    events = initiative_chain(key, [f"Desk number{i}" for i in range(23)])
    store = await Store.open(tmp_path / "node.sqlite", relay=False)
    try:
        await store.ingest(events)
        # Batches of five: each next one is read while the last is written.
        assert await text_index.index_all(store, limit=5) == 23
        assert await store.text_index_complete()
        assert await _found(store, "desk") == [e.envelope.id for e in events]
        assert await _found(store, "number17") == [events[17].envelope.id]
    finally:
        await store.close()


def _update(key: SigningKey, prev: Event, target: Event, title: str) -> Event:
    body = {"event": target.envelope.id, "body": initiative(title)}
    seq = prev.envelope.seq + 1
    return build_event(key, seq=seq, prev=prev.envelope.id, kind="update", body=body, lang="en")


def _words_held_and_due(path: Path) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    """Every (word, object, position) the index holds, and those an index built afresh from
    every object's current body holds."""
    conn = sqlite3.connect(path)
    try:
        conn.execute(
            "CREATE VIRTUAL TABLE temp.fresh USING fts5(text, content = '', detail = none,"
            f" tokenize = '{TOKENIZER}')"
        )
        rows = conn.execute("SELECT rowid, body FROM objects").fetchall()
        texts = texts_of([body for _, body in rows])
        conn.executemany(
            "INSERT INTO temp.fresh (rowid, text) VALUES (?, ?)",
            [(rowid, text) for (rowid, _), text in zip(rows, texts, strict=True)],
        )
        conn.execute("CREATE VIRTUAL TABLE temp.held USING fts5vocab(main, search, 'instance')")
        conn.execute("CREATE VIRTUAL TABLE temp.due USING fts5vocab(temp, fresh, 'instance')")
        held = set(conn.execute("SELECT * FROM temp.held"))
        due = set(conn.execute("SELECT * FROM temp.due"))
    finally:
        conn.close()
    return held, due


async def test_the_index_holds_each_objects_current_words_and_no_others(tmp_path: Path):
    """The index keeps no text: an object's old words are worked out again from its body as
    it changes or goes. After updates (of objects indexed and not yet indexed, twice before
    an indexing), an erasure, an author re-derived after a fork and an own event undone, each
    between indexing passes, it holds exactly what an index built afresh would."""
    path = tmp_path / "node.sqlite"
    key, forked, own = SigningKey.generate(), SigningKey.generate(), SigningKey.generate()
    chain = initiative_chain(key, ["Alpha desk", "Beta desk", "Gamma desk", "Delta desk"])
    rivals = initiative_chain(forked, ["Kappa hall", "Lambda hall"])
    store = await Store.open(path)  # relaying: an own event refused by the stream is undone
    try:
        await store.ingest([*chain, *rivals])
        await _index_all(store)
        # An indexed object updated twice before the next indexing.
        first = _update(key, chain[-1], chain[0], "Omega desk")
        second = _update(key, first, chain[0], "Sigma desk")
        await store.ingest([first, second])
        await _index_all(store)
        # A new object updated before it is indexed, and an indexed one updated again.
        fresh = build_event(
            key,
            seq=second.envelope.seq + 1,
            prev=second.envelope.id,
            kind="initiative",
            body=initiative("Epsilon desk"),
            lang="en",
        )
        again = _update(key, fresh, fresh, "Zeta desk")
        third = _update(key, again, chain[2], "Theta desk")
        await store.ingest([fresh, again, third])
        await _index_all(store)
        # Erased by the operator: its words go with its body.
        await store.erase(chain[1].envelope.id, "personal_data")
        # A fork: the author's rows are derived again, without the second object.
        fork = build_event(
            forked,
            seq=2,
            prev=rivals[0].envelope.id,
            kind="initiative",
            body=initiative("Mu hall"),
            lang="en",
        )
        await store.ingest([fork])
        # An own event refused by the stream, after it was indexed.
        await store.publish_own(own, "initiative", initiative("Nu square"), "en")
        _, n = await store.publish_own(own, "initiative", initiative("Xi square"), "en")
        await _index_all(store)
        await store.undo_own(own.public_id, [n])
        await _index_all(store)

        held, due = _words_held_and_due(path)
        assert held == due
        words = {word for word, *_ in held}
        assert {"sigma", "zeta", "theta", "kappa", "nu"} <= words
        gone = {"alpha", "omega", "epsilon", "gamma", "beta", "lambda", "mu", "xi"}
        assert not words & gone, words & gone
    finally:
        await store.close()
