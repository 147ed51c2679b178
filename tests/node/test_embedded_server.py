"""The nats-server a node starts for itself."""

from __future__ import annotations

from pathlib import Path

from helpers import eventually, free_port, initiative, new_node

from node.app import Node, create_node
from node.config import Config, Home, HttpConfig, NatsConfig
from node.net.natsserver import EMBEDDED_MEMORY_LIMIT


def server_env(node) -> dict[str, str]:
    assert node.server is not None and node.server.proc is not None
    raw = Path(f"/proc/{node.server.proc.pid}/environ").read_bytes()
    return dict(item.split("=", 1) for item in raw.decode().split("\0") if "=" in item)


async def test_the_embedded_server_runs_with_a_soft_memory_limit(nodes):
    a = await nodes("A")
    assert server_env(a)["GOMEMLIMIT"] == EMBEDDED_MEMORY_LIMIT == "64MiB"


async def test_an_operators_memory_limit_wins(nodes, monkeypatch):
    monkeypatch.setenv("GOMEMLIMIT", "200MiB")
    a = await nodes("A")
    assert server_env(a)["GOMEMLIMIT"] == "200MiB"


async def test_a_node_on_ipv6_loopback_serves_and_is_followed(tmp_path):
    """nats-server's `listen` and every URL write an IPv6 address in brackets."""
    home = Home(tmp_path / "V6")
    config = Config(
        name="V6",
        type="municipality",
        http=HttpConfig(host="::1", port=free_port()),
        nats=NatsConfig(host="::1", port=free_port()),
    )
    await create_node(home, config, {"name": {"en": "V6"}, "node_type": "municipality"})
    v6 = Node(home)
    await v6.start()
    follower = await new_node(tmp_path, "F")
    try:
        assert v6.http_url.startswith("http://[::1]:")
        await follower.follow(v6.http_url)
        event = await v6.publish("initiative", initiative("Over IPv6"))

        async def arrived() -> bool:
            return await follower.store.own_event_at(v6.id, event.head.seq) is not None

        await eventually(arrived, timeout=15, what="the follower holds the event over IPv6")
    finally:
        await follower.stop()
        await v6.stop()
