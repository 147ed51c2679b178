"""A Fedify account follows a node found by WebFinger and gets its activities, signed."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

import pytest
from fediverse_helpers import acct
from helpers import eventually, initiative

pytestmark = pytest.mark.slow
CITYMESH = Path(sys.executable).parent / "citymesh"


async def test_a_fedify_account_follows_and_receives_a_signed_create_within_2s(city, followers):
    alice = await followers("alice")
    found = await alice.follow(acct(city))
    assert found["actor"] == city.fediverse.urls.actor
    assert found["preferredUsername"] == "lisboa" and found["type"] == "Organization"
    accepted = await eventually(lambda: alice.received("Accept"), what="the Accept")
    assert accepted[0]["object"] == found["follow"]
    fediverse = (await city.status(heads=False))["fediverse"]
    assert fediverse["followers"] == 1
    assert fediverse["signatures"] == {"rfc9421": 1}  # Fedify's first knock was taken
    # alice serves her actor only to signed GETs (secure mode): the node's was signed.
    assert await alice.fetches() == {"signed": 1, "refused": 0}
    await eventually(lambda: _queue_empty(city), what="the Accept to leave the queue")
    status = await cli("status", str(city.home.root))
    assert f"fediverse @{acct(city)}: followers 1, queued 0" in status

    # Published as city staff do, with the command; the clock starts when it has answered.
    body = json.dumps(initiative("Casa primeiro", lang="pt")).encode()
    published = await cli("publish", str(city.home.root), "initiative", "-", stdin=body)
    start = time.time()
    creates = await eventually(lambda: alice.received("Create"), timeout=2, what="the Create")
    assert creates[0]["at"] / 1000 - start < 2
    event_id = published.strip()
    assert creates[0]["object"] == city.fediverse.urls.object(event_id)
    assert creates[0]["objectType"] == "Article" and creates[0]["name"] == "Casa primeiro"


async def test_updates_retractions_and_meetings_arrive_and_undo_stops_delivery(city, followers):
    alice, bob = await followers("alice"), await followers("bob")
    for account in (alice, bob):
        await account.follow(acct(city))
        await eventually(lambda a=account: a.received("Accept"), what="the Accept")

    meeting = await city.publish(
        "meeting",
        {
            "title": {"pt": "Assembleia de bairro", "en": "Neighbourhood assembly"},
            "start": "2030-05-04T18:30",
            "end": "2030-05-04T20:00",
            "timezone": "Europe/Lisbon",
            "status": "confirmed",
            "attendance_mode": "hybrid",
            "online_url": "https://meet.example.org/assembleia",
            "place": {"name": {"pt": "Junta de Freguesia"}, "address": {"locality": "Lisboa"}},
        },
    )
    first = initiative("Hortas comunitárias", lang="pt")
    item = await city.publish("initiative", first)
    await city.publish(
        "update", {"event": item.envelope.id, "body": {**first, "status": "completed"}}
    )
    await city.publish("retraction", {"event": item.envelope.id, "reason": "withdrawn"})
    wrong = await city.publish("initiative", initiative("Nome de uma pessoa", lang="pt"))
    for account in (alice, bob):  # delivered first: an erased body is never sent at all
        await eventually(lambda a=account: _creates(a, 3), what="the Create of the wrong one")
    erasure = {"events": [wrong.envelope.id], "reason": "personal_data"}
    await city.publish("erasure", erasure)

    obj = city.fediverse.urls.object
    for account in (alice, bob):
        events = await eventually(lambda a=account: a.received("Create"), what="the Creates")
        await eventually(lambda a=account: _deletes(a, 2), what="the two Deletes")
        got = await account.received()
        kinds = [(a["type"], a["object"]) for a in got if a["type"] != "Accept"]
        assert kinds == [
            ("Create", obj(meeting.envelope.id)),
            ("Create", obj(item.envelope.id)),
            ("Update", obj(item.envelope.id)),
            ("Delete", obj(item.envelope.id)),
            ("Create", obj(wrong.envelope.id)),
            ("Delete", obj(wrong.envelope.id)),  # the erasure
        ]
        assert events[0]["objectType"] == "Event" and events[0]["name"] == "Assembleia de bairro"
        assert events[0]["startTime"] == "2030-05-04T17:30:00Z"  # 18:30 in Lisbon
        assert got[-1]["objectType"] == got[-3]["objectType"] == "Tombstone"

    await alice.unfollow()
    await eventually(
        lambda: _followers(city, 1), what="alice's Undo to remove her from the followers"
    )
    later = await city.publish("initiative", initiative("Bicicletas partilhadas", lang="pt"))
    await eventually(
        lambda: _has(bob, obj(later.envelope.id)), what="bob, still following, to get it"
    )
    await eventually(lambda: _queue_empty(city), what="the queue to be empty")
    assert not await _has(alice, obj(later.envelope.id))


async def cli(*args: str, stdin: bytes | None = None) -> str:
    """Run `citymesh ARGS` (the event loop goes on serving the node meanwhile)."""
    proc = await asyncio.create_subprocess_exec(
        str(CITYMESH), *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await proc.communicate(stdin)
    assert proc.returncode == 0, out
    return out.decode()


async def _creates(account, count: int) -> bool:
    return len(await account.received("Create")) == count


async def _deletes(account, count: int) -> bool:
    return len(await account.received("Delete")) == count


async def _followers(city, count: int) -> bool:
    return (await city.status(heads=False))["fediverse"]["followers"] == count


async def _queue_empty(city) -> bool:
    return (await city.status(heads=False))["fediverse"]["queue"] == 0


async def _has(account, object_url: str) -> bool:
    return any(a["object"] == object_url for a in await account.received("Create"))


async def test_a_new_profile_reaches_followers_as_an_update_of_the_actor(city, followers):
    alice = await followers("alice")
    await alice.follow(acct(city))
    await eventually(lambda: alice.received("Accept"), what="the Accept")
    profile = {"name": {"pt": "Lisboa, cidade acolhedora"}, "node_type": "municipality"}
    await city.publish("profile", profile)
    updates = await eventually(lambda: alice.received("Update"), what="the Update")
    assert updates[0]["object"] == city.fediverse.urls.actor
    assert (updates[0]["objectType"], updates[0]["name"]) == (
        "Organization",
        "Lisboa, cidade acolhedora",
    )
