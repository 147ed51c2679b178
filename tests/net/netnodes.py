"""Nodes on the test bed: homes made here, `citymesh run` inside a host's namespace, and the
node's HTTP API reached through the bed's portal; plus the scenarios built from them."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path
from typing import Any

import aiohttp
from bed import Bed, rate_bps
from helpers import eventually, initiative

from node.app import create_node
from node.config import Config, Home, HttpConfig, NatsConfig

HERE = Path(__file__).parent
CITYMESH = str(Path(sys.executable).parent / "citymesh")
HTTP_PORT, NATS_PORT = 8080, 4222  # each namespace has ports of its own


async def make_home(root: Path, name: str, public_url: str | None = None, **nats: Any) -> Home:
    home = Home(root / name)
    config = Config(
        name=name,
        type="municipality",
        http=HttpConfig(host="0.0.0.0", port=HTTP_PORT, public_url=public_url),
        nats=NatsConfig(port=NATS_PORT, **nats),
    )
    await create_node(home, config, {"name": {"en": name}, "node_type": "municipality"})
    return home


async def serving_home(bed: Bed, root: Path, name: str, block_nats: bool = True) -> Home:
    """A home for a node that others follow at its bed address; with `block_nats`, its NATS
    port is dropped, so followers reach it over /nats on the HTTP port only."""
    ip = bed.ip(name)
    home = await make_home(
        root, name, public_url=f"http://{ip}:{HTTP_PORT}", host="0.0.0.0",
        advertise=[f"nats://{ip}:{NATS_PORT}"],
    )  # fmt: skip
    if block_nats:
        bed.block(name, NATS_PORT)
    return home


def make_ca(root: Path, ip: str) -> tuple[Path, Path, Path]:
    """A test CA and a server certificate for `ip` signed by it: (ca.pem, cert, key)."""

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=root, check=True, capture_output=True, timeout=30)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    days = ["-days", "1"]
    openssl("req", "-x509", *ec, *days, "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=ca")
    openssl(
        *("req", *ec, "-keyout", "srv.key", "-out", "srv.csr", "-subj", f"/CN={ip}"),
        *("-addext", f"subjectAltName=IP:{ip}"),
    )
    openssl(
        *("x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key", *days),
        *("-CAcreateserial", "-out", "srv.pem", "-copy_extensions", "copy"),
    )
    return root / "ca.pem", root / "srv.pem", root / "srv.key"


class Api:
    """A node's HTTP API, reached from the test through the bed's portal."""

    def __init__(self, bed: Bed, host: str, home: Home) -> None:
        self.token = home.token()
        #: The node's process, once `start` started it.
        self.process: subprocess.Popen[bytes] | None = None
        connector = aiohttp.UnixConnector(bed.portal(host, HTTP_PORT))
        self.session = aiohttp.ClientSession(
            connector=connector, timeout=aiohttp.ClientTimeout(total=10)
        )

    async def get(self, path: str) -> tuple[int, Any]:
        async with self.session.get("http://node" + path) as resp:
            return resp.status, await resp.json() if resp.status == 200 else None

    async def post(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {self.token}"}
        async with self.session.post("http://node" + path, json=body, headers=headers) as resp:
            return resp.status, await resp.json(content_type=None)

    async def up(self) -> bool:
        try:
            return (await self.get("/healthz"))[0] == 200
        except (aiohttp.ClientError, TimeoutError):
            return False

    async def publish(self, title: str) -> str:
        body = {"kind": "initiative", "body": initiative(title)}
        status, event = await self.post("/api/v1/events", body)
        assert status == 201, event
        return str(event["envelope"]["id"] if "envelope" in event else event["id"])

    async def has(self, event_id: str) -> bool:
        return (await self.get(f"/api/v1/events/{event_id}"))[0] == 200

    async def close(self) -> None:
        await self.session.close()


async def start(
    bed: Bed, host: str, home: Home, env: dict[str, str] | None = None, timeout: float = 30
) -> Api:
    """Run `citymesh run` for `home` in `host`'s namespace; return its API once it answers."""
    process = bed.run(host, [CITYMESH, "run", str(home.root)], env=env, name=f"node-{host}")
    api = Api(bed, host, home)
    api.process = process
    try:
        await eventually(api.up, timeout=timeout, what=f"node {host} answers")
    except BaseException:
        await api.close()
        raise
    return api


@contextlib.asynccontextmanager
async def running(bed: Bed) -> AsyncIterator[dict[str, Api]]:
    """The APIs of the nodes a scenario starts, by host, closed at the end; if the scenario
    fails, the end of each node's log is printed."""
    apis: dict[str, Api] = {}
    try:
        yield apis
    except BaseException:
        for host in apis:
            print(f"--- node-{host}", bed.log(f"node-{host}")[-2000:])
        raise
    finally:
        for api in apis.values():
            with contextlib.suppress(Exception):
                await api.close()


async def follow(bed: Bed, follower: Api, peer: str) -> None:
    """`follower` follows everything `peer` (a host with a serving home) carries."""
    url = f"http://{bed.ip(peer)}:{HTTP_PORT}"
    status, body = await follower.post("/api/v1/admin/follow", {"url": url, "all": True})
    assert status == 201, body


