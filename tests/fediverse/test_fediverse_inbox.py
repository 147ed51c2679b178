"""The inboxes take only what a remote actor signed, and keep nothing of what they refuse."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import time
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from helpers import eventually, free_port

from node.fediverse import signatures
from node.fediverse.keys import ActorKey, load_or_create
from node.fediverse.remote import WAITING

pytestmark = pytest.mark.slow


class RemoteServer:
    """Another server's actor, on loopback: serves its document and takes its inbox's posts."""

    def __init__(self, key: ActorKey, port: int) -> None:
        self.key, self.port = key, port
        self.base = f"http://127.0.0.1:{port}"
        self.actor = f"{self.base}/users/mira"
        self.key_id = f"{self.actor}#main-key"
        self.gets = 0
        self.inbox: list[dict[str, Any]] = []
        #: When set, the actor document is served only once this is set.
        self.hold: asyncio.Event | None = None

    async def document(self, request: web.Request) -> web.Response:
        self.gets += 1
        if self.hold is not None:
            await self.hold.wait()
        return web.json_response(
            {
                "@context": ["https://www.w3.org/ns/activitystreams"],
                "id": self.actor,
                "type": "Person",
                "preferredUsername": "mira",
                "inbox": f"{self.actor}/inbox",
                "publicKey": {
                    "id": self.key_id,
                    "owner": self.actor,
                    "publicKeyPem": self.key.public_pem,
                },
            },
            content_type="application/activity+json",
        )

    async def post(self, request: web.Request) -> web.Response:
        self.inbox.append(json.loads(await request.read()))
        return web.Response(status=202)


@pytest_asyncio.fixture
async def remote(tmp_path) -> AsyncIterator[RemoteServer]:
    (tmp_path / "remote").mkdir()
    server = RemoteServer(load_or_create(tmp_path / "remote"), free_port())
    app = web.Application()
    app.router.add_get("/users/mira", server.document)
    app.router.add_post("/users/mira/inbox", server.post)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", server.port).start()
    yield server
    await runner.cleanup()


def follow_of(remote: RemoteServer, city) -> bytes:
    return json.dumps(
        {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": f"{remote.base}/follows/1",
            "type": "Follow",
            "actor": remote.actor,
            "object": city.fediverse.urls.actor,
        }
    ).encode()


async def post(city, body: bytes, headers: dict[str, str]) -> int:
    async with aiohttp.ClientSession() as session:
        async with session.post(
            city.fediverse.urls.inbox,
            data=body,
            headers={**headers, "Content-Type": "application/activity+json"},
        ) as resp:
            return resp.status


async def stored(city) -> tuple[int, int]:
    return await city.store.read(
        lambda c: (
            c.execute("SELECT COUNT(*) FROM fediverse_followers").fetchone()[0],
            c.execute("SELECT COUNT(*) FROM fediverse_deliveries").fetchone()[0],
        )
    )


def rfc9421_sign(
    key: ActorKey, key_id: str, method: str, url: str, body: bytes, now: float | None = None
) -> dict[str, str]:
    """An RFC 9421 signature as Fedify makes it (its default components)."""
    digest = "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"
    created = int(time.time() if now is None else now)
    names = ("@method", "@target-uri", "@authority", "content-digest")
    params = " ".join(f'"{n}"' for n in names)
    params = f'({params});alg="rsa-v1_5-sha256";keyid="{key_id}";created={created}'
    values = (method, url, urlsplit(url).netloc, digest)
    lines = [f'"{n}": {v}' for n, v in zip(names, values, strict=True)]
    base = "\n".join([*lines, f'"@signature-params": {params}'])
    signature = base64.b64encode(key.sign(base.encode())).decode()
    return {
        "Content-Digest": digest,
        "Signature-Input": f"sig1={params}",
        "Signature": f"sig1=:{signature}:",
    }


SCHEMES = {
    "draft-cavage": (
        signatures.sign,
        [
            "the Digest header does not match the body",
            "the Date header is outside the accepted window",
        ],
    ),
    "rfc9421": (
        rfc9421_sign,
        [
            "the Content-Digest header does not match the body",
            "the signature's created time is outside the accepted window",
        ],
    ),
}


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
async def test_forged_follows_are_refused_and_leave_nothing_stored(
    city, remote, tmp_path, caplog, scheme
):
    sign, messages = SCHEMES[scheme]
    body = follow_of(remote, city)
    inbox = city.fediverse.urls.inbox
    (tmp_path / "other").mkdir()
    other = load_or_create(tmp_path / "other")

    wrong_key = sign(other, remote.key_id, "POST", inbox, body)
    tampered = sign(remote.key, remote.key_id, "POST", inbox, body)
    expired = sign(remote.key, remote.key_id, "POST", inbox, body, time.time() - 7200)
    caplog.set_level("INFO", "citymesh.fediverse")

    assert await post(city, body, wrong_key) == 401
    assert remote.gets == 1  # the key was fetched, and did not match
    assert await post(city, body.replace(b"follows/1", b"follows/2"), tampered) == 401
    assert await post(city, body, expired) == 401
    assert await post(city, body, {}) == 401
    assert remote.gets == 1  # a wrong digest or date is refused before any key is fetched
    assert await stored(city) == (0, 0)
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert [m.split(": ", 1)[1] for m in refusals] == [
        "the signature does not match the key",
        *messages,
        "the request has no Signature header",
    ]
    assert not any(remote.key.public_pem[30:60] in r.getMessage() for r in caplog.records)

    # The same Follow, signed by its actor's key, is taken and answered.
    assert await post(city, body, sign(remote.key, remote.key_id, "POST", inbox, body)) == 202
    accepts = await eventually(lambda: remote.inbox, what="the Accept")
    assert accepts[0]["type"] == "Accept"
    assert accepts[0]["object"]["id"] == f"{remote.base}/follows/1"
    assert (await stored(city))[0] == 1
    assert (await city.status(heads=False))["fediverse"]["signatures"] == {scheme: 1}


async def test_a_flood_of_unknown_keys_is_turned_away_beyond_a_bound(city, remote):
    remote.hold = asyncio.Event()  # the key's server is slow: fetches pile up
    body = follow_of(remote, city)
    inbox = city.fediverse.urls.inbox
    sent = [
        asyncio.create_task(
            post(city, body, signatures.sign(remote.key, remote.key_id, "POST", inbox, body))
        )
        for _ in range(WAITING + 16)
    ]
    try:
        await eventually(lambda: sum(t.done() for t in sent) == 16, what="16 answered at once")
        assert {t.result() for t in sent if t.done()} == {503}
    finally:
        remote.hold.set()
    statuses = await asyncio.gather(*sent)
    assert statuses.count(503) == 16 and statuses.count(202) == WAITING
    assert (await stored(city))[0] == 1
