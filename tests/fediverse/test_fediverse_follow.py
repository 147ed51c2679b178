"""A Fedify account follows a node found by WebFinger and gets its activities, signed."""

from __future__ import annotations

import time

import pytest
from conftest import acct
from helpers import eventually, initiative

pytestmark = pytest.mark.slow


async def test_a_fedify_account_follows_and_receives_a_signed_create_within_2s(city, followers):
    alice = await followers("alice")
    found = await alice.follow(acct(city))
    assert found["actor"] == city.fediverse.urls.actor
    assert found["preferredUsername"] == "lisboa" and found["type"] == "Organization"
    accepted = await eventually(lambda: alice.received("Accept"), what="the Accept")
    assert accepted[0]["object"] == found["follow"]
    assert (await city.status(heads=False))["fediverse"]["followers"] == 1

    start = time.time()
    event = await city.publish("initiative", initiative("Casa primeiro", lang="pt"))
    creates = await eventually(lambda: alice.received("Create"), timeout=2, what="the Create")
    assert creates[0]["at"] / 1000 - start < 2
    assert creates[0]["object"] == city.fediverse.urls.object(event.envelope.id)
    assert creates[0]["objectType"] == "Article" and creates[0]["name"] == "Casa primeiro"
