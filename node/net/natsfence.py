"""The one place that reaches past nats-py's public API.

Everything else uses nats-py's public names only. The names below are private to nats-py,
so an upgrade may rename or reshape them without notice; `PRIVATE_NAMES` lists each with the
signature it is used with, `tests/node/test_natsfence.py` checks them against the installed
nats-py, and pyproject.toml pins nats-py below its next major version. Why each is needed:

- `Client._process_msg` (overridden): the client's reader calls it for every message. A
  catch-up's direct-get replies and a follower's live messages go straight to a plain
  function (`subscribe_plain`) from here, with no message object, queue or task per
  message; other subscriptions are untouched.
- `Client._parse_header_lines` (overridden): nats-py's parse of a message's header lines
  steps through every character; the override keeps its rules (the test compares the two)
  and splits lines instead. Each direct-get reply carries four headers.
- `Client._ps` (replaced) and `Parser.state`, `Parser.needed`, `AWAITING_MSG_PAYLOAD` (read):
  the parser announces a message's size before reading its payload; the bounded parser ends
  the connection then, when the size is over `MAX_MESSAGE_BYTES`, so a hostile server
  cannot make the node buffer a huge message. nats-py has no such limit of its own, nor one
  on a control line that never ends.
- `Parser.parse` (overridden), `Parser.buf` (read and cut) and `AWAITING_CONTROL_LINE`: a
  catch-up reads one message per event, and nats-py's parse matched patterns, shifted its
  buffer and awaited a coroutine for each, a large share of the event loop's time. The
  replies of plain subscriptions at the buffer's start are taken by offsets instead; the
  tests check that the two hand over the same messages however the bytes are cut.
- `Subscription._id` (read): the subscription id the reader passes to `_process_msg`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from nats.aio.client import Client
from nats.aio.subscription import Subscription
from nats.errors import ProtocolError as NatsProtocolError
from nats.protocol.parser import AWAITING_CONTROL_LINE, AWAITING_MSG_PAYLOAD, Parser

__all__ = ["MAX_MESSAGE_BYTES", "PRIVATE_NAMES", "PlainClient", "subscribe_plain"]

#: Each private name used here, with the parameters it is used with (checked by the tests).
PRIVATE_NAMES: dict[str, tuple[object, str, list[str]]] = {
    "Client._process_msg": (
        Client,
        "_process_msg",
        ["self", "sid", "subject", "reply", "data", "headers"],
    ),
    "Client._parse_header_lines": (Client, "_parse_header_lines", ["raw"]),
    "Parser.__init__": (Parser, "__init__", ["self", "nc"]),
    "Subscription.__init__": (Subscription, "__init__", ["self", "conn", "id"]),
}

PlainHandler = Callable[[bytes | None, bytes], None]
#: The largest message a connection takes (a node's server sends at most 512 KB): a larger
#: one ends the connection as soon as its size is read, before its bytes are buffered.
MAX_MESSAGE_BYTES = 8 * 1024 * 1024
#: The longest control line (`HMSG ...`) the short way waits for: nats-py's own limit.
_MAX_CONTROL_LINE = 4096


class _BoundedParser(Parser):
    """nats-py's parser with bounds (see `MAX_MESSAGE_BYTES`), and a short way for the
    replies of a catch-up: a run of header messages for plain subscriptions is cut from the
    buffer by offsets and handed over at once, with no pattern match, no shift of the buffer
    and no coroutine per message. Anything else goes through nats-py's own parse."""

    async def parse(self, data: bytes = b"") -> None:
        self.buf.extend(data)
        if self.state == AWAITING_CONTROL_LINE and self._take_plain():
            return  # a plain subscription's message, not all here yet: this way again
        if self.buf:
            await super().parse()
            if self.state == AWAITING_MSG_PAYLOAD and self.needed > MAX_MESSAGE_BYTES:
                raise NatsProtocolError(f"a message of {self.needed} bytes")

    def _take_plain(self) -> bool:
        """Hand over the plain subscriptions' messages at the buffer's start; True if it ends
        with the start of one whose bytes are not all here yet."""
        buf, nc = self.buf, self.nc
        plain, stats, end, at = nc._plain, nc.stats, len(buf), 0
        waiting = False
        while buf.startswith(b"HMSG ", at):
            eol = buf.find(b"\r\n", at, at + _MAX_CONTROL_LINE)
            if eol < 0:
                if end - at >= _MAX_CONTROL_LINE:  # nats-py would wait for it without end
                    raise NatsProtocolError("a control line without end")
                waiting = True
                break
            # `HMSG subject sid [reply] header-bytes total-bytes`, as nats-py's pattern reads
            # it (any run of white space between the parts); anything else is its to judge.
            parts = buf[at + 5 : eol].split()
            if len(parts) not in (4, 5):
                break
            try:
                sid, head, size = int(parts[1]), int(parts[-2]), int(parts[-1])
            except ValueError:
                break
            if size > MAX_MESSAGE_BYTES:
                raise NatsProtocolError(f"a message of {size} bytes")
            handler = plain.get(sid)
            start = eol + 2
            if handler is None or not 0 <= head <= size:
                break  # another subscription's, or malformed: nats-py's to judge
            if end < start + size + 2:
                waiting = True
                break
            payload = bytes(buf[start + head : start + size])
            at = start + size + 2
            stats["in_msgs"] += 1
            stats["in_bytes"] += len(payload)
            handler(bytes(buf[start : start + head]) if head else None, payload)
        if at:
            del buf[:at]
        return waiting


