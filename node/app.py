"""The node: wires store, NATS transport, ingest, replication and HTTP, and owns their lifecycle."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import Awaitable
from typing import Any

import aiohttp
import msgspec
from aiohttp import web

from protocol import Event, canonical_bytes, decode_event
from protocol.errors import ProtocolError

from . import natsconf, subjects, text_index
from .config import Config, Home
from .errors import FollowError, NotWriter, StorageError
from .fediverse import Fediverse
from .ingest import Ingest
from .natsserver import EmbeddedServer
from .replication import ALL, Card, CardNats, Replicator
from .store import Store
from .tasks import cancel_and_wait
from .transport import NOTICES_UP_TO, Transport, WriterConflict

__all__ = ["Node", "create_node", "fetch_card", "tune_collector"]

log = logging.getLogger("citymesh.node")


def tune_collector() -> None:
    """Tune Python's cyclic garbage collector for a node's process, once its nodes started.

    The objects made so far (modules, the app) leave the collector's generations, and a
    collection runs after 20,000 new containers instead of 700: a catch-up makes about
    fifteen per event, and keeps a batch of two thousand alive, so the collector kept walking
    the same ones. A 1,000,000-event bootstrap was in the view after 85.1 s against 91.9 s.
    """
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)


class Node:
    """One running node. `await start()`, then `await stop()` (also on signals)."""

    def __init__(self, home: Home) -> None:
        self.home = home
        self.config: Config = home.load()
        self.key = home.key()
        self.token = home.token()
        self.id = self.key.public_id
        self.server: EmbeddedServer | None = None
        self.store: Store
        self.transport: Transport
        self.ingest: Ingest
        self.replicator: Replicator
        self.fediverse: Fediverse
        self._runner: web.AppRunner | None = None
        self.listeners: list[asyncio.Queue[tuple[int, Event]]] = []
        self._notices: set[asyncio.Task[None]] = set()  # announcements being sent
        self._stopped = False
        self._index_wake = asyncio.Event()
        self._indexer: asyncio.Task[None] | None = None

    @property
    def reader(self) -> bool:
        return self.config.role == "reader"

    @property
    def nats_urls(self) -> list[str]:
        if self.config.nats.urls:
            return list(self.config.nats.urls)
        return [f"nats://{self.config.nats.host}:{self.config.nats.port}"]

    @property
    def http_url(self) -> str:
        h = self.config.http
        return (h.public_url or f"http://{h.host}:{h.port}").rstrip("/")

    async def start(self) -> None:
        self.store = await Store.open(self.home.db, relay=not self.reader)
        if not self.config.nats.urls:
            await self._start_embedded_server()
        self.transport = Transport(
            self.store,
            self.nats_urls,
            natsconf.node_nkey_seed(self.key),
            own=None if self.reader else self.id,
            replicas=self.config.nats.replicas,
            on_stalled=self._restart_stalled_server if self.server else None,
        )
        await self.transport.start()
        self.ingest = Ingest(self.store)
        self.ingest.listeners.append(self._on_accepted)
        self.fediverse = Fediverse(self)
        self.ingest.listeners.append(self.fediverse.on_accepted)
        await self.fediverse.start()
        self.replicator = Replicator(self.ingest)
        await self.replicator.start()
        if self.reader:
            # A reader builds its view from the organisation's own stream, read-only.
            local = Card(
                id=self.id,
                name=self.config.name,
                http_url=self.http_url,
                nats=self._card_nats(),
                profile={},
            )
            await self.replicator.follow("nats:local", local, ALL)
        self._indexer = asyncio.create_task(self._index_loop(), name="text-indexer")
        from .http import make_app, serve

        self._runner = await serve(make_app(self), self.config.http.host, self.config.http.port)
        log.info("node %s serving %s", self.id, self.http_url)

    async def _start_embedded_server(self) -> None:
        nats_dir = self.home.nats_dir
        (nats_dir / "store").mkdir(parents=True, exist_ok=True)
        conf = nats_dir / "nats.conf"
        conf.write_text(
            natsconf.render(
                self.key,
                listen=f"{self.config.nats.host}:{self.config.nats.port}",
                store_dir=nats_dir / "store",
                peer_password=self.config.nats.peer_password,
                server_name=f"citymesh-{subjects.author_token(self.id)[-12:]}",
            )
        )
        self.server = EmbeddedServer(
            conf, self.config.nats.host, self.config.nats.port, nats_dir / "nats.log"
        )
        await self.server.start()

    async def _restart_stalled_server(self) -> None:
        """The embedded server stores no more events (its JetStream store met a full disk):
        once the disk has room again, stop it; its supervisor starts it again."""
        space = self.store.space
        proc = self.server.proc if self.server else None
        if proc is None or proc.returncode is not None or space.free() < space.reserve:
            return
        log.warning("the stream stopped storing this node's events; restarting nats-server")
        proc.terminate()

    async def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        # Each part gets a bounded time: a peer or server that does not answer must never
        # keep a node from stopping.
        if self._runner:
            await bounded(self._runner.cleanup(), 10, "HTTP server")
        await cancel_and_wait(self._indexer)
        for task in list(self._notices):  # best effort: the stream delivers them anyway
            await cancel_and_wait(task)
        for part in ("fediverse", "replicator", "transport"):
            if hasattr(self, part):
                await bounded(getattr(self, part).stop(), 10, part)
        if hasattr(self, "ingest"):
            await self.ingest.close()
        if hasattr(self, "store"):
            await self.store.close()
        if self.server:
            await self.server.stop()

    def _on_accepted(self, accepted: list[tuple[int, Event]]) -> None:
        if len(accepted) <= NOTICES_UP_TO:
            # Not our own: only the stream may vouch that this process is its only writer.
            relayed = [(e.head.author, e.raw) for _, e in accepted if e.head.author != self.id]
            if relayed:
                task = asyncio.get_running_loop().create_task(self.transport.notice(relayed))
                self._notices.add(task)
                task.add_done_callback(self._notices.discard)
        self.transport.wake.set()
        self._index_wake.set()
        for queue in self.listeners:
            for item in accepted:
                with contextlib.suppress(asyncio.QueueFull):
                    queue.put_nowait(item)

    async def _index_loop(self) -> None:
        self._index_wake.set()
        while True:
            await self._index_wake.wait()
            # Coalesce: index a burst once, a little after it, off the acceptance path.
            await asyncio.sleep(0.05)
            self._index_wake.clear()
            # A large backlog is indexed once it is stored: the writer has no time to spare.
            await self.store.bulk_stored()
            try:
                await text_index.index_all(self.store)
            except StorageError as exc:  # said once by the store; no traceback for a full disk
                log.info("text indexing waits: %s", exc.detail)
            except Exception:
                log.exception("text indexing failed; retrying on the next event")

    async def publish(self, kind: str, body: dict[str, Any]) -> Event:
        """Sign and store `body` as this node's next event; it is then published to NATS.

        Raises:
            ProtocolError: the body is invalid (nothing is stored).
        """
        if self.reader:
            raise NotWriter(
                "not_writer",
                "this process only serves the view; publish through "
                "the organisation's writer process",
            )
        event, n = await self.store.publish_own(self.key, kind, body, self.config.lang)
        if self.transport.connected:
            try:
                async with asyncio.timeout(2.0):
                    await self.transport.flush_own((n, event.envelope.id, self.id, event.raw))
            except WriterConflict as exc:
                await self.store.undo_own(self.id, exc.numbers)
                raise NotWriter(
                    "writer_conflict",
                    "another process publishes as this node; this event was not published",
                ) from None
            except Exception:  # stored durably; the outbox publishes it once NATS answers
                log.info("publishing %s deferred to the outbox", event.envelope.id)
        self.ingest.notify([(n, event)])
        return event

    async def card(self) -> dict[str, Any]:
        """The node card served at /.well-known/citymesh."""
        profile = await self.store.read(
            lambda c: c.execute(
                "SELECT e.raw FROM nodes n JOIN events e ON e.id = n.profile_id WHERE n.author = ?",
                (self.id,),
            ).fetchone()
        )
        if profile is None:
            profile = await self.store.read(
                lambda c: c.execute(
                    "SELECT raw FROM events WHERE author = ? AND seq = 1", (self.id,)
                ).fetchone()
            )
        card = Card(
            id=self.id,
            name=self.config.name,
            http_url=self.http_url,
            nats=self._card_nats(),
            profile=msgspec.json.decode(profile[0]) if profile else {},
        )
        return msgspec.to_builtins(card)  # type: ignore[no-any-return]

    def _card_nats(self) -> CardNats:
        return CardNats(
            urls=list(self.config.nats.advertise) or self.nats_urls,
            user=subjects.PEER_USER,
            password=self.config.nats.peer_password,
        )

    async def follow(
        self, url: str, *, everything: bool = False, author: str | None = None
    ) -> dict[str, Any]:
        """Follow a peer (its own feed, everything it carries, or one author it relays)."""
        if self.reader:
            raise NotWriter("not_writer", "follow through the organisation's writer process")
        card = await fetch_card(url)
        known = await self.store.read(
            lambda c: c.execute("SELECT node FROM peers WHERE url = ?", (url,)).fetchone()
        )
        if known and known[0] != card.id:
            raise FollowError(
                "key_mismatch", f"{url} now presents {card.id}, pinned {known[0]}", status=409
            )
        target = ALL if everything else (author or card.id)
        added = await self.replicator.follow(url, card, target)
        follows = [card.id] if target == ALL else [target]
        for followed in follows:
            if added and followed != self.id:
                await self.publish("follow", {"author": followed, "via": url})
        return {"peer": card.id, "name": card.name, "filter": target, "added": added}

    async def unfollow(self, author: str) -> int:
        stopped = await self.replicator.unfollow(author)
        rows = await self.store.read(
            lambda c: c.execute(
                "SELECT id, body FROM objects"
                " WHERE author = ? AND kind = 'follow' AND retracted IS NULL",
                (self.id,),
            ).fetchall()
        )
        for event_id, body in rows:
            if msgspec.json.decode(body).get("author") == author:
                await self.publish("retraction", {"event": event_id, "reason": "withdrawn"})
        return stopped

    async def status(self, heads: bool = True) -> dict[str, Any]:
        """Peers, followed authors, counters, and (unless `heads=False`) every author's head."""
        out = {
            **self._counters(),
            "text_index_complete": await self.store.text_index_complete(),
            "query_indexes_complete": await self.store.query_indexes_complete(),
            "peers": self.replicator.status(),
            "fediverse": await self.fediverse.status(),
        }
        return {**out, "heads": await self._heads()} if heads else out

    def _counters(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.config.name,
            "nats_connected": self.transport.connected,
            "accepted": self.ingest.accepted,
            "duplicates": self.ingest.duplicates,
            "rejected": dict(self.ingest.rejected),
            "published": self.transport.published,
        }

    async def _heads(self) -> dict[str, int]:
        return await self.store.read(
            lambda c: dict(
                c.execute("SELECT author, MAX(seq) FROM events GROUP BY author").fetchall()
            )
        )


