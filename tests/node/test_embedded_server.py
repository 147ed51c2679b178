"""The nats-server a node starts for itself."""

from __future__ import annotations

from pathlib import Path

from node.natsserver import EMBEDDED_MEMORY_LIMIT


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