async def three_continents(
    bed: Bed, root: Path, per_node: int, timeout: float, publish_seconds: float = 60
) -> dict[str, Any]:
    """Lisboa - Recife (90 ms round trip) - Maputo (150 ms, 2 % loss), no direct Lisboa -
    Maputo path; every node follows its neighbours' everything, and only /nats on the HTTP
    port is open between them. Each node publishes `per_node` events (bounded in time);
    returns figures once every node holds every event exactly once and the digests agree.
    """
    names = ["A", "B", "C"]
    for name in names:
        bed.host(name)
    bed.link("A", "B", delay_ms=45, jitter_ms=3)
    bed.link("B", "C", delay_ms=75, jitter_ms=5, loss=0.02)
    bed.partition("A", "C")
    homes = {name: await serving_home(bed, root, name) for name in names}
    async with running(bed) as apis:
        for name in names:
            apis[name] = await start(bed, name, homes[name])
        for follower, peer in (("A", "B"), ("B", "A"), ("B", "C"), ("C", "B")):
            await follow(bed, apis[follower], peer)
        started = time.monotonic()
        ids: list[str] = []
        async with asyncio.timeout(publish_seconds):
            for i in range(per_node):
                for name in names:
                    ids.append(await apis[name].publish(f"{name} {i}"))
        published = time.monotonic() - started

        async def converged() -> bool:
            digests = [(await apis[n].get("/api/v1/view/digest"))[1] for n in names]
            heads = digests[0]["heads"]
            return (
                all(
                    d["digest"] == digests[0]["digest"]
                    and d["heads"] == heads
                    and d["events"] == sum(heads.values())  # one row per (author, seq)
                    for d in digests
                )
                and len(heads) == 3
            )

        await eventually(converged, timeout=timeout, what="the three nodes agree")
        for event_id in ids[-3:]:
            assert all([await apis[n].has(event_id) for n in names])
        return {
            "events": len(ids),
            "publish_seconds": round(published, 2),
            "converged_seconds": round(time.monotonic() - started, 2),
        }


async def black_hole(
    bed: Bed, root: Path, hole_seconds: float, live_bound: float, catch_up_bound: float
) -> dict[str, Any]:
    """C follows A and B (20 ms away each); then B's packets to and from C vanish (no reset,
    no answer) for `hole_seconds`. Meanwhile A publishes, one event after the other, and each
    must reach C within `live_bound` seconds; B publishes too. Once the hole ends, C must hold
    B's events within `catch_up_bound` seconds. Returns the figures."""
    for name in ("A", "B", "C"):
        bed.host(name)
    bed.link("A", "C", delay_ms=20)
    bed.link("B", "C", delay_ms=20)
    homes = {name: await serving_home(bed, root, name) for name in ("A", "B")}
    homes["C"] = await make_home(root, "C")
    async with running(bed) as apis:
        for name in ("A", "B", "C"):
            apis[name] = await start(bed, name, homes[name])
        a, b, c = apis["A"], apis["B"], apis["C"]
        await follow(bed, c, "A")
        await follow(bed, c, "B")
        first = [await a.publish("A before"), await b.publish("B before")]
        await eventually(partial(has_all, c, first), timeout=30, what="C follows A and B")

        bed.partition("B", "C")  # the black hole
        missed = [await b.publish(f"B during {i}") for i in range(3)]
        started, worst, count = time.monotonic(), 0.0, 0
        while time.monotonic() - started < hole_seconds:
            sent = time.monotonic()
            event_id = await a.publish(f"A during {count}")
            await eventually(
                partial(c.has, event_id),
                timeout=live_bound,
                what=f"A's event {count} on C while B is black-holed",
            )
            worst, count = max(worst, time.monotonic() - sent), count + 1
        assert not await c.has(missed[0]), "B's event crossed the black hole"

        bed.heal("B", "C")
        healed = time.monotonic()
        await eventually(
            partial(has_all, c, missed), timeout=catch_up_bound, what="C caught up with B"
        )
        return {
            "hole_seconds": round(healed - started, 1),
            "healthy_events": count,
            "healthy_slowest_seconds": round(worst, 3),
            "catch_up_seconds": round(time.monotonic() - healed, 2),
        }


async def has_all(api: Api, ids: list[str]) -> bool:
    return all([await api.has(event_id) for event_id in ids])


def corpus(root: Path, count: int) -> tuple[Path, int]:
    """`count` signed events of 100 authors (bench/corpus.py: the benchmarks' mix of kinds
    and languages) in a JSON Lines file; returns it and the events' total size in bytes."""
    sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
    from corpus import generate

    path, size = root / f"corpus-{count}.jsonl", 0
    with path.open("wb") as out:
        for raw in generate(count, 100):
            out.write(raw + b"\n")
            size += len(raw)
    return path, size


