"""The verifier's worker process: `python -m node.ingest.worker`.

It reads length-prefixed msgpack batches of raw events on stdin and answers each with one
failure or None per event on stdout, in order. It imports only the protocol and msgspec (no
event loop, no store), so that it starts in a fraction of the node's start time and holds
little memory: the node waits for its first answer.
"""

from __future__ import annotations

import signal
import sys
from datetime import UTC, datetime
from typing import BinaryIO

import msgspec

from protocol import decode_event
from protocol.errors import ProtocolError

__all__ = ["Failure", "Reply", "frame", "serve"]


class Failure(msgspec.Struct, array_like=True):
    """A rejection as it crosses the pipe: the error's class name and fields."""

    kind: str
    code: str
    detail: str
    path: str | None


Reply = list[Failure | None]


def frame(payload: bytes) -> bytes:
    return len(payload).to_bytes(4, "big") + payload


def _check_part(raws: list[bytes], now: datetime) -> Reply:
    """One failure or None per event, checked by `now`."""
    reply: Reply = []
    # Each event is dropped as soon as it is checked: a batch of decoded events kept
    # alive made the cyclic GC walk them again and again.
    for raw in raws:
        try:
            decode_event(raw, now=now)
            reply.append(None)
        except ProtocolError as e:
            reply.append(Failure(type(e).__name__, e.code, e.detail, e.path))
    return reply


def serve(inp: BinaryIO, out: BinaryIO) -> None:
    """The worker's loop: a batch of raw events in, one failure or None per event out. One
    thread: the node runs as many workers as it wants cores for checking (`Verifier`)."""
    decode = msgspec.msgpack.Decoder(list[bytes]).decode
    encode = msgspec.msgpack.Encoder().encode
    while True:
        head = inp.read(4)
        if len(head) < 4:
            return  # the node closed the pipe: stop
        raws = decode(inp.read(int.from_bytes(head, "big")))
        out.write(frame(encode(_check_part(raws, datetime.now(UTC)))))
        out.flush()


if __name__ == "__main__":
    # Ctrl-C reaches the whole process group: the node stops its worker itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    serve(sys.stdin.buffer, sys.stdout.buffer)
