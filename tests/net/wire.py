"""The test bed's wire: one process that carries every IP packet between the bed's hosts.

Each host's namespace holds a TUN device this process created (and moved there); a packet a
host sends to another host's address comes out here, and is written into the other host's
device after the link's one-way delay (plus uniform jitter), unless the link drops it (loss,
a partition, a blocked port) or its rate queue is full. This stands in for `tc netem`, which
this kernel lacks: delay, jitter, loss and rate act on packets, below TCP, as on a real path.
When the process ends its devices go with it.

Commands arrive as JSON lines on stdin; each is answered `ok` (or `error ...`) on stdout:
  {"op": "add", "dev": "cmA1b2c3"}                    create a TUN device named dev
  {"op": "addr", "dev": ..., "ip": "10.1.2.1"}        packets for ip go into dev
  {"op": "link", "a": ip, "b": ip, "delay_ms": 45, "jitter_ms": 5, "loss": 0.02,
   "rate_bps": 1000000, "down": false}               both directions between a and b
  {"op": "block", "ip": ip, "port": 4222}             drop TCP to ip:port from other hosts
  {"op": "traffic"}                                   answered `ok {"src>dst": bytes, ...}`:
                                                      IP bytes delivered per direction so far
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import random
import socket
import struct
import sys
import time
from dataclasses import dataclass

_TUNSETIFF = 0x400454CA
_IFF_TUN, _IFF_NO_PI = 0x0001, 0x1000
#: A direction's rate queue holds at most this much sending time (then packets are dropped,
#: as a router's queue overflows).
MAX_QUEUE_SECONDS = 0.5


@dataclass
class Link:
    delay_ms: float = 0.0
    jitter_ms: float = 0.0
    loss: float = 0.0
    rate_bps: float = 0.0
    down: bool = False


class Wire:
    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.devs: dict[str, int] = {}
        self.routes: dict[bytes, int] = {}
        self.links: dict[frozenset[bytes], Link] = {}
        self.blocked: set[tuple[bytes, int]] = set()
        self.busy_until: dict[tuple[bytes, bytes], float] = {}
        self.delivered: dict[tuple[bytes, bytes], int] = {}
        self.rng = random.Random()

    def add(self, dev: str) -> None:
        fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
        fcntl.ioctl(fd, _TUNSETIFF, struct.pack("16sH", dev.encode(), _IFF_TUN | _IFF_NO_PI))
        self.devs[dev] = fd
        self.loop.add_reader(fd, self._read, fd)

    def _read(self, fd: int) -> None:
        for _ in range(64):
            try:
                packet = os.read(fd, 65536)
            except (BlockingIOError, OSError):
                return
            self._forward(packet)

    def _forward(self, packet: bytes) -> None:
        if len(packet) < 20 or packet[0] >> 4 != 4:
            return  # IPv4 only
        src, dst = packet[12:16], packet[16:20]
        out = self.routes.get(dst)
        if out is None:
            return
        if packet[9] == 6 and self.blocked:  # TCP: the destination port after the IP header
            start = (packet[0] & 0x0F) * 4
            port = int.from_bytes(packet[start + 2 : start + 4], "big")
            if (dst, port) in self.blocked:
                return
        link = self.links.get(frozenset((src, dst)), Link())
        if link.down or (link.loss and self.rng.random() < link.loss):
            return
        now = time.monotonic()
        send_at = now
        if link.rate_bps:
            start_at = max(now, self.busy_until.get((src, dst), now))
            if start_at - now > MAX_QUEUE_SECONDS:
                return
            send_at = start_at + len(packet) * 8 / link.rate_bps
            self.busy_until[(src, dst)] = send_at
        self.delivered[(src, dst)] = self.delivered.get((src, dst), 0) + len(packet)
        delay = link.delay_ms + (self.rng.uniform(-1, 1) * link.jitter_ms if link.jitter_ms else 0)
        at = send_at + max(0.0, delay) / 1000
        if at <= now:
            self._write(out, packet)
        else:
            self.loop.call_at(self.loop.time() + (at - now), self._write, out, packet)

    @staticmethod
    def _write(fd: int, packet: bytes) -> None:
        try:
            os.write(fd, packet)
        except OSError:
            pass  # the device's queue is full or it is gone: the packet is lost

    def command(self, cmd: dict[str, object]) -> str:
        """Carry out one command; returns what follows `ok` in the answer."""
        op = cmd["op"]
        if op == "traffic":
            return json.dumps(
                {
                    f"{socket.inet_ntoa(src)}>{socket.inet_ntoa(dst)}": count
                    for (src, dst), count in self.delivered.items()
                }
            )
        if op == "add":
            self.add(str(cmd["dev"]))
        elif op == "addr":
            self.routes[socket.inet_aton(str(cmd["ip"]))] = self.devs[str(cmd["dev"])]
        elif op == "link":
            key = frozenset((socket.inet_aton(str(cmd["a"])), socket.inet_aton(str(cmd["b"]))))
            fields = {k: v for k, v in cmd.items() if k in Link.__dataclass_fields__}
            self.links[key] = Link(**fields)  # type: ignore[arg-type]
        elif op == "block":
            self.blocked.add((socket.inet_aton(str(cmd["ip"])), int(cmd["port"])))  # type: ignore[call-overload]
        else:
            raise ValueError(f"unknown op {op!r}")
        return ""


async def main() -> None:
    wire = Wire()
    reader = asyncio.StreamReader()
    await wire.loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    print("ready", flush=True)
    while line := await reader.readline():
        try:
            answer = wire.command(json.loads(line))
            print(f"ok {answer}" if answer else "ok", flush=True)
        except Exception as exc:
            print(f"error {exc}", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
