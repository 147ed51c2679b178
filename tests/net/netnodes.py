"""Nodes on the test bed: homes made here, `citymesh run` inside a host's namespace, and the
node's HTTP API reached through the bed's portal; plus the scenarios built from them."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
from bed import Bed
from helpers import eventually, initiative

from node.app import create_node
from node.config import Config, Home, HttpConfig, NatsConfig

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
    bed.run(host, [CITYMESH, "run", str(home.root)], env=env, name=f"node-{host}")
    api = Api(bed, host, home)
    try:
        await eventually(api.up, timeout=timeout, what=f"node {host} answers")
    except BaseException:
        await api.close()
        raise
    return api


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
    homes = {}
    for name in names:
        ip = bed.ip(name)
        homes[name] = await make_home(
            root, name, public_url=f"http://{ip}:{HTTP_PORT}", host="0.0.0.0",
            advertise=[f"nats://{ip}:{NATS_PORT}"],
        )  # fmt: skip
        bed.block(name, NATS_PORT)  # only the HTTP port passes
    apis: dict[str, Api] = {}
    try:
        for name in names:
            apis[name] = await start(bed, name, homes[name])
        for follower, peer in (("A", "B"), ("B", "A"), ("B", "C"), ("C", "B")):
            url = f"http://{bed.ip(peer)}:{HTTP_PORT}"
            status, body = await apis[follower].post(
                "/api/v1/admin/follow", {"url": url, "all": True}
            )
            assert status == 201, body
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
    finally:
        for api in apis.values():
            with contextlib.suppress(Exception):
                await api.close()
