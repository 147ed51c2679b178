"""Batched direct gets from a peer's stream, with the replies taken as they are read.

A catch-up asks the peer's JetStream for up to `batch` messages at a time
(`$JS.API.DIRECT.GET.<stream>` with `seq`, `batch` and `next_by_subj`). The server answers
with one message per stored event, its stream sequence in `Nats-Sequence`, and ends the
batch with a status message: `204` (`Nats-Num-Pending`: how many more it holds) or `404`
(nothing more). The replies go straight from the connection's reader to `Replies.take`
(`transport.subscribe_plain`): a message object and two queues per reply took about a third
of the event loop's time in a catch-up.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import msgspec
from nats.aio.client import Client

from . import subjects
from .transport import subscribe_plain

__all__ = ["Batch", "DirectGet"]

#: A batch fails after this long without a reply.
QUIET_SECONDS = 10.0


class Batch(msgspec.Struct):
    """One direct get's answer: (stream sequence, bytes) of each message, how many more the
    peer holds after them (0 if unknown), and the stream's last sequence if it said."""

    items: list[tuple[int, bytes]]
    pending: int
    last: int | None


def _header(headers: bytes, name: bytes) -> bytes | None:
    """The value of header `name` in a message's raw header block, or None."""
    at = headers.find(b"\r\n" + name + b":")
    if at < 0:
        return None
    start = at + len(name) + 3
    return headers[start : headers.find(b"\r\n", start)].strip()


class DirectGet:
    """One catch-up's direct gets from a peer's stream: one inbox, one request at a time."""

    def __init__(self, nc: Client, stream: str) -> None:
        self.nc, self.stream = nc, stream
        self.inbox = nc.new_inbox()
        self._sub: Any = None
        self._items: list[tuple[int, bytes]] = []
        self._done: asyncio.Future[Batch] | None = None

    async def __aenter__(self) -> DirectGet:
        self._sub = await subscribe_plain(self.nc, self.inbox, self.take)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._sub.unsubscribe()

    async def fetch(self, start: int, subject: str, batch: int) -> Batch:
        """Up to `batch` messages on `subject` from stream sequence `start` on.

        Raises:
            TimeoutError: no reply for `QUIET_SECONDS`.
            ValueError: a reply that is not a direct get's.
        """
        self._items = []
        done = self._done = asyncio.get_running_loop().create_future()
        request = {"seq": start, "batch": batch, "next_by_subj": subject}
        await self.nc.publish(
            subjects.direct_get_api(self.stream), json.dumps(request).encode(), reply=self.inbox
        )
        while True:
            seen = len(self._items)
            await asyncio.wait([done], timeout=QUIET_SECONDS)
            if done.done():
                return done.result()
            if len(self._items) == seen:
                done.cancel()
                raise TimeoutError(f"no reply from the peer's stream for {QUIET_SECONDS:.0f} s")

    def take(self, headers: bytes | None, data: bytes) -> None:
        """Take one reply (called by the connection's reader: it must not raise)."""
        done = self._done
        if done is None or done.done():
            return  # the fetch it belonged to gave up
        # b"NATS/1.0\r\n..." for a message; b"NATS/1.0 204 EOB\r\n..." for a status.
        if not headers or not headers.startswith(b"NATS/1.0"):
            done.set_exception(ValueError("a direct-get reply without headers"))
            return
        if headers[8:9] != b" ":
            seq = _header(headers, b"Nats-Sequence")
            if seq is None or not seq.isdigit():
                done.set_exception(ValueError("a direct-get reply without Nats-Sequence"))
                return
            self._items.append((int(seq), data))
            return
        status = headers[9:12]
        if status not in (b"204", b"404"):  # 503: no stream answers; 408: a bad request
            line = headers[9 : headers.find(b"\r\n")].decode("ascii", "replace")
            done.set_exception(ValueError(f"the peer's stream answered {line!r}"))
            return
        last = _header(headers, b"Nats-Last-Sequence")
        pending = _header(headers, b"Nats-Num-Pending") if status == b"204" else None
        done.set_result(
            Batch(
                self._items,
                int(pending) if pending and pending.isdigit() else 0,
                int(last) if last and last.isdigit() else None,
            )
        )