class PlainClient(Client):
    """nats-py's client with a faster parse of message headers, a bound on a message's size,
    and subscriptions whose messages go to a plain function (`subscribe_plain`)."""

    def __init__(self) -> None:
        super().__init__()
        self._plain: dict[int, PlainHandler] = {}
        self._ps = _BoundedParser(self)

    async def _process_msg(
        self, sid: int, subject: bytes, reply: bytes, data: bytes, headers: bytes
    ) -> None:
        handler = self._plain.get(sid)
        if handler is None:
            await super()._process_msg(sid, subject, reply, data, headers)
            return
        self.stats["in_msgs"] += 1
        self.stats["in_bytes"] += len(data)
        handler(headers, data)

    @staticmethod
    def _parse_header_lines(raw: bytes) -> dict[str, str]:
        # nats-py's own rules (tests/node/test_transport.py compares the two); its check for
        # whitespace, one generator step per character, only runs for unusual names.
        out: dict[str, str] = {}
        for line in raw.split(b"\r\n"):
            name, sep, value = line.partition(b":")
            if not sep:
                continue
            try:
                key = name.strip().decode("ascii")
            except UnicodeDecodeError:
                continue
            if not key.replace("-", "").isalnum() and any(c.isspace() for c in key):
                continue
            out[key] = value.strip().decode("utf-8", "replace")
        return out


class PlainSubscription:
    """A subscription made by `subscribe_plain`."""

    def __init__(self, nc: PlainClient, sub: Any) -> None:
        self._nc, self._sub = nc, sub

    async def unsubscribe(self) -> None:
        self._nc._plain.pop(self._sub._id, None)
        with contextlib.suppress(Exception):  # a closed connection has no subscriptions left
            await self._sub.unsubscribe()


async def subscribe_plain(nc: Client, subject: str, handler: PlainHandler) -> PlainSubscription:
    """Subscribe so that each message's raw headers and payload go to `handler`, called by
    the connection's reader: no message object, no queue, no task (it must not block or
    raise). `nc` comes from `transport.connect`."""
    if not isinstance(nc, PlainClient):
        raise TypeError("subscribe_plain needs a connection made by transport.connect")
    sub = await nc.subscribe(subject)
    nc._plain[sub._id] = handler
    return PlainSubscription(nc, sub)
