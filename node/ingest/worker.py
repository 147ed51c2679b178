"""The verifier's worker process: `python -m node.ingest.worker`.

It reads length-prefixed msgpack batches of raw events on stdin and answers each with one
failure or None per event on stdout, in order, after a first frame with its process id. It
imports only the protocol and msgspec (no event loop, no store), so that it starts in a
fraction of the node's start time and holds little memory: the node waits for its first
answer.

`--sibling IN,OUT` (repeatable) names the pipe ends, inherited from the node, of another
worker: once imported, this one forks it, which then serves those pipes. One start and its
imports serve every worker (a start costs a tenth of a second of CPU, at the moment a
catch-up waits for its first batch).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from datetime import UTC, datetime
from typing import BinaryIO

import msgspec

from protocol import decode_event
from protocol.errors import ProtocolError

__all__ = ["Failure", "Reply", "frame", "serve", "siblings"]


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
    """The worker's loop: its process id, then a batch of raw events in, one failure or None
    per event out. One thread: the node runs as many workers as it wants cores for checking
    (`Verifier`)."""
    decode = msgspec.msgpack.Decoder(list[bytes]).decode
    encode = msgspec.msgpack.Encoder().encode
    out.write(frame(encode(os.getpid())))
    out.flush()
    while True:
        head = inp.read(4)
        if len(head) < 4:
            return  # the node closed the pipe: stop
        raws = decode(inp.read(int.from_bytes(head, "big")))
        out.write(frame(encode(_check_part(raws, datetime.now(UTC)))))
        out.flush()


def siblings(args: list[str]) -> tuple[BinaryIO, BinaryIO, list[int]]:
    """Fork a worker for each `--sibling IN,OUT` in `args`: the (input, output) this process
    serves (its own stdin and stdout, or in a sibling, the pipes named for it) and the
    process ids of the siblings it forked."""
    pairs: list[tuple[int, int]] = []
    for flag, value in zip(args[::2], args[1::2], strict=True):
        if flag == "--sibling":
            read_end, write_end = value.split(",")
            pairs.append((int(read_end), int(write_end)))
    mine = (sys.stdin.fileno(), sys.stdout.fileno())
    forked: list[int] = []
    for pair in pairs:
        pid = os.fork()
        if pid == 0:
            mine, forked = pair, []
            break
        forked.append(pid)
    # Each process keeps its own pipe ends only, so that each end's reader sees the end of
    # input or output when the one process that holds the other end is gone.
    for fd in {*(fd for pair in pairs for fd in pair), sys.stdin.fileno(), sys.stdout.fileno()}:
        if fd not in mine:
            os.close(fd)
    return os.fdopen(mine[0], "rb", closefd=False), os.fdopen(mine[1], "wb", closefd=False), forked


if __name__ == "__main__":
    # Ctrl-C reaches the whole process group: the node stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    inp, out, forked = siblings(sys.argv[1:])
    serve(inp, out)
    # The node closes every worker's input together, and waits for this process alone: it
    # exits once its siblings have.
    for pid in forked:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
