"""Fixtures with real parts: nats-server processes, SQLite files, aiohttp on loopback."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from helpers import new_node

from node.app import Node
from node.net.natsserver import find_binary


@pytest.fixture(scope="session", autouse=True)
def nats_server_binary() -> str:
    """Fail (never skip) with what to install when the nats-server binary is missing."""
    try:
        return find_binary()
    except FileNotFoundError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest_asyncio.fixture
async def nodes(tmp_path: Path) -> AsyncIterator[Callable[..., Any]]:
    """A factory for started nodes; every node it made is stopped at the end."""
    made: list[Node] = []

    async def make(name: str, **kwargs: Any) -> Node:
        node = await new_node(tmp_path, name, **kwargs)
        made.append(node)
        return node

    async def restart(old: Node) -> Node:
        """Start a new node process-equivalent on an existing (stopped) node's home."""
        node = Node(old.home)
        await node.start()
        made.append(node)
        return node

    make.restart = restart  # type: ignore[attr-defined]

    yield make
    for node in reversed(made):
        with contextlib.suppress(Exception):
            await node.stop()
