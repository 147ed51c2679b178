"""The node's Fediverse actor at run time: its key, inboxes, delivery queue and documents."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from importlib import metadata
from typing import TYPE_CHECKING, Any

import msgspec

from ..feeds.context import Context
from ..tasks import cancel_and_wait
from . import activities, actor, discovery, signatures
from .delivery import OWN_KINDS, Queue
from .fetch import SafeClient
from .inbox import Inbox
from .keys import ActorKey, load_or_create
from .remote import Actors, RemoteActor
from .urls import Urls, handle_of

if TYPE_CHECKING:
    from ..app import Node

__all__ = ["Fediverse"]

log = logging.getLogger("citymesh.fediverse")


class Fediverse:
    """One node's actor. `enabled` is false on a reader process and when switched off."""

    def __init__(self, node: Node) -> None:
        self.node = node
        settings = node.config.fediverse
        self.enabled = settings.enabled and not node.reader
        self.urls = Urls(node.http_url, settings.handle or handle_of(node.config.name))
        self.client = SafeClient(
            allow_private=settings.allow_private_addresses, timeout=settings.timeout
        )
        self._key: ActorKey | None = None
        self._key_lock = asyncio.Lock()
        self.actors = Actors(self.client, self._signed_get)
        self.inbox = Inbox(node.store, self.actors, self.urls.actor, self._accept)
        self.queue = Queue(
            node.store,
            self.client,
            node.id,
            self._render,
            self._signed_post,
            retry_max=settings.retry_max,
            give_up_after=settings.give_up_after,
        )
        self._task: asyncio.Task[None] | None = None

    async def key(self) -> ActorKey:
        """The actor's RSA key, made (off the event loop) the first time it is needed."""
        async with self._key_lock:
            if self._key is None:
                self._key = await asyncio.to_thread(load_or_create, self.node.home.root)
            return self._key

    async def start(self) -> None:
        if self.enabled:
            self._task = asyncio.create_task(self.queue.run(), name="fediverse-queue")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        await self.client.close()

    def on_accepted(self, accepted: list[tuple[int, Any]]) -> None:
        """An ingest listener: the node's own new events wake the delivery queue."""
        if self.enabled and any(
            e.head.author == self.node.id and e.envelope.kind in OWN_KINDS for _, e in accepted
        ):
            self.queue.wake.set()

    async def status(self) -> dict[str, Any]:
        followers = await self.node.store.read(
            lambda c: c.execute("SELECT COUNT(*) FROM fediverse_followers").fetchone()[0]
        )
        return {
            "enabled": self.enabled,
            "account": f"@{self.urls.acct}",
            "followers": followers,
            "queue": await self.queue.length(),
            "delivered": self.queue.delivered,
            "rejected": self.inbox.rejected,
            "signatures": dict(self.inbox.taken),
        }

    # -- documents -------------------------------------------------------------------------

    async def actor_document(self) -> dict[str, Any]:
        key = await self.key()
        row = await self.node.store.read(
            lambda c: c.execute(
                "SELECT body, lang, node_type FROM nodes WHERE author = ?", (self.node.id,)
            ).fetchone()
        )
        profile, lang, node_type = (
            (msgspec.json.decode(row[0]), row[1], row[2])
            if row
            else ({}, self.node.config.lang, self.node.config.type)
        )
        return actor.document(
            self.urls,
            self.node.key,
            key.public_pem,
            profile,
            lang,
            node_type,
            self.node.config.name,
        )

    async def nodeinfo(self) -> dict[str, Any]:
        posts = await self.node.store.read(
            lambda c: c.execute(
                f"SELECT COUNT(*) FROM objects WHERE author = ? AND kind IN"
                f" ({','.join('?' * len(activities.KINDS))})",
                (self.node.id, *activities.KINDS),
            ).fetchone()[0]
        )
        try:
            version = metadata.version("citymesh")
        except metadata.PackageNotFoundError:
            version = "0"
        return discovery.nodeinfo(version, self.node.config.name, self.node.id, posts)

    def context(self) -> Context:
        now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        config = self.node.config
        return Context(
            base=self.node.http_url,
            node_id=self.node.id,
            node_name=config.name,
            node_lang=config.lang,
            now=now,
        )

    # -- the queue's and the inbox's callbacks ---------------------------------------------

    async def _render(self, n: int) -> list[bytes]:
        changed = await self.node.store.read(lambda c: activities.profile_change(c, n))
        if changed is not None:
            document = await self.actor_document()
            return [activities.actor_update(self.urls, *changed, document)]
        ctx = self.context()
        return await self.node.store.read(lambda c: activities.render(c, n, self.urls, ctx))

    async def _signed_post(self, url: str, body: bytes) -> dict[str, str]:
        key = await self.key()
        headers = signatures.sign(key, self.urls.key_id, "POST", url, body)
        return {**headers, "Content-Type": "application/activity+json"}

    async def _signed_get(self, url: str) -> dict[str, str]:
        return signatures.sign(await self.key(), self.urls.key_id, "GET", url, None)

    async def _accept(self, follower: RemoteActor, follow: dict[str, Any]) -> None:
        await self.queue.add(follower.inbox, activities.accept(self.urls, follow))
