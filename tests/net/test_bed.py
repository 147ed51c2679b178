"""Nodes in their own network namespaces, over links with real round trips.

Each test builds a bed (see bed.py), starts `citymesh run` inside namespaces and watches the
nodes through Unix-socket portals; everything it made is removed when it ends.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from bed import Bed
from helpers import eventually
from netnodes import HTTP_PORT, NATS_PORT, make_ca, make_home, start, three_continents

pytestmark = pytest.mark.slow

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


#: Sends argv[3] bytes to argv[1]:argv[2], waits for the receiver's answer, prints seconds.
_SEND = """
import socket, sys, time
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=20)
t = time.monotonic()
s.sendall(b"x" * int(sys.argv[3])); s.shutdown(socket.SHUT_WR); s.recv(1)
print(time.monotonic() - t)
"""
_SINK = """
import socket
server = socket.create_server(("0.0.0.0", 7002))
while True:
    conn, _ = server.accept()
    try:
        while conn.recv(65536):
            pass
        conn.sendall(b"k")
    except OSError:
        pass
    conn.close()
"""


def test_link_rate_limits_throughput(bed: Bed):
    bed.host("A")
    bed.host("B")
    bed.run("B", [sys.executable, "-c", _SINK])
    bed.link("A", "B", delay_ms=5, rate="1mbit")
    _listening(bed, "A", "B", 7002)
    argv = [sys.executable, "-c", _SEND, bed.ip("B"), "7002", str(125_000)]  # 1 s at 1 Mbit/s
    done = subprocess.run(
        ["ip", "netns", "exec", bed.ns("A"), *argv], capture_output=True, timeout=30
    )
    seconds = float(done.stdout or b"nan")
    assert 0.95 <= seconds < 3, f"125 kB at 1 Mbit/s took {seconds:.2f} s"


def _listening(bed: Bed, src: str, dst: str, port: int) -> bool:
    deadline = time.monotonic() + 10
    while connect_rtt(bed, src, dst, port, count=1) == "unreachable":
        assert time.monotonic() < deadline, f"nothing listens on {dst}:{port}"
    return True


async def test_follower_follows_through_https_on_one_port(bed: Bed, tmp_path: Path):
    a_ip = bed.host("A")
    bed.host("B")
    bed.link("A", "B", delay_ms=20)
    ca, cert, key = make_ca(tmp_path, a_ip)
    a = await make_home(
        tmp_path, "A", public_url=f"https://{a_ip}", host="0.0.0.0",
        advertise=[f"nats://{a_ip}:{NATS_PORT}"],
    )  # fmt: skip
    b = await make_home(tmp_path, "B")
    # The city's firewall opens 443 only: NATS's port is dropped; the WebSocket listener
    # is on A's loopback, out of reach anyway. A's HTTP is behind a TLS proxy on 443.
    bed.block("A", NATS_PORT)
    bed.block("A", HTTP_PORT)
    apis = [await start(bed, "A", a)]
    try:
        bed.tls_front("A", 443, HTTP_PORT, cert, key)
        apis.append(await start(bed, "B", b, env={"SSL_CERT_FILE": str(ca)}))
        api_a, api_b = apis
        assert connect_rtt(bed, "B", "A", NATS_PORT, count=1, wait=0.5) == "unreachable"
        status, card = await api_a.get("/.well-known/citymesh")
        assert card["nats"]["urls"] == [f"nats://{a_ip}:{NATS_PORT}", f"wss://{a_ip}/nats"]

        status, body = await api_b.post("/api/v1/admin/follow", {"url": f"https://{a_ip}"})
        assert status == 201, body
        event_id = await api_a.publish("Through 443")
        await eventually(lambda: api_b.has(event_id), timeout=30, what="B has A's event")
        status, st = await api_b.get("/api/v1/status?heads=no")
        assert [p["connected"] for p in st["peers"]] == [True]
    except BaseException:
        print(bed.log("node-A")[-3000:], bed.log("node-B")[-3000:])
        raise
    finally:
        for api in apis:
            await api.close()


@pytest.mark.soak  # the bounded variant of tests/soak/three_continents.py
async def test_three_continents_converge_over_one_port(bed: Bed, tmp_path: Path):
    figures = await three_continents(bed, tmp_path, per_node=5, timeout=60)
    assert figures["events"] == 15


async def test_follower_catches_up_after_a_partition_heals(bed: Bed, tmp_path: Path):
    a_ip = bed.host("A")
    bed.host("B")
    bed.link("A", "B", delay_ms=30, jitter_ms=3)
    a = await make_home(
        tmp_path, "A", public_url=f"http://{a_ip}:{HTTP_PORT}", host="0.0.0.0",
        advertise=[f"nats://{a_ip}:{NATS_PORT}"],
    )  # fmt: skip
    bed.block("A", NATS_PORT)  # over /nats on the HTTP port only
    apis = [await start(bed, "A", a)]
    try:
        apis.append(await start(bed, "B", await make_home(tmp_path, "B")))
        api_a, api_b = apis
        status, body = await api_b.post("/api/v1/admin/follow", {"url": f"http://{a_ip}:8080"})
        assert status == 201, body
        first = await api_a.publish("Before")
        await eventually(lambda: api_b.has(first), timeout=30, what="B follows A")
        bed.partition("A", "B")
        during = [await api_a.publish(f"During {i}") for i in range(5)]
        assert not await api_b.has(during[0])
        assert connect_rtt(bed, "B", "A", HTTP_PORT, count=1, wait=0.5) == "unreachable"
        bed.heal("A", "B")

        async def caught_up() -> bool:
            return all([await api_b.has(event_id) for event_id in during])

        await eventually(caught_up, timeout=60, what="B caught up after the partition")
    finally:
        for api in apis:
            await api.close()
