"""How Fediverse servers find a node: WebFinger, NodeInfo, the actor document and its key."""

from __future__ import annotations

import stat
import subprocess
import sys

import aiohttp
import pytest
from fediverse_helpers import acct, fediverse_node
from helpers import initiative

from node.app import Node
from node.config import ConfigError
from protocol import canonical_bytes
from protocol.keys import verify_signature

AS2 = "application/activity+json"
AS2_LD = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'

pytestmark = pytest.mark.slow


async def get(url: str, **kw) -> tuple[int, str, dict | None, str | None]:
    async with aiohttp.ClientSession() as session:
        async with session.get(url, allow_redirects=False, **kw) as resp:
            data = await resp.json(content_type=None) if resp.status == 200 else None
            return (
                resp.status,
                resp.headers.get("Content-Type", ""),
                data,
                resp.headers.get("Location"),
            )


async def test_webfinger_nodeinfo_and_the_actor_with_its_key_made_on_first_use(city):
    urls = city.fediverse.urls
    key_file = city.home.root / "fediverse.key"
    assert not key_file.exists()  # nothing is made until a server asks

    status, ctype, jrd, _ = await get(
        f"{urls.base}/.well-known/webfinger", params={"resource": f"acct:{acct(city)}"}
    )
    assert (status, ctype) == (200, "application/jrd+json")
    assert jrd["subject"] == f"acct:lisboa@{urls.host}"
    assert {"rel": "self", "type": "application/activity+json", "href": urls.actor} in jrd["links"]
    for wrong in (f"acct:porto@{urls.host}", "acct:lisboa@elsewhere.example"):
        assert (await get(f"{urls.base}/.well-known/webfinger", params={"resource": wrong}))[
            0
        ] == 404
    assert (await get(f"{urls.base}/.well-known/webfinger"))[0] == 400

    _, _, links, _ = await get(f"{urls.base}/.well-known/nodeinfo")
    status, ctype, info, _ = await get(links["links"][0]["href"])
    assert status == 200 and "nodeinfo.diaspora.software/ns/schema/2.1" in ctype
    assert info["protocols"] == ["activitypub"] and info["software"]["name"] == "citymesh"

    for accept in ("application/activity+json", AS2_LD):
        status, ctype, actor, _ = await get(urls.actor, headers={"Accept": accept})
        assert (status, ctype) == (200, "application/activity+json")
    assert actor["type"] == "Organization" and actor["preferredUsername"] == "lisboa"
    assert actor["endpoints"]["sharedInbox"] == urls.shared_inbox
    assert actor["publicKey"]["id"] == urls.key_id
    assert "BEGIN PUBLIC KEY" in actor["publicKey"]["publicKeyPem"]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    links = {a.get("href") for a in actor["attachment"]}
    assert f"{urls.base}/.well-known/citymesh" in links

    # The node's did:key signs the actor, its key id and its key (SPEC §T.6).
    binding = actor["citymeshBinding"]
    claim = {
        "actor": urls.actor,
        "keyId": urls.key_id,
        "node": city.id,
        "publicKeyPem": actor["publicKey"]["publicKeyPem"],
    }
    assert binding["node"] == city.id
    verify_signature(city.id, canonical_bytes(claim), binding["sig"])

    status, _, _, location = await get(urls.actor, headers={"Accept": "text/html"})
    assert (status, location) == (302, urls.base + "/")


def test_the_fediverse_key_library_is_loaded_on_first_use_only(tmp_path):
    # A node nobody reaches from the Fediverse never needs `cryptography` (about 7 MB).
    probe = (
        "import sys, pathlib\n"
        "import node.cli.command, node.app, node.http\n"
        "print('cryptography' in sys.modules)\n"
        "from node.fediverse.keys import load_or_create\n"
        "key = load_or_create(pathlib.Path(sys.argv[1]))\n"
        "print('cryptography' in sys.modules, len(key.sign(b'x')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[:2] == ["False", "True 256"]


async def test_a_node_with_the_fediverse_off_answers_no_discovery(tmp_path):
    node = await fediverse_node(tmp_path, "Porto", enabled=False)
    try:
        urls = node.fediverse.urls
        resource = {"resource": f"acct:{acct(node)}"}
        assert (await get(f"{urls.base}/.well-known/webfinger", params=resource))[0] == 404
        assert (await get(urls.actor, headers={"Accept": "application/activity+json"}))[0] == 404
        assert (await node.status(heads=False))["fediverse"]["enabled"] is False
    finally:
        await node.stop()


async def test_each_item_is_served_as_the_object_its_activities_name(city):
    body = initiative("Casa primeiro", lang="pt")
    item = await city.publish("initiative", body)
    url = city.fediverse.urls.object(item.envelope.id)
    as2 = {"Accept": "application/activity+json"}

    status, ctype, obj, _ = await get(url, headers=as2)
    assert (status, ctype, obj["type"], obj["name"]) == (200, AS2, "Article", "Casa primeiro")
    assert obj["attributedTo"] == city.fediverse.urls.actor
    status, _, _, location = await get(url, headers={"Accept": "text/html"})
    assert (status, location) == (302, city.fediverse.urls.page(item.envelope.id))

    changed = {**body, "title": {"pt": "Casa primeiro, já"}}
    update = await city.publish("update", {"event": item.envelope.id, "body": changed})
    obj = (await get(url, headers=as2))[2]
    assert obj["name"] == "Casa primeiro, já"
    assert {
        "type": "Link",
        "mediaType": "application/json",
        "href": city.fediverse.urls.event(update.envelope.id),
    } in obj["url"]

    await city.publish("retraction", {"event": item.envelope.id, "reason": "withdrawn"})
    async with aiohttp.ClientSession() as session:
        async with session.get(url, headers=as2) as resp:
            assert resp.status == 410
            assert (await resp.json(content_type=None))["type"] == "Tombstone"
    assert (await get(city.fediverse.urls.object("0" * 64), headers=as2))[0] == 404


async def test_a_bad_handle_is_refused_before_the_node_starts_naming_the_setting(tmp_path):
    node = await fediverse_node(tmp_path, "Porto")
    await node.stop()
    config = node.home.config_file
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "[fediverse]\n", '[fediverse]\nhandle = "Porto Câmara"\n'
        ),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as refused:
        Node(node.home)
    assert str(refused.value) == (
        f"{config}: fediverse.handle: 'Porto Câmara' is not an account name;"
        " use 1 to 64 lowercase letters, digits or _, e.g. lisboa"
    )
