"""Nodes in their own network namespaces, over links with real round trips.

Each test builds a bed (see bed.py), starts `citymesh run` inside namespaces and watches the
nodes through Unix-socket portals; everything it made is removed when it ends.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from bed import Bed
from helpers import eventually, initiative

from node.app import create_node
from node.config import Config, Home, HttpConfig, NatsConfig

pytestmark = pytest.mark.slow

CITYMESH = str(Path(sys.executable).parent / "citymesh")

#: Measures TCP connects to argv[1]:argv[2] from inside a namespace: prints the median
#: round trip in ms, or "unreachable".
_CONNECT_RTT = """
import socket, sys, time
times = []
for _ in range(int(sys.argv[3])):
    s = socket.socket(); s.settimeout(float(sys.argv[4]))
    t = time.monotonic()
    try:
        s.connect((sys.argv[1], int(sys.argv[2])))
    except OSError:
        print("unreachable"); sys.exit()
    times.append((time.monotonic() - t) * 1000); s.close()
print(sorted(times)[len(times) // 2])
"""


def connect_rtt(bed: Bed, src: str, dst: str, port: int, count: int = 5, wait: float = 2) -> str:
    argv = [sys.executable, "-c", _CONNECT_RTT, bed.ip(dst), str(port), str(count), str(wait)]
    done = subprocess.run(
        ["ip", "netns", "exec", bed.ns(src), *argv], capture_output=True, timeout=30
    )
    return done.stdout.decode().strip()


def test_links_delay_partition_and_block_tcp(bed: Bed):
    bed.host("A")
    bed.host("B")
    listener = "import socket,time; s=socket.create_server(('0.0.0.0', 7000)); time.sleep(60)"
    bed.run("B", [sys.executable, "-c", listener])
    bed.run("B", [sys.executable, "-c", listener.replace("7000", "7001")])
    bed.link("A", "B", delay_ms=40)
    rtt = connect_rtt(bed, "A", "B", 7000) if _listening(bed, "A", "B", 7000) else "none"
    assert 80 <= float(rtt) < 80 + 40, f"a TCP connect's round trip was {rtt} ms, set 80 ms"
    bed.partition("A", "B")
    assert connect_rtt(bed, "A", "B", 7000, count=1, wait=0.5) == "unreachable"
    bed.heal("A", "B")
    assert 80 <= float(connect_rtt(bed, "A", "B", 7000)) < 120
    bed.block("B", 7001)
    assert connect_rtt(bed, "A", "B", 7001, count=1, wait=0.5) == "unreachable"
    assert connect_rtt(bed, "A", "B", 7000, count=1) != "unreachable"


def _listening(bed: Bed, src: str, dst: str, port: int) -> bool:
    deadline = time.monotonic() + 10
    while connect_rtt(bed, src, dst, port, count=1) == "unreachable":
        assert time.monotonic() < deadline, f"nothing listens on {dst}:{port}"
    return True


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


async def make_home(root: Path, name: str, **nats: Any) -> Home:
    home = Home(root / name)
    config = Config(
        name=name,
        type="municipality",
        http=HttpConfig(port=8080, public_url=nats.pop("public_url", None)),
        nats=NatsConfig(**nats),
    )
    await create_node(home, config, {"name": {"en": name}, "node_type": "municipality"})
    return home


class Api:
    """A node's HTTP API, reached from the test through the bed's portal."""

    def __init__(self, session: aiohttp.ClientSession, home: Home) -> None:
        self.session, self.token = session, home.token()

    async def get(self, path: str) -> tuple[int, Any]:
        async with self.session.get("http://node" + path) as resp:
            return resp.status, await resp.json() if resp.status == 200 else None

    async def post(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {self.token}"}
        async with self.session.post("http://node" + path, json=body, headers=headers) as resp:
            return resp.status, await resp.json(content_type=None)


async def test_follower_follows_through_https_on_one_port(bed: Bed, tmp_path: Path):
    a_ip = bed.host("A")
    bed.host("B")
    bed.link("A", "B", delay_ms=20)
    ca, cert, key = make_ca(tmp_path, a_ip)
    a = await make_home(
        tmp_path,
        "A",
        host="0.0.0.0",
        advertise=[f"nats://{a_ip}:4222"],
        public_url=f"https://{a_ip}",
    )
    b = await make_home(tmp_path, "B")
    # The city's firewall opens 443 only: NATS's port is dropped; the WebSocket listener
    # is on A's loopback, out of reach anyway.
    bed.block("A", 4222)
    bed.run("A", [CITYMESH, "run", str(a.root)], name="node-A")
    bed.tls_front("A", 443, 8080, cert, key)
    bed.run("B", [CITYMESH, "run", str(b.root)], env={"SSL_CERT_FILE": str(ca)}, name="node-B")
    sessions = [
        aiohttp.ClientSession(connector=aiohttp.UnixConnector(bed.portal(h, 8080)))
        for h in ("A", "B")
    ]
    try:
        api_a, api_b = Api(sessions[0], a), Api(sessions[1], b)
        await eventually(lambda: _up(api_a), timeout=30, what="A answers")
        await eventually(lambda: _up(api_b), timeout=30, what="B answers")
        assert connect_rtt(bed, "B", "A", 4222, count=1, wait=0.5) == "unreachable"
        status, card = await api_a.get("/.well-known/citymesh")
        assert card["nats"]["urls"] == [f"nats://{a_ip}:4222", f"wss://{a_ip}/nats"]

        status, body = await api_b.post("/api/v1/admin/follow", {"url": f"https://{a_ip}"})
        assert status == 201, body
        status, event = await api_a.post(
            "/api/v1/events", {"kind": "initiative", "body": initiative("Through 443")}
        )
        assert status == 201, event
        event_id = event["envelope"]["id"] if "envelope" in event else event["id"]

        async def arrived() -> bool:
            return (await api_b.get(f"/api/v1/events/{event_id}"))[0] == 200

        await eventually(arrived, timeout=30, what="B has A's event")
        status, st = await api_b.get("/api/v1/status?heads=no")
        assert [p["connected"] for p in st["peers"]] == [True]
    except BaseException:
        print(bed.log("node-A")[-3000:], bed.log("node-B")[-3000:])
        raise
    finally:
        for session in sessions:
            await session.close()


async def _up(api: Api) -> bool:
    try:
        return (await api.get("/healthz"))[0] == 200
    except aiohttp.ClientError:
        return False
