"""Remote actors: their public key and inboxes, fetched with a bounded GET and kept a while.

Only what following needs is kept (key, owner, inboxes), in memory, for at most an hour and
for at most `LIMIT` actors; nothing else a remote server sends is stored.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import msgspec

from .fetch import Refused, SafeClient

__all__ = ["RemoteActor", "Actors", "ACCEPT", "object_id"]

ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
LIMIT = 2000
#: Key fetches waiting at once; more are answered 503 (the sender tries again later).
WAITING = 64
TTL = 3600.0


class RemoteActor(msgspec.Struct, frozen=True):
    id: str
    key_id: str
    public_pem: str
    inbox: str
    shared_inbox: str | None


def object_id(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


def _key(doc: dict[str, Any], key_id: str) -> dict[str, Any] | None:
    keys = doc.get("publicKey")
    for key in keys if isinstance(keys, list) else [keys]:
        if isinstance(key, dict) and key.get("id") == key_id:
            return key
    return None


def _strip(url: str) -> str:
    return url.split("#", 1)[0]


class Actors:
    """Finds the actor that owns a key id, signing its GETs for servers that ask for it."""

    def __init__(
        self, client: SafeClient, signed_headers: Callable[[str], Awaitable[dict[str, str]]]
    ) -> None:
        self._client = client
        self._signed = signed_headers
        self._cache: OrderedDict[str, tuple[float, RemoteActor]] = OrderedDict()
        self._fetching = asyncio.Semaphore(8)  # a flood of unknown keys waits here,
        self._waiting = 0  # and beyond WAITING of them is turned away

    async def _get(self, url: str) -> Any:
        if self._waiting >= WAITING:
            raise Refused("busy", "too many keys being fetched; try again later", status=503)
        self._waiting += 1
        try:
            return await self._fetch(url)
        finally:
            self._waiting -= 1

    async def _fetch(self, url: str) -> Any:
        async with self._fetching:
            # Signed: servers in Mastodon's secure mode answer only signed GETs.
            headers = {"Accept": ACCEPT, **await self._signed(url)}
            return await self._client.get_json(url, headers)

    def kept(self, key_id: str) -> bool:
        """True if the actor of `key_id` is known from an earlier request."""
        hit = self._cache.get(key_id)
        return hit is not None and hit[0] > time.monotonic()

    async def by_key(self, key_id: str, *, fresh: bool = False) -> RemoteActor:
        """The actor owning `key_id` (from the cache unless `fresh`).

        Raises:
            Refused: the key or its actor cannot be fetched, or they do not name each other.
        """
        hit = self._cache.get(key_id)
        if hit is not None and not fresh and hit[0] > time.monotonic():
            return hit[1]
        doc = await self._get(_strip(key_id))
        if not isinstance(doc, dict):
            raise Refused("bad_actor", "the key document is not a JSON object")
        key = _key(doc, key_id)
        if key is None and doc.get("id") == key_id and isinstance(doc.get("owner"), str):
            key = doc  # a stand-alone key document: its owner is the actor
            doc = await self._get(str(doc["owner"]))
            if not isinstance(doc, dict) or _key(doc, key_id) is None:
                raise Refused("bad_actor", "the key's owner does not name the key")
        if key is None or not isinstance(key.get("publicKeyPem"), str):
            raise Refused("bad_actor", "the document does not carry the signing key")
        actor_id = object_id(doc.get("id"))
        owner = object_id(key.get("owner"))
        inbox = object_id(doc.get("inbox"))
        if actor_id is None or owner != actor_id or inbox is None:
            raise Refused("bad_actor", "the key's owner is not the actor that carries it")
        endpoints = doc.get("endpoints")
        shared = object_id(endpoints.get("sharedInbox")) if isinstance(endpoints, dict) else None
        # The key, the actor and its inboxes live on one server: a document cannot make this
        # node send to, or trust a key on, another one.
        host = urlsplit(actor_id).netloc
        if any(urlsplit(u).netloc != host for u in (key_id, inbox, shared) if u is not None):
            raise Refused("bad_actor", "the actor, its key and its inboxes are not on one server")
        actor = RemoteActor(actor_id, key_id, str(key["publicKeyPem"]), inbox, shared)
        for url in (inbox, shared):
            if url is not None:
                self._client.check_url(url)
        self._cache[key_id] = (time.monotonic() + TTL, actor)
        self._cache.move_to_end(key_id)
        while len(self._cache) > LIMIT:
            self._cache.popitem(last=False)
        return actor
