"""A follower's server that is down delays no one else, and gets its deliveries when it is back,
after a restart of the node too: the queue is in the node's database."""

from __future__ import annotations

import sqlite3
import time

import pytest
from fediverse_helpers import acct, fediverse_node
from helpers import eventually, initiative

from node.app import Node

pytestmark = pytest.mark.slow


async def _got(account, object_url: str) -> bool:
    return any(a["object"] == object_url for a in await account.received("Create"))


def _queued(node: Node) -> list[str]:
    with sqlite3.connect(node.home.db) as conn:
        return [r[0] for r in conn.execute("SELECT inbox FROM fediverse_deliveries")]


async def test_a_down_server_delays_nothing_else_and_gets_its_deliveries_back(tmp_path, followers):
    city = await fediverse_node(tmp_path, "Lisboa", timeout=2.0)
    restarted: Node | None = None
    try:
        alice, bob = await followers("alice"), await followers("bob")
        for account in (alice, bob):
            await account.follow(acct(city))
            await eventually(lambda a=account: a.received("Accept"), what="the Accept")
        obj = city.fediverse.urls.object

        # bob's server stops answering: its socket stays open, connections hang.
        bob.pause()
        start = time.monotonic()
        first = await city.publish("initiative", initiative("Casa primeiro", lang="pt"))
        await eventually(lambda: _got(alice, obj(first.envelope.id)), timeout=2, what="alice")
        assert time.monotonic() - start < 2
        bob.resume()
        await eventually(lambda: _got(bob, obj(first.envelope.id)), what="bob, once back")

        # Down again, and the node restarts before bob comes back.
        bob.pause()
        second = await city.publish("initiative", initiative("Hortas", lang="pt"))
        await eventually(lambda: _got(alice, obj(second.envelope.id)), timeout=2, what="alice")
        bobs = [f"{bob.url}/inbox"]
        await eventually(lambda: _queued(city) == bobs, what="only bob's delivery to wait")
        await city.stop()
        assert _queued(city) == bobs
        bob.resume()
        restarted = Node(city.home)
        await restarted.start()
        await eventually(lambda: _got(bob, obj(second.envelope.id)), what="bob, after restart")
        await eventually(lambda: not _queued(city), what="the queue to empty")
        creates = [a["object"] for a in await alice.received("Create")]
        assert creates == [obj(first.envelope.id), obj(second.envelope.id)]
    finally:
        await city.stop()
        if restarted is not None:
            await restarted.stop()


async def test_an_event_stored_while_delivery_was_stopped_is_delivered_after_a_restart(
    tmp_path, followers
):
    city = await fediverse_node(tmp_path, "Lisboa")
    restarted: Node | None = None
    try:
        alice = await followers("alice")
        await alice.follow(acct(city))
        await eventually(lambda: alice.received("Accept"), what="the Accept")
        await city.fediverse.stop()  # as if the process died right after storing the event
        event = await city.publish("initiative", initiative("Casa primeiro", lang="pt"))
        await city.stop()
        assert not await alice.received("Create")

        restarted = Node(city.home)
        await restarted.start()
        url = city.fediverse.urls.object(event.envelope.id)
        await eventually(lambda: _got(alice, url), what="the Create, after the restart")
    finally:
        await city.stop()
        if restarted is not None:
            await restarted.stop()


async def test_a_server_gone_for_longer_than_the_bound_is_dropped_with_its_followers(
    tmp_path, followers, caplog
):
    city = await fediverse_node(tmp_path, "Lisboa", give_up_after=1.0)
    try:
        alice = await followers("alice")
        await alice.follow(acct(city))
        await eventually(lambda: alice.received("Accept"), what="the Accept")
        await alice.stop()
        caplog.set_level("WARNING", "citymesh.fediverse")
        await city.publish("initiative", initiative("Casa primeiro", lang="pt"))

        async def dropped() -> bool:
            fed = (await city.status(heads=False))["fediverse"]
            return fed["followers"] == 0 and fed["queue"] == 0

        await eventually(dropped, what="the gone server to be dropped")
        assert any(
            "dropping its deliveries and followers" in r.getMessage() for r in caplog.records
        )
    finally:
        await city.stop()
