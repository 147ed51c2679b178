"""The node's own NATS connection: its stream, and the outbox that fills it.

Every accepted event (own or relayed) is stored first and then published to the node's
stream with its id as `Nats-Msg-Id`. Rows not yet acknowledged by JetStream are published
again after a crash or disconnect; the stream's duplicate window absorbs the repeats.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import nats
from nats.aio.client import Client
from nats.js.api import RePublish, StorageType, StreamConfig
from nats.js.errors import BadRequestError

from protocol import limits

from . import subjects
from .store import Store

__all__ = ["Transport", "connect"]

log = logging.getLogger("citymesh.transport")


async def connect(
    urls: list[str],
    *,
    name: str,
    on_reconnect: Callable[[], Awaitable[None]] | None = None,
    **options: object,
) -> Client:
    """Connect with unlimited reconnects (a server that is down never ends the node)."""
    state: dict[str, bool] = {"connected": False}

    async def disconnected() -> None:
        state["connected"] = False

    async def reconnected() -> None:
        state["connected"] = True
        if on_reconnect:
            await on_reconnect()

    async def error(exc: Exception) -> None:
        log.debug("nats %s: %s", name, exc)

    nc = await nats.connect(
        servers=urls,
        name=name,
        max_reconnect_attempts=-1,
        reconnect_time_wait=0.25,
        connect_timeout=2,
        allow_reconnect=True,
        pending_size=16 * 1024 * 1024,
        disconnected_cb=disconnected,
        reconnected_cb=reconnected,
        error_cb=error,
        **options,  # type: ignore[arg-type]
    )
    return nc


def stream_config(replicas: int = 1) -> StreamConfig:
    return StreamConfig(
        name=subjects.STREAM,
        subjects=[subjects.event_wildcard()],
        storage=StorageType.FILE,
        allow_direct=True,
        duplicate_window=3600.0,
        max_msg_size=limits.MAX_EVENT_BYTES,
        num_replicas=replicas,
        republish=RePublish(src=subjects.event_wildcard(), dest=subjects.live_wildcard()),
    )


class Transport:
    """Owns the node's connection, ensures its stream, and runs the outbox publisher."""

    def __init__(self, store: Store, urls: list[str], nkey_seed: str, replicas: int = 1) -> None:
        self.store, self.urls, self.nkey_seed, self.replicas = store, urls, nkey_seed, replicas
        self.nc: Client | None = None
        self.wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.published = 0

    @property
    def connected(self) -> bool:
        return bool(self.nc and self.nc.is_connected)

    async def start(self) -> None:
        self.nc = await connect(
            self.urls,
            name="citymesh-node",
            on_reconnect=self._on_reconnect,
            nkeys_seed_str=self.nkey_seed,
        )
        await self.ensure_stream()
        self._task = asyncio.create_task(self._outbox(), name="outbox")

    async def _on_reconnect(self) -> None:
        self.wake.set()

    async def ensure_stream(self) -> None:
        """Create the stream, or bring its config up to date (idempotent)."""
        assert self.nc is not None
        js = self.nc.jetstream()
        config = stream_config(self.replicas)
        try:
            await js.add_stream(config)
        except BadRequestError:
            await js.update_stream(config)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self.nc:
            with contextlib.suppress(Exception):
                await self.nc.drain()

    async def _outbox(self) -> None:
        backoff = 0.1
        while True:
            try:
                rows = await self.store.unpublished(500)
                if not rows:
                    self.wake.clear()
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(self.wake.wait(), 2.0)
                    continue
                await self._publish(rows)
                backoff = 0.1
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # disconnected, timeout, stream missing: retry
                log.info("outbox: %s; retrying in %.1fs", exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                with contextlib.suppress(Exception):
                    if self.connected:
                        await self.ensure_stream()

    async def _publish(self, rows: list[tuple[int, str, str, bytes]]) -> None:
        assert self.nc is not None
        js = self.nc.jetstream()
        acks = await asyncio.gather(
            *(
                js.publish(
                    subjects.event_subject(author),
                    raw,
                    timeout=5,
                    headers={"Nats-Msg-Id": event_id},
                )
                for _, event_id, author, raw in rows
            ),
            return_exceptions=True,
        )
        done = [
            row[0]
            for row, ack in zip(rows, acks, strict=True)
            if not isinstance(ack, BaseException)
        ]
        if done:
            await self.store.mark_published(done)
            self.published += len(done)
        failed = next((a for a in acks if isinstance(a, BaseException)), None)
        if failed is not None:
            raise failed
