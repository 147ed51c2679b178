"""Fixtures for the Fediverse tests: a node on the Fediverse, and Fedify followers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest_asyncio
from fediverse_helpers import Follower, fedify_or_fail, fediverse_node
from helpers import free_port

from node.app import Node


@pytest_asyncio.fixture
async def followers() -> AsyncIterator[Callable[..., Any]]:
    """A factory for started Fedify followers; all are stopped at the end."""
    node_bin = fedify_or_fail()
    made: list[Follower] = []

    async def make(name: str = "alice", port: int | None = None) -> Follower:
        follower = Follower(node_bin, port or free_port(), name)
        made.append(follower)
        await follower.start()
        return follower

    yield make
    for follower in made:
        await follower.stop()


@pytest_asyncio.fixture
async def city(tmp_path: Path) -> AsyncIterator[Node]:
    node = await fediverse_node(tmp_path, "Lisboa")
    yield node
    await node.stop()
