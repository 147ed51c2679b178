"""Shared test helpers: polling with a deadline, free ports, running nodes in-process."""

from __future__ import annotations

import asyncio
import inspect
import os
import random
import shutil
import socket
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from node.app import Node, create_node
from node.config import Config, Home, HttpConfig, NatsConfig
from protocol import Event, SigningKey, build_event


async def eventually(
    condition: Callable[[], Any | Awaitable[Any]], timeout: float = 10.0, what: str = ""
) -> Any:
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while True:
        last = condition()
        if inspect.isawaitable(last):
            last = await last
        if last:
            return last
        if time.monotonic() > deadline:
            raise AssertionError(
                f"not true within {timeout}s: {what or condition} (last: {last!r})"
            )
        await asyncio.sleep(0.02)


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


#: Ports handed out so far: a test asking for several (a cluster's) never gets one twice.
_given: set[int] = set()
_rng = random.Random()


def _port_range() -> tuple[int, int]:
    """This process's share of the ports below the kernel's outgoing range: with pytest-xdist
    each worker draws from its own slice, so two workers never hand out the same port."""
    high = min(_ephemeral_low(), 65536) - 1
    low, high = (20000, high) if high > 20000 else (1024, 65535)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if not worker.isdigit() or count < 2:
        return low, high
    size = (high - low + 1) // count
    start = low + int(worker) % count * size
    return start, start + size - 1


def free_port() -> int:
    """A loopback port nothing listens on, not handed out before in this run, and below the
    kernel's range for outgoing connections: a port taken from that range (as binding port 0
    does) can be given to a client's connection before the server meant for it binds."""
    low, high = _port_range()
    for _ in range(2000):
        port = _rng.randint(low, high)
        if port not in _given and port_is_free(port):
            _given.add(port)
            return port
    raise RuntimeError("no free loopback port found")


def port_is_free(port: int) -> bool:
    """True if a server could listen on the port (as servers do, with SO_REUSEADDR)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


async def new_node(
    root: Path,
    name: str,
    *,
    node_type: str = "municipality",
    lang: str = "en",
    nats_urls: list[str] | None = None,
    start: bool = True,
) -> Node:
    """Create a node home under `root` with free ports and (by default) start it."""
    home = Home(root / name)
    config = Config(
        name=name,
        type=node_type,
        lang=lang,
        http=HttpConfig(port=free_port()),
        nats=NatsConfig(port=free_port(), urls=nats_urls or []),
    )
    await create_node(home, config, {"name": {lang: name}, "node_type": node_type})
    node = Node(home)
    if start:
        await node.start()
    return node


def sibling_home(home: Home, root: Path, role: str) -> Home:
    """Another process of the same organisation: the same key, token and config (with `role`
    and a free HTTP port), and a database of its own."""
    other = Home(root)
    other.root.mkdir(parents=True)
    for f in (home.config_file, home.key_file, home.token_file):
        shutil.copy2(f, other.root / f.name)
    config = other.load()
    config.role, config.http.port = role, free_port()  # type: ignore[assignment]
    other.save(config)
    return other


def nothing_listens(port: int) -> bool:
    """True if a connection to the port on loopback is refused."""
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def initiative(title: str, lang: str = "en", **extra: Any) -> dict[str, Any]:
    """A minimal valid initiative body."""
    return {
        "title": {lang: title},
        "summary": {lang: f"About {title}"},
        "category": "welcoming_rights",
        "status": "active",
        **extra,
    }


def initiative_chain(key: SigningKey, titles: list[str]) -> list[Event]:
    """`key`'s chain of initiatives with these titles, from sequence 1."""
    events: list[Event] = []
    for seq, title in enumerate(titles, 1):
        prev = events[-1].envelope.id if events else None
        body = initiative(title)
        events.append(build_event(key, seq=seq, prev=prev, kind="initiative", body=body, lang="en"))
    return events


async def view_has(node: Node, object_id: str) -> bool:
    row = await node.store.read(
        lambda c: c.execute("SELECT 1 FROM objects WHERE id = ?", (object_id,)).fetchone()
    )
    return row is not None
