"""The crash campaign, shared by the CI test and `tests/soak/crash.py`.

A node runs as a real process; a few HTTP clients publish through it while it (or its
nats-server) is killed with -9 at random points and restarted. Every 201 is recorded.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import time
from typing import Any

import aiohttp
import nats
from nodeproc import EXE, NodeProc, nats_server_pids, pid_alive, wait_until

from node.net import subjects
from node.net.natsconf import node_nkey_seed
from protocol import SigningKey


def body(i: int) -> dict[str, Any]:
    return {
        "kind": "initiative",
        "body": {
            "title": {"en": f"Crash-safe initiative {i}"},
            "summary": {"en": f"Published under fire, number {i}"},
            "category": "welcoming_rights",
            "status": "active",
        },
    }


async def _publisher(
    node: NodeProc, acked: list[str], stop: asyncio.Event, counter: list[int]
) -> None:
    headers = {"Authorization": f"Bearer {node.token}"}
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout, headers=headers) as session:
        while not stop.is_set():
            counter[0] += 1
            try:
                async with session.post(node.url + "/api/v1/events", json=body(counter[0])) as r:
                    data = await r.read()
                    if r.status == 201:
                        acked.append(json.loads(data)["id"])
                    elif r.status >= 500:
                        await asyncio.sleep(0.02)
                    else:
                        raise AssertionError(f"publish answered {r.status}: {data[:300]!r}")
            except (TimeoutError, aiohttp.ClientError, ConnectionError):
                await asyncio.sleep(0.02)  # the node is down: retry until it is back


def _kill(node: NodeProc, what: str) -> dict[str, Any]:
    """Kill the node (then restart it) or its nats-server (the node restarts that itself)."""
    started = time.monotonic()
    if what == "node":
        old_servers = nats_server_pids(node.nats_conf)
        node.kill9()
        node.start()
        # The killed node's server must not linger beside the new one.
        stale = [p for p in old_servers if pid_alive(p)]
        assert not stale, f"stale nats-server(s) {stale} survived the restart"
        assert len(nats_server_pids(node.nats_conf)) == 1
    else:
        pids = nats_server_pids(node.nats_conf)
        assert len(pids) == 1, pids
        os.kill(pids[0], signal.SIGKILL)
        wait_until(
            lambda: [p for p in nats_server_pids(node.nats_conf) if p != pids[0]],
            15,
            "the supervisor restarts the killed nats-server",
        )
        wait_until(node.healthy, 15, "the node reconnects to its restarted nats-server")
    return {"what": what, "seconds": round(time.monotonic() - started, 2)}


async def stream_messages(node: NodeProc) -> int:
    seed = bytes.fromhex((node.home / "node.key").read_text().strip())
    nc = await nats.connect(
        f"nats://127.0.0.1:{node.nats_port}", nkeys_seed_str=node_nkey_seed(SigningKey(seed))
    )
    try:
        info = await nc.jetstream().stream_info(subjects.STREAM)
        return int(info.state.messages)
    finally:
        await nc.close()


def export(node: NodeProc) -> list[dict[str, Any]]:
    out = subprocess.run([EXE, "export", str(node.home)], capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr
    (node.home.parent / f"{node.name}.jsonl").write_bytes(out.stdout)
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


async def run_campaign(
    node: NodeProc, publishes: int, points: int, clients: int = 4, seed: int | None = None
) -> dict[str, Any]:
    """Publish at least `publishes` events with `points` kills spread across the burst."""
    rng = random.Random(seed)
    kill_at = sorted(rng.sample(range(publishes // 20, publishes - publishes // 20), points))
    kinds = ["node" if i % 2 == 0 else "nats" for i in range(points)]
    rng.shuffle(kinds)
    acked: list[str] = []
    counter = [0]
    stop = asyncio.Event()
    started = time.monotonic()
    tasks = [asyncio.create_task(_publisher(node, acked, stop, counter)) for _ in range(clients)]
    kills = []
    try:
        deadline = time.monotonic() + 180  # a stalled campaign fails, it does not hang
        for at, what in zip(kill_at, kinds, strict=True):
            while len(acked) < at:
                assert time.monotonic() < deadline, f"{len(acked)} acks, waiting for {at}"
                await asyncio.sleep(0.005)
                for t in tasks:
                    if t.done():
                        t.result()
            kills.append({"after_acks": len(acked), **await asyncio.to_thread(_kill, node, what)})
        while len(acked) < publishes:
            assert time.monotonic() < deadline, f"{len(acked)} of {publishes} publishes acked"
            await asyncio.sleep(0.01)
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    return {
        "acked": acked,
        "attempted": counter[0],
        "kills": kills,
        "burst_seconds": round(time.monotonic() - started, 2),
    }


def check_chain(node: NodeProc, acked: list[str]) -> dict[str, Any]:
    """The exported chain is complete, in order, verified, and holds every acknowledged event."""
    events = export(node)
    own = [e for e in events if e["author"] == node.id]
    seqs = [e["seq"] for e in own]
    assert seqs == list(range(1, len(own) + 1)), "the chain has gaps or is out of order"
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids)), "an event is stored twice"
    missing = set(acked) - set(ids)
    assert not missing, f"{len(missing)} acknowledged events lost, e.g. {sorted(missing)[:3]}"
    out = subprocess.run(
        [EXE, "verify", str(node.home.parent / f"{node.name}.jsonl")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    return {"stored": len(own), "acked": len(set(acked)), "lost": len(missing), "ids": set(ids)}


def wait_stream_matches_store(node: NodeProc, stored: int, timeout: float = 30) -> int:
    """Poll until the node's stream holds exactly its stored events (the outbox caught up)."""
    deadline = time.monotonic() + timeout
    while True:
        count = asyncio.run(stream_messages(node))
        if count == stored:
            return count
        if time.monotonic() > deadline:
            raise AssertionError(f"stream holds {count} messages, store {stored}")
        time.sleep(0.1)


async def async_wait_stream(node: NodeProc, stored: int, timeout: float = 30) -> int:
    deadline = time.monotonic() + timeout
    while True:
        count = await stream_messages(node)
        if count == stored:
            return count
        if time.monotonic() > deadline:
            raise AssertionError(f"stream holds {count} messages, store {stored}")
        await asyncio.sleep(0.1)
