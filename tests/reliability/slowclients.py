"""The slow-client campaigns, shared by the CI tests and `tests/soak/slowclients.py`: clients
that never finish their request head, and live-stream clients that resume from an old id and
never read, against a node process while /healthz is probed."""

from __future__ import annotations

import contextlib
import resource
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from floodrun import _probe
from helpers import initiative
from nodeproc import NodeProc, wait_until

from node.app import Node
from node.config import Home


@contextlib.contextmanager
def probing(url: str) -> Iterator[dict[str, Any]]:
    """/healthz asked every 50 ms in a thread; the figures (probes, slowest, failures)."""
    stats: dict[str, Any] = {"probes": 0, "slowest": 0.0, "failures": 0}
    stop = threading.Event()
    prober = threading.Thread(target=_probe, args=(url, stop, stats), daemon=True)
    prober.start()
    try:
        yield stats
    finally:
        stop.set()
        prober.join()
        stats["slowest"] = round(stats["slowest"], 3)


def half_open(port: int, count: int, source: str = "127.0.0.1") -> list[socket.socket]:
    """`count` connections that send part of a request head and then nothing."""
    socks = []
    for _ in range(count):
        s = socket.socket()
        s.bind((source, 0))
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        socks.append(s)
    return socks


def stream_client(port: int, source: str, resume: int = 0) -> socket.socket:
    """A client that resumes the live stream from an old id, reads up to the first event, and
    then reads nothing more."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    s.sendall(b"GET /api/v1/stream HTTP/1.1\r\nHost: x\r\nLast-Event-ID: %d\r\n\r\n" % resume)
    seen = b""
    s.settimeout(30)
    while b"\nid: " not in seen:
        chunk = s.recv(1024)
        assert chunk, seen
        seen += chunk
    assert seen.startswith(b"HTTP/1.1 200"), seen
    return s


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


async def publish_many(home: Path, count: int, size: int) -> None:
    """Fill a (stopped) node's store with `count` events of about `size` bytes."""
    node = Node(Home(home))
    await node.start()
    try:
        for i in range(count):
            await node.publish("initiative", initiative(f"Event {i}", summary={"en": "s" * size}))
    finally:
        await node.stop()


def start_with_file_limit(node: NodeProc, limit: int) -> None:
    """Start the node under a file limit (a systemd unit's is 1,024); this process keeps a
    higher one for its own sockets."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
    try:
        node.start()
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 8192)), hard))
    assert node.proc is not None
    assert resource.prlimit(node.proc.pid, resource.RLIMIT_NOFILE)[0] == limit


def half_open_flood(node: NodeProc, connections: int, addresses: int = 10) -> dict[str, Any]:
    """Open `connections` half-open connections from `addresses` loopback addresses, then
    publish one event and wait for 40 health probes; the figures."""
    assert node.proc is not None
    log_before = node.log.stat().st_size
    socks: list[socket.socket] = []
    with probing(node.url) as stats:
        try:
            per = connections // addresses
            for i in range(addresses):
                socks += half_open(node.http_port, per, f"127.0.0.{2 + i}")
            status, answer = node.post(
                "/api/v1/events", {"kind": "initiative", "body": initiative("During")}
            )
            stats["publish_status"] = status
            wait_until(lambda: stats["probes"] >= 40, 60, "40 health probes answered")
            stats["open_fds"] = len(list(Path(f"/proc/{node.proc.pid}/fd").iterdir()))
        finally:
            for s in socks:
                s.close()
    stats["connections"] = len(socks)
    stats["log_growth_bytes"] = node.log.stat().st_size - log_before
    stats["vm_hwm_mib"] = round(node.vm_hwm_kib() / 1024, 1)
    return stats


def stream_flood(node: NodeProc, clients: int, addresses: int = 5) -> dict[str, Any]:
    """`clients` live-stream clients resuming from id 0 that never read, from `addresses`
    loopback addresses, while health is probed; the figures (RSS growth in MiB)."""
    assert node.proc is not None
    before = rss_kib(node.proc.pid)
    socks: list[socket.socket] = []
    with probing(node.url) as stats:
        try:
            for i in range(clients):
                socks.append(stream_client(node.http_port, f"127.0.0.{2 + i % addresses}"))
            wait_until(lambda: stats["probes"] >= 20, 60, "20 health probes answered")
            stats["rss_growth_mib"] = round((rss_kib(node.proc.pid) - before) / 1024, 1)
        finally:
            for s in socks:
                s.close()
    stats["clients"] = len(socks)
    stats["vm_hwm_mib"] = round(node.vm_hwm_kib() / 1024, 1)
    return stats
