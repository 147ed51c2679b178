"""`citymesh demo`: a local federation of four nodes, each with its own nats-server.

The movement follows every city; every city follows everything the movement carries, so
each node ends up with all the seed data, most of it relayed.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ...app import Node, create_node, tune_collector
from ...config import Config, Home, HttpConfig, NatsConfig
from .seed import load_seed, resolve

__all__ = ["run_demo", "Demo"]


class Demo:
    """Creates, starts, seeds and stops the demo nodes."""

    def __init__(self, root: Path, base_port: int) -> None:
        self.root, self.base_port = root, base_port
        self.seed = load_seed()
        self.nodes: dict[str, Node] = {}

    async def create(self) -> bool:
        """Create the node homes; False if they already existed (then nothing is re-seeded)."""
        fresh = False
        for i, (name, spec) in enumerate(self.seed["nodes"].items()):
            home = Home(self.root / name)
            if home.exists():
                continue
            config = Config(
                name=_plain_name(spec),
                type=spec["type"],
                lang=spec["lang"],
                http=HttpConfig(port=self.base_port + i),
                nats=NatsConfig(port=self.base_port + 100 + i),
            )
            await create_node(home, config, spec["profile"])
            fresh = True
        return fresh

    async def start(self) -> None:
        fresh = await self.create()
        for name in self.seed["nodes"]:
            node = Node(Home(self.root / name))
            self.nodes[name] = node
            await node.start()
        if fresh:
            await self._publish({name: node.id for name, node in self.nodes.items()})
        movement = self.nodes["movement"]
        for name, node in self.nodes.items():
            if name != "movement":
                await movement.follow(node.http_url)
                await node.follow(movement.http_url, everything=True)

    async def _publish(self, ids: dict[str, str]) -> None:
        refs: dict[str, str] = {}
        for step in self.seed["events"]:
            event = await self.nodes[step["node"]].publish(
                step["kind"], resolve(step["body"], refs, ids)
            )
            if step.get("ref"):
                refs[step["ref"]] = event.envelope.id

    async def stop(self) -> None:
        for node in self.nodes.values():
            await node.stop()

    async def in_sync(self) -> bool:
        digests = {n: await node.store.digest() for n, node in self.nodes.items()}
        return len({d["digest"] for d in digests.values()}) == 1


def _plain_name(spec: dict[str, Any]) -> str:
    names = spec["name"]
    return str(names.get(spec["lang"]) or next(iter(names.values())))


def run_demo(args: argparse.Namespace) -> int:
    """Run the demo until SIGINT/SIGTERM; remove a temporary folder it made."""
    made = args.dir is None
    root = Path(args.dir or tempfile.mkdtemp(prefix="citymesh-demo-"))
    demo = Demo(root, args.base_port)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            await demo.start()
            tune_collector()
            print("citymesh demo: four nodes, each with its own nats-server", flush=True)
            for name, node in demo.nodes.items():
                print(
                    f"  {node.config.name:<14} {node.http_url}/   ({name}, {node.id})", flush=True
                )
            deadline = time.monotonic() + 60
            while not stop.is_set() and time.monotonic() < deadline:
                if await demo.in_sync():
                    print("all nodes hold the same view. Press Ctrl-C to stop.", flush=True)
                    break
                try:
                    await asyncio.wait_for(stop.wait(), 0.2)
                except TimeoutError:
                    pass
            await stop.wait()
        finally:
            await demo.stop()
            print("citymesh demo: stopped", flush=True)

    try:
        asyncio.run(main())
    finally:
        if made:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(run_demo(argparse.Namespace(dir=None, base_port=8400)))