async def bounded(step: Awaitable[object], seconds: float, what: str) -> None:
    """Await a shutdown step for at most `seconds`; log (never raise) if it fails or hangs."""
    try:
        async with asyncio.timeout(seconds):
            await step
    except TimeoutError:
        log.warning("stopping the %s took longer than %.0f s; going on", what, seconds)
    except Exception:
        log.exception("stopping the %s failed; going on", what)


async def create_node(home: Home, config: Config, profile: dict[str, Any]) -> str:
    """Create a node home whose first event (sequence 1) is its signed profile; returns its id.

    Raises:
        ProtocolError: the profile is invalid (nothing is written).
        ConfigError: the home already holds a node.
    """
    from protocol import registry

    registry.get("profile").validate(profile, config.lang)  # type: ignore[union-attr]
    key = home.create(config)
    store = await Store.open(home.db)
    try:
        await store.publish_own(key, "profile", profile, config.lang)
    finally:
        await store.close()
    return key.public_id


async def fetch_card(url: str) -> Card:
    """Read and check a peer's node card: its profile must be a valid event by its id."""
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
            async with session.get(url.rstrip("/") + "/.well-known/citymesh") as resp:
                if resp.status != 200:
                    raise FollowError("bad_card", f"{url} answered {resp.status} for its card")
                data = await resp.read()
    except aiohttp.ClientError as exc:
        raise FollowError("peer_unreachable", f"cannot reach {url}: {exc}") from None
    try:
        card = msgspec.json.decode(data, type=Card)
        profile = decode_event(canonical_bytes(card.profile))
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise FollowError("bad_card", f"{url} serves an invalid card: {exc}") from None
    except ProtocolError as exc:
        raise FollowError("bad_card", f"{url} card's profile is invalid: {exc}") from None
    if profile.envelope.author != card.id or profile.envelope.kind != "profile":
        raise FollowError("bad_card", f"{url} card's profile is not signed by {card.id}")
    return card
