"""Batched direct gets from a peer's stream, with the replies taken as they are read.

A catch-up asks the peer's JetStream for up to `batch` messages at a time
(`$JS.API.DIRECT.GET.<stream>` with `seq`, `batch` and `next_by_subj`). The server answers
with one message per stored event, its stream sequence in `Nats-Sequence`, and ends the
batch with a status message: `204` (`Nats-Num-Pending`: how many more it holds) or `404`
(nothing more). The replies go straight from the connection's reader to `Replies.take`
(`natsfence.subscribe_plain`): a message object and two queues per reply took a large
share of the event loop's time in a catch-up.

A peer's answer is hostile until checked, and bounded as it is read: a message over the
event size limit keeps only its sequence (`OVERSIZE` stands in for its bytes, and it is
rejected as too large); a batch ends with an error once it holds more messages or bytes than
were asked for, or lasts longer than `BATCH_SECONDS`.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import msgspec
from nats.aio.client import Client

from protocol import limits

from ..ingest.gate import OVERSIZE
from . import subjects
from .natsfence import subscribe_plain

__all__ = ["Batch", "DirectGet", "MAX_BATCH_BYTES", "header"]

#: A batch fails after this long without a reply.
QUIET_SECONDS = 10.0
#: ... and after this long in all, even if replies keep coming.
BATCH_SECONDS = 60.0
#: The bytes a batch asks for (`max_bytes`): what a node's nats-server queues for one
#: follower before it cuts it off as a slow consumer (`natsconf.MAX_PENDING`) must hold it
#: with the message that crosses the line and every message's headers and protocol line
#: (a few hundred bytes each), while the follower is busy and reads late.
MAX_BATCH_BYTES = 192 * 1024
#: What a batch may hold before it fails: what was asked for, plus the message that crossed
#: the line (the server sends it whole), plus headers.
_REPLY_BYTES = MAX_BATCH_BYTES + limits.MAX_EVENT_BYTES + 64 * 1024


class Batch(msgspec.Struct):
    """One direct get's answer: (stream sequence, bytes) of each message kept, how many more
    the peer holds after them (0 if unknown), the stream's last sequence if it said, and the
    sequence of the last message read (kept or not; 0 if none)."""

    items: list[tuple[int, bytes]]
    pending: int
    last: int | None
    read_to: int = 0


def header(headers: bytes, name: bytes) -> bytes | None:
    """The value of header `name` in a message's raw header block (as `subscribe_plain` hands
    it over), or None."""
    at = headers.find(b"\r\n" + name + b":")
    if at < 0:
        return None
    start = at + len(name) + 3
    return headers[start : headers.find(b"\r\n", start)].strip()


class DirectGet:
    """One catch-up's direct gets from a peer's stream: one inbox, one request at a time."""

    def __init__(self, nc: Client, stream: str, only: tuple[bytes, bytes] | None = None) -> None:
        """`only` (header name, value): keep only the messages that carry that header with
        that value; the others are read and counted, not kept."""
        self.nc, self.stream, self.only = nc, stream, only
        self.inbox = nc.new_inbox()
        self._sub: Any = None
        self._items: list[tuple[int, bytes]] = []
        self._read_to = 0
        self._done: asyncio.Future[Batch] | None = None
        self._room, self._bytes = 0, 0

    async def __aenter__(self) -> DirectGet:
        self._sub = await subscribe_plain(self.nc, self.inbox, self.take)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._sub.unsubscribe()

    def abort(self, reason: Exception) -> None:
        """Fail the fetch in progress now: its connection dropped, and the replies it waits
        for are gone with it (waiting `QUIET_SECONDS` for them would only lose time)."""
        done = self._done
        if done is not None and not done.done():
            self._items = []
            done.set_exception(reason)

    async def fetch(self, start: int, subject: str, batch: int) -> Batch:
        """Up to `batch` messages on `subject` from stream sequence `start` on.

        Raises:
            TimeoutError: no reply for `QUIET_SECONDS`, or no end after `BATCH_SECONDS`.
            ValueError: a reply that is not a direct get's, or more than was asked for.
        """
        self._items, self._room, self._bytes, self._read_to = [], batch, 0, 0
        loop = asyncio.get_running_loop()
        done = self._done = loop.create_future()
        request = {
            "seq": start,
            "batch": batch,
            "max_bytes": MAX_BATCH_BYTES,
            "next_by_subj": subject,
        }
        await self.nc.publish(
            subjects.direct_get_api(self.stream), json.dumps(request).encode(), reply=self.inbox
        )
        deadline = loop.time() + BATCH_SECONDS
        while True:
            seen = len(self._items)
            await asyncio.wait([done], timeout=min(QUIET_SECONDS, deadline - loop.time()))
            if done.done():
                return done.result()
            quiet = len(self._items) == seen
            if quiet or loop.time() >= deadline:
                done.cancel()
                self._items = []
                if quiet:
                    raise TimeoutError(f"no reply from the peer's stream for {QUIET_SECONDS:.0f} s")
                raise TimeoutError(f"the peer's batch did not end in {BATCH_SECONDS:.0f} s")

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
            seq = header(headers, b"Nats-Sequence")
            if seq is None or not seq.isdigit():
                done.set_exception(ValueError("a direct-get reply without Nats-Sequence"))
                return
            if len(data) > limits.MAX_EVENT_BYTES:
                data = OVERSIZE  # only what is kept counts: this one is gone already
            self._room -= 1
            self._bytes += len(data) + len(headers)
            if self._room < 0 or self._bytes > _REPLY_BYTES:
                self._items = []  # dropped now, not when the fetch wakes up
                done.set_exception(ValueError("the peer's batch is larger than asked for"))
                return
            self._read_to = int(seq)
            if self.only is None or header(headers, self.only[0]) == self.only[1]:
                self._items.append((self._read_to, data))
            return
        status = headers[9:12]
        if status not in (b"204", b"404"):  # 503: no stream answers; 408: a bad request
            line = headers[9 : headers.find(b"\r\n")].decode("ascii", "replace")
            done.set_exception(ValueError(f"the peer's stream answered {line!r}"))
            return
        last = header(headers, b"Nats-Last-Sequence")
        pending = header(headers, b"Nats-Num-Pending") if status == b"204" else None
        done.set_result(
            Batch(
                self._items,
                int(pending) if pending and pending.isdigit() else 0,
                int(last) if last and last.isdigit() else None,
                self._read_to,
            )
        )
