"""What the benchmarks share: a peer stream loaded with events, a follower node, reporting."""

from __future__ import annotations

import asyncio
import compileall
import json
import os
import random
import socket
import sys
import time
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

import aiohttp
import msgspec
import nats

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def compile_modules() -> None:
    """Give the checkout's modules their bytecode, as an installed citymesh has it (pip
    compiles at install). Where PYTHONDONTWRITEBYTECODE is set, a checkout's processes
    would compile them from source at every start, the verifier's workers inside the
    measured time included; compileall writes whatever that setting says."""
    for package in ("node", "protocol"):
        compileall.compile_dir(ROOT / package, quiet=1)


compile_modules()

from node.app import Node, create_node, tune_collector  # noqa: E402
from node.config import Config, Home, HttpConfig, NatsConfig  # noqa: E402
from node.net import natsconf, subjects  # noqa: E402
from node.net.natsserver import EmbeddedServer  # noqa: E402
from node.net.replication import ALL  # noqa: E402
from node.net.transport import stream_config  # noqa: E402
from protocol import SigningKey  # noqa: E402
from protocol.card import Card, CardNats  # noqa: E402


class _Author(msgspec.Struct):
    author: str


_given: set[int] = set()


def free_port() -> int:
    """A loopback port nothing listens on, not handed out before by this process, below the
    kernel's range for outgoing connections. A port from that range (binding port 0 gives one)
    can be taken by a connection, or by a node's own loopback listener, before the node it was
    meant for binds it: that node then fails to start and the benchmark talks to another."""
    first = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    low = 20_000 if first > 21_000 else 1024
    for _ in range(2000):
        port = random.randint(low, first - 1)
        if port in _given:
            continue
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _given.add(port)
        return port
    raise RuntimeError("no free loopback port below the ephemeral range")


def rss_mb(pid: int) -> float:
    """Resident set size of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Peer:
    """A nats-server holding a node-shaped stream of events (the peer a follower reads)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.key = SigningKey(b"\x42" * 32)
        self.port = free_port()
        self.password = "bench-peer"
        self.server: EmbeddedServer | None = None

    async def start(self, *, durable: bool = False) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        conf = natsconf.render(
            self.key,
            listen=f"127.0.0.1:{self.port}",
            store_dir=self.root / "js",
            peer_password=self.password,
            server_name="bench-peer",
        )
        if not durable:  # loading the benchmark's input is setup, not the thing measured
            conf = conf.replace("sync_interval: always", "sync_interval: 2m")
        (self.root / "nats.conf").write_text(conf)
        self.server = EmbeddedServer(
            self.root / "nats.conf", "127.0.0.1", self.port, self.root / "nats.log"
        )
        await self.server.start()

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    async def connect(self) -> nats.aio.client.Client:
        return await nats.connect(self.url, nkeys_seed_str=natsconf.node_nkey_seed(self.key))

    async def load(self, events: Iterable[bytes], total: int, progress: bool = False) -> None:
        """Publish events into the stream unless it already holds them (cached between runs).

        A server that has just written its stream holds what it wrote in its caches: past its
        memory limit (`natsserver.EMBEDDED_MEMORY_LIMIT`) its collector then runs all the time,
        and serving a message cost 40 µs of its CPU instead of 7 (50,000 events). A peer that
        has held its stream a while is the one a benchmark measures against: the server is
        started again after writing."""
        nc = await self.connect()
        js = nc.jetstream(publish_async_max_pending=4000)
        try:
            await js.add_stream(stream_config())
        except Exception:
            pass
        have = (await js.stream_info(subjects.STREAM)).state.messages
        futures = []
        for i, raw in enumerate(events):
            if i < have:
                continue
            author = msgspec.json.decode(raw, type=_Author).author
            futures.append(await js.publish_async(subjects.event_subject(author), raw))
            if len(futures) >= 4000:
                await asyncio.gather(*futures)
                futures = []
                if progress:
                    bar(i + 1, total, "loading peer")
        await asyncio.gather(*futures)
        if progress:
            bar(total, total, "loading peer")
        await nc.close()
        if total > have:
            await self.stop()
            await self.start()

    def card(self) -> Card:
        return Card(
            id=self.key.public_id,
            name="bench peer",
            http_url="http://127.0.0.1:1",
            nats=CardNats(urls=[self.url], user=subjects.PEER_USER, password=self.password),
            profile={},
        )

    async def stop(self) -> None:
        if self.server:
            await self.server.stop()


async def follower(root: Path, name: str = "follower") -> Node:
    """A fresh node with its own embedded nats-server (the real configuration)."""
    home = Home(root / name)
    config = Config(
        name=name,
        type="municipality",
        lang="en",
        http=HttpConfig(port=free_port()),
        nats=NatsConfig(port=free_port()),
    )
    await create_node(home, config, {"name": {"en": name}, "node_type": "municipality"})
    node = Node(home)
    await node.start()
    tune_collector()  # as `citymesh run` does
    return node


async def follow_all(node: Node, peer: Peer) -> None:
    await node.replicator.follow("bench-peer", peer.card(), ALL)


def bar(done: int, total: int, label: str) -> None:
    """A progress bar on the terminal (stderr, so stdout stays machine-readable)."""
    if not sys.stderr.isatty() and done < total:
        return
    width = 40
    filled = int(width * done / max(total, 1))
    sys.stderr.write(f"\r{label:<14} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def machine() -> dict[str, Any]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {"cpus": os.cpu_count(), "cpu": cpu, "python": sys.version.split()[0]}


def report(name: str, figures: dict[str, Any], summary: str) -> None:
    """Print the figures as JSON, then the one-line summary last."""
    load = [round(x, 2) for x in os.getloadavg()]  # above 2 on 2 cores: something competes
    print(json.dumps({"benchmark": name, "machine": machine(), "load": load, **figures}, indent=2))
    print(summary)


def percentile(values: list[float], q: float) -> float:
    """The value at fraction `q` (0.99 for p99) of `values`, as the nearest rank below."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def now() -> float:
    return time.perf_counter()


#: Sends one item (the number given) and returns its key, as the stream will name it.
Send = Callable[[aiohttp.ClientSession, int], Awaitable[str]]


async def relay_times(
    stream_url: str, send: Send, key: Callable[[bytes], str], count: int, rate: float
) -> list[float]:
    """Milliseconds from each send until its item comes out of the event stream at
    `stream_url` (each `data:` line's payload named by `key`), sorted; `count` sends at a
    steady `rate` a second."""
    sent: dict[str, float] = {}
    arrived: dict[str, float] = {}
    ready, done = asyncio.Event(), asyncio.Event()
    async with aiohttp.ClientSession() as session:

        async def listen() -> None:
            timeout = aiohttp.ClientTimeout(total=None)
            async with session.get(stream_url, timeout=timeout) as resp:
                ready.set()
                async for line in resp.content:
                    if line.startswith(b"data:"):
                        arrived.setdefault(key(line[5:]), time.perf_counter())
                        if len(arrived) >= count:
                            done.set()
                            return

        listener = asyncio.create_task(listen())
        await asyncio.wait_for(ready.wait(), 30)
        interval, start = 1 / rate, time.perf_counter()
        for i in range(count):
            t0 = time.perf_counter()
            sent[await send(session, i)] = t0
            delay = start + (i + 1) * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)  # a steady rate, not a synchronisation
        await asyncio.wait_for(done.wait(), 60)
        listener.cancel()
    return sorted((arrived[k] - sent[k]) * 1000 for k in sent)