async def slow_bootstrap(
    bed: Bed, root: Path, count: int, rate: str = "1mbit", timeout: float = 120
) -> dict[str, Any]:
    """A peer A whose stream holds `count` events (besides its own); a new node C behind a
    `rate` link (20 ms away) follows it. Returns the figures once C holds all of them."""
    bed.host("A")
    bed.host("C")
    bed.link("A", "C", delay_ms=20, rate=rate)
    events, size = corpus(root, count)
    home_a = await serving_home(bed, root, "A")
    home_c = await make_home(root, "C")
    async with running(bed) as apis:
        apis["A"] = await start(bed, "A", home_a)
        load = bed.run("A", [sys.executable, str(HERE / "loadstream.py"), str(home_a.root),
                             str(events)], name="loadstream")  # fmt: skip
        await eventually(lambda: load.poll() is not None, timeout=timeout, what="stream filled")
        assert load.returncode == 0, bed.log("loadstream")
        own = (await apis["A"].get("/api/v1/view/digest"))[1]["events"]
        apis["C"] = await start(bed, "C", home_c)
        before = bed.traffic().get(("A", "C"), 0)
        started = time.monotonic()
        await follow(bed, apis["C"], "A")

        async def read_all() -> bool:
            # The cursor (A's stream sequence) moves in the transaction that stores the
            # events it passed; the status is cheap to ask for, unlike a digest of them all.
            _, status = await apis["C"].get("/api/v1/status?heads=no")
            return bool(status) and status["peers"][0]["follows"][0]["cursor"] >= count + own

        await eventually(read_all, timeout=timeout, what=f"C read A's {count + own} events")
        seconds = time.monotonic() - started
        held = (await apis["C"].get("/api/v1/view/digest"))[1]["events"]
        assert held >= count + own, f"C holds {held} of A's {count + own} events"
        wire = bed.traffic()[("A", "C")] - before
        return {
            "events": count,
            "event_bytes_mean": round(size / count),
            "seconds": round(seconds, 1),
            "link_seconds": round(size * 8 / rate_bps(rate), 1),
            "wire_bytes_per_event": round(wire / count),
        }


async def kill_during_load(
    bed: Bed, root: Path, nodes: int, kills: int, publishes: int, timeout: float, seed: int = 0
) -> dict[str, Any]:
    """`nodes` nodes (10-40 ms apart), each following all the others; a publisher per node
    publishes to it while, `kills` times, a random node is killed with SIGKILL and started
    again. Bounded: `publishes` acknowledged events in all, and `timeout` seconds. Returns
    the figures once every node holds every acknowledged event exactly once and the
    digests agree."""
    rng = random.Random(seed)
    names = [f"N{i}" for i in range(nodes)]
    for name in names:
        bed.host(name)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            bed.link(a, b, delay_ms=rng.uniform(5, 20))
    homes = {name: await serving_home(bed, root, name, block_nats=False) for name in names}
    acked: list[str] = []
    failed = 0
    deadline = time.monotonic() + timeout
    async with running(bed) as apis:
        for name in names:
            apis[name] = await start(bed, name, homes[name])
        for follower in names:
            for peer in names:
                if peer != follower:
                    await follow(bed, apis[follower], peer)

        async def publisher(name: str) -> None:
            nonlocal failed
            i = 0
            while len(acked) < publishes and time.monotonic() < deadline:
                try:
                    acked.append(await apis[name].publish(f"{name} {i}"))
                except (aiohttp.ClientError, TimeoutError, AssertionError):
                    failed += 1  # killed meanwhile: not acknowledged, nothing promised
                    await eventually(apis[name].up, timeout=60, what=f"{name} back")
                i += 1

        tasks = [asyncio.create_task(publisher(name)) for name in names]
        killed = []
        for k in range(kills):
            await eventually(
                lambda k=k: len(acked) >= (k + 1) * publishes // (kills + 1),
                timeout=max(1.0, deadline - time.monotonic()),
                what="publishing under load",
            )
            victim = rng.choice([n for n in names if n not in killed[-1:]])
            process = apis[victim].process
            assert process is not None
            os.kill(process.pid, signal.SIGKILL)
            process.wait(10)
            killed.append(victim)
            apis[victim].process = bed.run(
                victim, [CITYMESH, "run", str(homes[victim].root)], name=f"node-{victim}-{k}"
            )
            await eventually(apis[victim].up, timeout=60, what=f"{victim} back after kill -9")
        await asyncio.gather(*tasks)

        async def converged() -> bool:
            digests = [(await apis[n].get("/api/v1/view/digest"))[1] for n in names]
            heads = digests[0]["heads"]
            return len(heads) >= nodes and all(
                d["digest"] == digests[0]["digest"]
                and d["heads"] == heads
                and d["events"] == sum(heads.values())  # one row per (author, seq)
                for d in digests
            )

        started = time.monotonic()
        await eventually(converged, timeout=timeout, what="every node agrees after the kills")
        for name in names:
            missing = [e for e in acked if not await apis[name].has(e)]
            assert not missing, f"{name} lacks {len(missing)} acknowledged events"
        return {
            "nodes": nodes,
            "kills": killed,
            "acknowledged": len(acked),
            "not_acknowledged": failed,
            "converged_seconds": round(time.monotonic() - started, 1),
        }
