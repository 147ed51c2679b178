"""The node: wires store, NATS transport, ingest, replication and HTTP, and owns their lifecycle."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import msgspec
import nats
from aiohttp import web
from nats.js.errors import APIError, BadRequestError

from protocol import Event, canonical_bytes, decode_event, explain, registry
from protocol.card import Card, CardNats
from protocol.errors import ProtocolError
from protocol.explain import InvalidBody

from . import preflight, redact
from .config import Config, ConfigError, Home, check, host_port, setting_error
from .errors import FollowError, NotWriter, StorageError
from .fediverse import Fediverse
from .http.natsws import loopback_port
from .http.natsws import public_url as ws_url
from .ingest.gate import Ingest
from .net import natsconf, subjects
from .net.natsserver import EmbeddedServer, ServerFailed
from .net.replication import ALL, Replicator
from .net.transport import (
    STREAM_READY_SECONDS,
    Transport,
    WriterConflict,
    stream_config,
)
from .store import text_index
from .store.store import Store
from .tasks import cancel_and_wait

__all__ = ["Node", "create_node", "fetch_card", "tune_collector"]

log = logging.getLogger("citymesh.node")

#: JetStream's answers when a stream asks for more replicas than there are servers: not
#: clustered (10074), insufficient resources (10023).
NOT_ENOUGH_SERVERS = frozenset({10074, 10023})

#: A node card is a few KiB; a larger one is refused before it is read in full.
MAX_CARD_BYTES = 256 * 1024
#: The longest peer URL (a `follow` event's `via` holds it).
MAX_URL_CHARS = 2048
#: How long fetching a card may take: to connect, between two reads, and in all.
CARD_CONNECT_SECONDS, CARD_READ_SECONDS, CARD_SECONDS = 5.0, 5.0, 15.0


def tune_collector() -> None:
    """Tune Python's cyclic garbage collector for a node's process, once its nodes started.

    The objects made so far (modules, the app) leave the collector's generations, and a
    collection runs after many more new containers than Python's default: a catch-up makes
    several per event, and keeps a whole batch alive, so the collector kept walking the same
    ones, for nothing.
    """
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)


class Node:
    """One running node. `await start()`, then `await stop()` (also on signals)."""

    def __init__(self, home: Home, *, http_port: int | None = None) -> None:
        """Read and check the home's settings and secrets (nothing starts yet).

        Raises:
            ConfigError: a setting or a secret is wrong (one line naming it and the fix).
        """
        self.home = home
        self.config: Config = home.load()
        if http_port is not None:
            self.config.http.port = http_port
            check(self.config, "--http-port")
        self.key = home.key()
        self.token = home.token()
        for secret in (self.token, self.key.seed.hex(), natsconf.node_nkey_seed(self.key)):
            redact.secret(secret)
        redact.install()
        self.id = self.key.public_id
        self.server: EmbeddedServer | None = None
        #: The embedded server's loopback WebSocket port, proxied at /nats (None: no proxy).
        self.ws_port: int | None = None
        self.store: Store
        self.transport: Transport
        self.ingest: Ingest
        self.replicator: Replicator
        self.fediverse: Fediverse
        self._runner: web.AppRunner | None = None
        #: Called with each batch of accepted (local number, event) pairs (the live streams).
        self.listeners: list[Callable[[list[tuple[int, Event]]], None]] = []
        #: Local numbers of own events `publish_many` has just published itself.
        self._published_now: frozenset[int] = frozenset()
        self._stopped = False
        self._index_wake = asyncio.Event()
        self._indexer: asyncio.Task[None] | None = None

    @property
    def reader(self) -> bool:
        return self.config.role == "reader"

    @property
    def nats_urls(self) -> list[str]:
        """The URLs this node's own connections use."""
        if self.config.nats.urls:
            return list(self.config.nats.urls)
        if self.config.nats.tls_cert and self.ws_port is not None:
            # The NATS port then requires TLS with a certificate for the public name, which
            # 127.0.0.1 does not match: the node connects over the loopback WebSocket listener.
            return [f"ws://127.0.0.1:{self.ws_port}"]
        return [f"nats://{host_port(self.config.nats.host, self.config.nats.port)}"]

    @property
    def http_url(self) -> str:
        h = self.config.http
        return (h.public_url or f"http://{host_port(h.host, h.port)}").rstrip("/")

    async def start(self) -> None:
        """Start every part, each within a bounded time; `stop()` undoes a failed start.

        Raises:
            ConfigError: a setting does not fit this machine or its NATS server (one line).
        """
        # What can be checked about this machine is, before anything starts.
        preflight.check_home(self.home, self.config)
        # Installed extension kinds now: a broken one is reported when the node starts, not
        # when its first event arrives.
        registry.load_extensions()
        if not self.config.nats.urls:
            await self._start_embedded_server()
        await self._check_nats()
        try:
            self.store = await Store.open(self.home.db, relay=not self.reader)
        except (sqlite3.DatabaseError, OSError) as exc:
            raise ConfigError(
                f"{self.home.db}: cannot be opened ({exc}); restore it from a backup "
                "(`citymesh restore`) or move it away to start empty and catch up"
            ) from None
        self.store.after_backlog.append(self._index_wake.set)
        self.transport = Transport(
            self.store,
            self.nats_urls,
            natsconf.node_nkey_seed(self.key),
            own=None if self.reader else self.id,
            replicas=self.config.nats.replicas,
            on_stalled=self._restart_stalled_server if self.server else None,
        )
        try:
            # The server answered the check just now; this bound only keeps a start finite.
            async with asyncio.timeout(self.config.nats.connect_timeout + STREAM_READY_SECONDS):
                await self.transport.start()
        except TimeoutError:
            raise self._nats_error("did not become ready") from None
        self.ingest = Ingest(self.store)
        self.ingest.listeners.append(self._on_accepted)
        self.ingest.announce = self._announce
        self.fediverse = Fediverse(self)
        self.ingest.listeners.append(self.fediverse.on_accepted)
        await self.fediverse.start()
        # Own events taken back from the stream after a power cut: their Fediverse deliveries
        # went with the database's lost commits.
        self.ingest.notify(self.transport.taken_back)
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

        try:
            self._runner = await serve(make_app(self), self.config.http.host, self.config.http.port)
        except OSError as exc:  # taken since the check (another program was faster)
            raise setting_error(
                self.home.config_file,
                "http.port",
                f"cannot listen on {self.config.http.host}:{self.config.http.port} "
                f"({exc.strerror})",
                "choose another port: http.port in citymesh.toml or `--http-port`",
            ) from None
        log.info("node %s serving %s", self.id, self.http_url)

    async def _start_embedded_server(self) -> None:
        nats_dir = self.home.nats_dir
        try:
            self._write_nats_conf(nats_dir)
        except OSError as exc:
            raise ConfigError(
                f"{exc.filename or nats_dir}: cannot be written ({exc.strerror}); the node keeps "
                "its nats-server's config and store there: make it a directory the node's user "
                "can write"
            ) from None
        nats = self.config.nats
        for setting, path in (("nats.tls_cert", nats.tls_cert), ("nats.tls_key", nats.tls_key)):
            if path is not None and not os.access(path, os.R_OK):
                raise setting_error(
                    self.home.config_file,
                    setting,
                    f"{path} cannot be read",
                    "give the path of a PEM file the node's user can read",
                )
        conf = nats_dir / "nats.conf"
        server = EmbeddedServer(
            conf, self.config.nats.host, self.config.nats.port, nats_dir / "nats.log"
        )
        # A server a killed run of this node left holds the port: it goes first, then the port
        # must be free (another program, or another node's server, may hold it).
        await server.reap_stale()
        preflight.check_port(
            self.home.config_file,
            "nats.port",
            self.config.nats.host,
            self.config.nats.port,
            "stop that program, or choose another nats.port in citymesh.toml "
            "(each node on a machine needs its own)",
        )
        self.server = server
        try:
            await server.start()
        except ServerFailed as exc:
            raise setting_error(
                self.home.config_file,
                "nats",
                f"the embedded nats-server did not start: {exc}",
                f"see {server.log_file}",
            ) from None

    def _write_nats_conf(self, nats_dir: Path) -> None:
        (nats_dir / "store").mkdir(parents=True, exist_ok=True)
        self.ws_port = self.config.nats.ws_port or loopback_port()
        conf = nats_dir / "nats.conf"
        conf.write_text(
            natsconf.render(
                self.key,
                listen=host_port(self.config.nats.host, self.config.nats.port),
                store_dir=nats_dir / "store",
                peer_password=self.config.nats.peer_password,
                server_name=f"citymesh-{subjects.author_token(self.id)[-12:]}",
                websocket=f"127.0.0.1:{self.ws_port}",
                tls=self._nats_tls(),
            )
        )

    def _nats_tls(self) -> dict[str, str] | None:
        nats = self.config.nats
        if nats.tls_cert is None or nats.tls_key is None:
            return None
        return {"cert_file": nats.tls_cert, "key_file": nats.tls_key}

    def _nats_error(self, what: str, detail: str = "") -> ConfigError:
        nats = self.config.nats
        setting = "nats.urls" if nats.urls else "nats.port"
        detail = f" ({detail})" if detail else ""
        return setting_error(
            self.home.config_file,
            setting,
            f"the NATS server at {', '.join(self.nats_urls)} {what} "
            f"within {nats.connect_timeout:g} s{detail}",
            "start it or correct the setting (nats.connect_timeout sets how long to wait)",
        )

    async def _check_nats(self) -> None:
        """Connect once, within nats.connect_timeout, and check the stream's replicas fit.

        The node's own connection retries for ever (a server that goes away later must not end
        the node); at start, a server that never answers is a wrong setting.
        """
        nats_cfg = self.config.nats
        errors: list[str] = []

        async def note(exc: Exception) -> None:  # nats-py would print a traceback per attempt
            errors.append(str(exc) or type(exc).__name__)

        deadline = asyncio.get_running_loop().time() + nats_cfg.connect_timeout
        nc = None
        while nc is None:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise self._nats_error("did not answer", errors[-1] if errors else "")
            try:
                async with asyncio.timeout(left):
                    nc = await nats.connect(
                        self.nats_urls,
                        name="citymesh-check",
                        nkeys_seed_str=natsconf.node_nkey_seed(self.key),
                        allow_reconnect=False,
                        connect_timeout=min(2.0, left),  # type: ignore[arg-type]
                        error_cb=note,
                    )
            except TimeoutError:
                continue
            except Exception as exc:  # refused, reset, no servers, authorization
                errors.append(str(exc) or type(exc).__name__)
                await asyncio.sleep(min(0.25, max(0.0, left)))
        try:
            if nats_cfg.replicas > 1:
                left = max(1.0, deadline - asyncio.get_running_loop().time())
                with contextlib.suppress(TimeoutError):  # not ready: the transport retries
                    async with asyncio.timeout(left):
                        await self._check_replicas(nc)
        finally:
            with contextlib.suppress(Exception):
                await nc.close()

    async def _check_replicas(self, nc: Any) -> None:
        replicas = self.config.nats.replicas
        js = nc.jetstream()
        config = stream_config(replicas)
        for op in (js.add_stream, js.update_stream):
            try:
                await op(config)
                return
            except APIError as exc:
                if exc.err_code in NOT_ENOUGH_SERVERS:
                    raise setting_error(
                        self.home.config_file,
                        "nats.replicas",
                        f"{replicas} replicas, but the NATS servers cannot hold them "
                        f"({exc.description})",
                        "set replicas to at most the number of JetStream servers, "
                        "or add servers to the cluster",
                    ) from None
                if not isinstance(exc, BadRequestError):
                    return  # not ready yet: the node's own start retries for a bounded time
            except Exception:  # no JetStream answer yet (a cluster electing its leader)
                return

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
        for part in ("fediverse", "replicator", "transport"):
            if hasattr(self, part):
                await bounded(getattr(self, part).stop(), 10, part)
        if hasattr(self, "ingest"):
            await self.ingest.close()
        if hasattr(self, "store"):
            await self.store.close()
        if self.server:
            await self.server.stop()

    async def _announce(self, events: list[Event]) -> None:
        # Not our own: only the stream may vouch that this process is its only writer.
        relayed = [(e.head.author, e.raw) for e in events if e.head.author != self.id]
        if relayed:
            await self.transport.notice(relayed)

    def _on_accepted(self, accepted: list[tuple[int, Event]]) -> None:
        # The outbox publishes what is not in the stream yet, and erases there what the store
        # erased. An own event `publish_many` has just published is neither: woken for it,
        # the outbox would find the next one in flight and check it against the stream again.
        if self.transport.erasures_pending or any(
            n not in self._published_now for n, _ in accepted
        ):
            self.transport.wake.set()
        self._index_wake.set()
        for listener in self.listeners:
            listener(accepted)

    async def _index_loop(self) -> None:
        self._index_wake.set()
        while True:
            await self._index_wake.wait()
            # Coalesce: index a burst once, a little after it, off the acceptance path.
            await asyncio.sleep(0.05)
            self._index_wake.clear()
            # A large backlog is indexed once it is stored: the writer has no time to spare.
            await self.store.bulk_stored()
            backlogs = self.store.backlogs_stored()
            try:
                await text_index.index_all(self.store)
            except StorageError as exc:  # said once by the store; no traceback for a full disk
                log.info("text indexing waits: %s", exc.detail)
            except Exception:
                log.exception("text indexing failed; retrying on the next event")
            self.store.text_indexed(backlogs)

    async def publish(self, kind: str, body: dict[str, Any]) -> Event:
        """Sign and store `body` as this node's next event; it is then published to NATS.

        Raises:
            ProtocolError: the body is invalid (nothing is stored).
        """
        (event,) = await self.publish_many([(kind, body)])
        return event

    async def publish_many(self, items: list[tuple[str, dict[str, Any]]]) -> list[Event]:
        """Sign and store `items` (kind, body) as this node's next events, all or none, in one
        transaction; they are then published to NATS in order.

        Raises:
            InvalidBody: every problem of every body, each with its item's position; or the
                first refused by the chain (a reference, an author). Nothing is stored.
        """
        if self.reader:
            raise NotWriter(
                "not_writer",
                "this process only serves the view; publish through "
                "the organisation's writer process",
            )
        lang = self.config.lang
        # Connected, the commit does not wait for the disk: the stream takes the events (and
        # syncs them) before anyone is told, and after a power cut the node takes back from
        # its stream what the database lost (`Transport.take_back_own`). One sync to disk on
        # the way, not two.
        connected = self.transport.connected
        try:
            stored = await self.store.publish_own_many(self.key, items, lang, durable=not connected)
        except InvalidBody:
            # Signing checks each body and stops at its first problem; only a refused batch
            # pays for explaining every problem of every body (a few ms a body), off the loop.
            found = await asyncio.to_thread(_explain_all, items, lang)
            if found:
                raise InvalidBody(found) from None
            raise  # the bodies are valid: the chain refused one (a reference, an author)
        published = False
        if connected:
            # One event goes out alone when it follows the stream's head; more are read back.
            latest = stored[0][1], stored[0][0].envelope.id, self.id, stored[0][0].raw
            try:
                async with asyncio.timeout(2.0):
                    await self.transport.flush_own(latest if len(stored) == 1 else None)
                published = True
            except WriterConflict as exc:
                await self.store.undo_own(self.id, exc.numbers)
                raise NotWriter(
                    "writer_conflict",
                    "another process publishes as this node; this event was not published",
                ) from None
            except Exception:  # the outbox publishes them once NATS answers
                log.info("publishing %d event(s) deferred to the outbox", len(stored))
            if not published:  # the stream may not hold them: the database must
                await self.store.make_durable([n for _, n in stored])
        self._published_now = frozenset(n for _, n in stored) if published else frozenset()
        try:
            self.ingest.notify([(n, event) for event, n in stored])
        finally:
            self._published_now = frozenset()
        return [event for event, _ in stored]

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
        # The NATS port first (direct), then NATS over WebSocket on the HTTP port, which
        # passes firewalls that open only 443; a follower takes the first it can reach.
        nats = self.config.nats
        scheme = "tls" if nats.tls_cert else "nats"
        urls = list(nats.advertise or nats.urls) or [
            f"{scheme}://{host_port(nats.host, nats.port)}"
        ]
        if self.ws_port is not None:
            urls.append(ws_url(self.http_url))
        return CardNats(
            urls=urls,
            user=subjects.PEER_USER,
            password=self.config.nats.peer_password,
        )

    async def follow(
        self, url: str, *, everything: bool = False, author: str | None = None
    ) -> dict[str, Any]:
        """Follow a peer (its own feed, everything it carries, or one author it relays)."""
        if self.reader:
            raise NotWriter("not_writer", "follow through the organisation's writer process")
        check_peer_url(url)
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
        """Stop replicating `author` and retract this node's `follow` events for it.

        Raises:
            FollowError: (404) `not_following`: this node neither replicates nor follows it.
        """
        stopped = await self.replicator.unfollow(author)
        rows = await self.store.read(
            lambda c: c.execute(
                "SELECT id, body FROM objects"
                " WHERE author = ? AND kind = 'follow' AND retracted IS NULL",
                (self.id,),
            ).fetchall()
        )
        follows = [e for e, body in rows if msgspec.json.decode(body).get("author") == author]
        if not stopped and not follows:
            shown = author if len(author) <= 100 else author[:100] + "..."
            raise FollowError(
                "not_following",
                f"this node does not follow {shown!r}; its status lists the authors it follows",
                status=404,
            )
        for event_id in follows:
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
        if not heads:
            return out
        return {**out, "heads": await self._heads(), "names": await self._names()}

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

    async def _names(self) -> dict[str, str]:
        """Each known author's name, from its latest profile (in the profile's language)."""
        rows = await self.store.read(
            lambda c: c.execute("SELECT author, name, lang FROM nodes").fetchall()
        )
        out = {}
        for author, name, lang in rows:
            names = msgspec.json.decode(name)
            if isinstance(names, dict) and names:
                out[author] = str(names.get(lang) or next(iter(names.values())))
        return out


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
        ConfigError: a setting is invalid, or the home already holds a node.
    """
    from protocol import registry

    registry.get("profile").validate(profile, config.lang)  # type: ignore[union-attr]
    check(config, "citymesh init")  # the rules `citymesh run` applies: no home that cannot start
    key = home.create(config)
    store = await Store.open(home.db)
    try:
        await store.publish_own(key, "profile", profile, config.lang)
    finally:
        await store.close()
    return key.public_id


def check_peer_url(url: str) -> None:
    """A peer's address must be an http(s) URL with a host, at most `MAX_URL_CHARS` long.

    Raises:
        FollowError: (422) naming the problem; nothing is fetched or stored.
    """
    shown = url if len(url) <= 100 else url[:100] + "..."
    if len(url) > MAX_URL_CHARS:
        raise FollowError(
            "bad_url",
            f"url is {len(url)} characters long; a peer's URL may have at most {MAX_URL_CHARS}",
            status=422,
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  # raises ValueError for a port out of range
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise FollowError(
            "bad_url",
            f"url {shown!r} is not a peer's address: use http(s)://host[:port], "
            "e.g. https://lisboa.example.org",
            status=422,
        )


async def fetch_card(url: str) -> Card:
    """Read and check a peer's node card: its profile must be a valid event by its id.

    The read is bounded in time (`CARD_SECONDS`) and size (`MAX_CARD_BYTES`).

    Raises:
        FollowError: 504 if the peer does not answer in time, 502 if it cannot be reached or
            serves no valid card.
    """
    card_url = url.rstrip("/") + "/.well-known/citymesh"
    timeout = aiohttp.ClientTimeout(
        total=CARD_SECONDS, sock_connect=CARD_CONNECT_SECONDS, sock_read=CARD_READ_SECONDS
    )
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(card_url) as resp:
                if resp.status != 200:
                    raise FollowError("bad_card", f"{url} answered {resp.status} for its card")
                if (resp.content_length or 0) > MAX_CARD_BYTES:
                    raise FollowError("bad_card", _too_large(url))
                chunks, size = [], 0
                async for chunk in resp.content.iter_any():
                    size += len(chunk)
                    if size > MAX_CARD_BYTES:
                        raise FollowError("bad_card", _too_large(url))
                    chunks.append(chunk)
                data = b"".join(chunks)
    except TimeoutError:
        raise FollowError(
            "peer_timeout",
            f"{url} did not send its card in time ({CARD_CONNECT_SECONDS:.0f} s to connect, "
            f"{CARD_READ_SECONDS:.0f} s between reads, {CARD_SECONDS:.0f} s in all); check "
            "that it is a citymesh node and that it is up",
            status=504,
        ) from None
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


def _too_large(url: str) -> str:
    return f"{url} serves a node card larger than {MAX_CARD_BYTES // 1024} KiB; not followed"


def _explain_all(items: list[tuple[str, dict[str, Any]]], lang: str) -> list[explain.BodyProblem]:
    """Every problem of every body; positions are named in a batch only."""
    many = len(items) > 1
    return [
        p
        for i, (kind, body) in enumerate(items)
        for p in explain.check(kind, body, lang, i if many else None)
    ]
