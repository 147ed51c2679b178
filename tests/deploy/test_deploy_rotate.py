"""`citymesh deploy rotate-key`: the node's identity moves to a new key (SPEC §6.3).

Budget: about 5 s.
"""

from __future__ import annotations

import stat

from helpers import eventually, initiative, view_has
from test_deploy_backup import citymesh


async def test_rotate_key_hands_the_identity_to_a_new_key_that_peers_accept(nodes):
    a = await nodes("A")
    await a.publish("initiative", initiative("Before the rotation"))
    code, out = await citymesh("deploy", "rotate-key", str(a.home.root))
    assert code == 2 and "stop it before rotating" in out  # never while the node runs
    old = a.id
    await a.stop()

    code, out = await citymesh("deploy", "rotate-key", str(a.home.root), "--reason", "compromise")
    assert code == 0, out
    a = await nodes.restart(a)
    assert a.id != old and f"{old} -> {a.id}" in out
    assert stat.S_IMODE(a.home.key_file.stat().st_mode) == 0o600
    kept = list(a.home.root.glob("node.key.*.old"))
    assert len(kept) == 1 and stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    card = await a.card()
    assert card["id"] == a.id and card["profile"]["author"] == a.id

    after = await a.publish("initiative", initiative("After the rotation"))
    b = await nodes("B")
    await b.follow(a.http_url, everything=True)  # the node relays its old chain too
    await eventually(lambda: view_has(b, after.envelope.id), what="new chain replicated")

    async def rotated() -> bool:
        row = await b.store.read(
            lambda c: c.execute(
                "SELECT rotated_to FROM authors WHERE author = ?", (old,)
            ).fetchone()
        )
        return bool(row) and row[0] == a.id

    await eventually(rotated, what="B accepted the old key's rotation to the new one")
    assert b.ingest.rejected.total() == 0


async def test_a_follower_of_the_old_key_follows_the_new_chain_by_itself(nodes):
    a = await nodes("A")
    b = await nodes("B")
    await b.follow(a.http_url)  # only A's own feed, by its (old) id
    before = await a.publish("initiative", initiative("Before the rotation"))
    await eventually(lambda: view_has(b, before.envelope.id))
    old = a.id
    await a.stop()
    code, out = await citymesh("deploy", "rotate-key", str(a.home.root))
    assert code == 0, out
    a = await nodes.restart(a)
    assert a.id != old

    after = await a.publish("initiative", initiative("After the rotation"))
    await eventually(
        lambda: view_has(b, after.envelope.id), timeout=15, what="B follows the new chain"
    )
    assert b.ingest.rejected.total() == 0
