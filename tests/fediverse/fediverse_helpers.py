"""Helpers of the Fediverse tests: nodes that may talk to loopback, and Fedify followers.

A follower is a real ActivityPub server (tests/fediverse/follower/, built with Fedify) in its
own Node.js process on loopback. `python tests/prepare.py` installs its packages.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from helpers import free_port

from node.app import Node, create_node
from node.config import Config, FediverseConfig, Home, HttpConfig, NatsConfig

FOLLOWER = Path(__file__).parent / "follower"


def fedify_or_fail() -> str:
    """The `node` binary, once the follower's packages are installed; fails with what to run."""
    node = shutil.which("node")
    if node is None or not (FOLLOWER / "node_modules" / "@fedify" / "fedify").is_dir():
        pytest.fail(
            "the Fedify follower is not installed: run `python tests/prepare.py` "
            "(it needs Node.js and npm, and runs `npm ci` in tests/fediverse/follower)",
            pytrace=False,
        )
    return node


class Follower:
    """One Fedify account `name` on 127.0.0.1:`port`, driven through its control routes."""

    def __init__(self, node_bin: str, port: int, name: str) -> None:
        self.node_bin, self.port, self.name = node_bin, port, name
        self.proc: asyncio.subprocess.Process | None = None
        self.url = f"http://127.0.0.1:{port}"

    async def start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            self.node_bin,
            str(FOLLOWER / "follower.mjs"),
            str(self.port),
            self.name,
            cwd=FOLLOWER,
            stdout=asyncio.subprocess.PIPE,
            # FOLLOWER_DEBUG=1 shows Fedify's own log (signature checks, deliveries)
            stderr=None if os.environ.get("FOLLOWER_DEBUG") else asyncio.subprocess.DEVNULL,
        )
        assert self.proc.stdout is not None
        async with asyncio.timeout(30):
            line = await self.proc.stdout.readline()
        assert line.strip() == b"ready", f"the follower did not start: {line!r}"

    async def _call(self, method: str, path: str, body: Any = None) -> Any:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as s:
            async with s.request(method, self.url + path, json=body) as resp:
                data = await resp.json(content_type=None)
                assert resp.status == 200, data
                return data

    async def follow(self, acct: str) -> dict[str, Any]:
        return await self._call("POST", "/control/follow", {"acct": acct})  # type: ignore[no-any-return]

    async def unfollow(self) -> dict[str, Any]:
        return await self._call("POST", "/control/unfollow")  # type: ignore[no-any-return]

    async def received(self, kind: str | None = None) -> list[dict[str, Any]]:
        got: list[dict[str, Any]] = await self._call("GET", "/control/received")
        return [a for a in got if kind is None or a["type"] == kind]

    async def fetches(self) -> dict[str, int]:
        """GETs of this account's actor: signed ones, and those refused for want of one."""
        return await self._call("GET", "/control/fetches")  # type: ignore[no-any-return]

    def pause(self) -> None:
        """Stop the process without closing its socket: connections hang, as to a dead host."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)

    async def stop(self) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
        await self.proc.wait()


async def fediverse_node(root: Path, name: str, **settings: Any) -> Node:
    """A started node whose actor may reach loopback, retrying quickly."""
    home = Home(root / name)
    fediverse = FediverseConfig(allow_private_addresses=True, retry_max=0.5, **settings)
    config = Config(
        name=name,
        type="municipality",
        lang="pt",
        http=HttpConfig(port=free_port()),
        nats=NatsConfig(port=free_port()),
        fediverse=fediverse,
    )
    await create_node(home, config, {"name": {"pt": name}, "node_type": "municipality"})
    node = Node(home)
    await node.start()
    return node


def acct(node: Node) -> str:
    return node.fediverse.urls.acct
