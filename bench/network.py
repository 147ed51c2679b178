"""A network of 30 nodes in the test bed: the seed's eight cities and 22 of their movements,
each node in its own network namespace, links with continental delays, relayed paths of up
to 4 hops. Measures publish-to-visible on every node against the physical limit (the sum of
the one-way link delays on the fastest relay path), bytes on the wire per event per follower
against the event's own size, and memory per node.

    python bench/network.py [--per-node 2] [--interval 0.25] [--runs 1] [--nodes 30]

Needs root (network namespaces; tests/net/bed.py). Every namespace and process it made is
removed at the end. `--nodes 8` takes the cities only (and no movements).

The link delay between two hosts is 1.6 x the great-circle distance between their cities at
200 km/ms (light in fibre, on a path longer than the straight line), plus 1 ms at each city
and 5 ms at each movement (its access line), with 1 ms of jitter. Follow graph: the European
cities follow each other's everything; São Paulo follows (and is followed by) Lisbon, Madrid
and New York, New York Barcelona and Berlin; each movement follows its city's everything and
its city follows the movement (its own events only). Each node publishes `--per-node`
initiatives, one every `--interval` seconds across the network; a node's Server-Sent Events
(/api/v1/stream, read through the bed's portal) timestamp when each event becomes visible.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import heapq
import json
import math
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

HERE = Path(__file__).resolve().parent
# The checkout first: tests/protocol must never shadow the protocol package.
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests" / "net"), str(HERE.parent / "tests")]
from bed import Bed  # noqa: E402
from harness import percentile  # noqa: E402
from netnodes import CITYMESH, HTTP_PORT, Api, serving_home  # noqa: E402

from node.config import Home  # noqa: E402

#: code: (name, latitude, longitude, movements)
CITIES: dict[str, tuple[str, float, float, int]] = {
    "SAO": ("São Paulo", -23.55, -46.63, 4),
    "BCN": ("Barcelona", 41.39, 2.17, 3),
    "MAD": ("Madrid", 40.42, -3.70, 3),
    "LIS": ("Lisboa", 38.72, -9.14, 3),
    "BLQ": ("Bologna", 44.49, 11.34, 2),
    "BER": ("Berlin", 52.52, 13.40, 3),
    "KA": ("Karlsruhe", 49.01, 8.40, 2),
    "NYC": ("New York", 40.71, -74.01, 2),
}
EUROPE = ["BCN", "MAD", "LIS", "BLQ", "BER", "KA"]
#: City pairs that follow each other's everything, besides Europe among itself.
CITY_LINKS = [("SAO", "LIS"), ("SAO", "MAD"), ("SAO", "NYC"), ("NYC", "BCN"), ("NYC", "BER")]
CITY_MS, MOVEMENT_MS, JITTER_MS = 1.0, 5.0, 1.0


def distance_km(a: str, b: str) -> float:
    (_, lat1, lon1, _), (_, lat2, lon2, _) = CITIES[a], CITIES[b]
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371 * math.acos(max(-1.0, min(1.0, c)))


class Network:
    """Hosts (name -> city), their one-way delays, and the follow graph."""

    def __init__(self, nodes: int) -> None:
        self.city: dict[str, str] = {code: code for code in CITIES}
        for code, (_, _, _, movements) in CITIES.items():
            for i in range(1, movements + 1):
                self.city[f"{code}{i}"] = code
        self.hosts = list(self.city)[:nodes]
        #: (follower, peer, everything?): the follower reads the peer's stream, all of it or
        #: only the peer's own events.
        self.follows: list[tuple[str, str, bool]] = []
        pairs = [(a, b) for a in EUROPE for b in EUROPE if a != b]
        pairs += [(a, b) for a, b in CITY_LINKS] + [(b, a) for a, b in CITY_LINKS]
        self.follows += [(a, b, True) for a, b in pairs if a in self.hosts and b in self.hosts]
        for host in self.hosts:
            if host not in CITIES:
                self.follows += [(host, self.city[host], True), (self.city[host], host, False)]

    def delay_ms(self, a: str, b: str) -> float:
        access = sum(CITY_MS if h in CITIES else MOVEMENT_MS for h in (a, b))
        return access + 1.6 * distance_km(self.city[a], self.city[b]) / 200

    def limit(self, author: str) -> dict[str, tuple[float, int]]:
        """For each host, (the sum of one-way delays, hops) of the fastest path on which
        `author`'s events reach it (Dijkstra over the follow graph)."""
        edges: dict[str, list[str]] = {}
        for follower, peer, everything in self.follows:
            if everything or peer == author:
                edges.setdefault(peer, []).append(follower)
        best = {author: (0.0, 0)}
        queue = [(0.0, 0, author)]
        while queue:
            ms, hops, host = heapq.heappop(queue)
            if best[host] < (ms, hops):
                continue
            for nxt in edges.get(host, []):
                candidate = (ms + self.delay_ms(host, nxt), hops + 1)
                if nxt not in best or candidate < best[nxt]:
                    best[nxt] = candidate
                    heapq.heappush(queue, (*candidate, nxt))
        return best


def rss_mb(pid: int) -> dict[str, float]:
    """RSS of a node process, its nats-server and any worker (its children), in MB."""
    out = {"python": 0.0, "nats_server": 0.0, "workers": 0.0}

    def read(p: int) -> tuple[str, float, list[int]]:
        status = Path(f"/proc/{p}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        kids: list[int] = []
        for task in Path(f"/proc/{p}/task").iterdir():
            with contextlib.suppress(OSError):
                kids += [int(k) for k in (task / "children").read_text().split()]
        return fields["Name"].strip(), int(fields["VmRSS"].split()[0]) / 1024, kids

    with contextlib.suppress(OSError, KeyError):
        _, rss, kids = read(pid)
        out["python"] = rss
        for kid in kids:
            name, rss, _ = read(kid)
            out["nats_server" if "nats" in name else "workers"] += rss
    return out


class Watcher:
    """A node's event stream: when each event id became visible there."""

    def __init__(self, api: Api) -> None:
        self.api, self.seen = api, {}
        self.task = asyncio.create_task(self._read())
        self.ready = asyncio.Event()

    async def _read(self) -> None:
        timeout = aiohttp.ClientTimeout(total=None, sock_read=None)
        async with self.api.session.get("http://node/api/v1/stream", timeout=timeout) as resp:
            self.ready.set()
            async for line in resp.content:
                if line.startswith(b"data: "):
                    event_id = json.loads(line[6:])["id"]
                    self.seen.setdefault(event_id, time.monotonic())


async def run(args: argparse.Namespace) -> dict[str, Any]:
    net = Network(args.nodes)
    rng = random.Random(args.seed)
    root = Path(tempfile.mkdtemp(prefix="citymesh-bench-network-"))
    apis: dict[str, Api] = {}
    watchers: dict[str, Watcher] = {}
    with Bed(root) as bed:
        try:
            for host in net.hosts:
                bed.host(host)
            for i, a in enumerate(net.hosts):
                for b in net.hosts[i + 1 :]:
                    bed.link(a, b, delay_ms=net.delay_ms(a, b), jitter_ms=JITTER_MS)
            homes: dict[str, Home] = {}
            for host in net.hosts:
                homes[host] = await serving_home(bed, root, host, block_nats=False)
            started = time.monotonic()
            for host in net.hosts:
                api = Api(bed, host, homes[host])
                api.process = bed.run(host, [CITYMESH, "run", str(homes[host].root)],
                                      name=f"node-{host}")  # fmt: skip
                apis[host] = api
            for host, api in apis.items():
                deadline = started + args.start_timeout
                while not await api.up():
                    if time.monotonic() > deadline:
                        raise SystemExit(f"node {host} did not start: {bed.log('node-' + host)}")
                    await asyncio.sleep(0.2)
            start_seconds = time.monotonic() - started
            authors = {host: homes[host].key().public_id for host in net.hosts}
            for follower, peer, everything in net.follows:
                body: dict[str, Any] = {"url": f"http://{bed.ip(peer)}:{HTTP_PORT}"}
                body.update({"all": True} if everything else {"author": authors[peer]})
                status, answer = await apis[follower].post("/api/v1/admin/follow", body)
                if status != 201:
                    raise SystemExit(f"{follower} follows {peer}: {status} {answer}")
            for host, api in apis.items():
                deadline = time.monotonic() + 120
                while True:
                    _, st = await api.get("/api/v1/status?heads=no")
                    if st and all(p["connected"] for p in st["peers"]):
                        break
                    if time.monotonic() > deadline:
                        raise SystemExit(f"{host} is not connected to its peers: {st}")
                    await asyncio.sleep(0.2)
            for host, api in apis.items():
                watchers[host] = Watcher(api)
                await asyncio.wait_for(watchers[host].ready.wait(), 30)
            idle_rss = {host: rss_mb(api.process.pid) for host, api in apis.items()}  # type: ignore[union-attr]

            # What the links carry with nothing published (pings, polls), to tell apart.
            idle_before, idle_at = sum(bed.traffic().values()), time.monotonic()
            await asyncio.sleep(args.idle_seconds)
            traffic_before = sum(bed.traffic().values())
            idle_rate = (traffic_before - idle_before) / (time.monotonic() - idle_at)
            order = [h for _ in range(args.per_node) for h in rng.sample(net.hosts, len(net.hosts))]
            published: list[tuple[str, str, float, int]] = []  # (author host, id, at, size)
            publish_started = time.monotonic()
            for i, host in enumerate(order):
                body = {"kind": "initiative", "body": _initiative(f"{host} {i}")}
                at = time.monotonic()
                status, event = await apis[host].post("/api/v1/events", body)
                if status != 201:
                    raise SystemExit(f"publish on {host}: {status} {event}")
                env = event.get("envelope", event)
                size = len(json.dumps(env, ensure_ascii=False, separators=(",", ":")).encode())
                published.append((host, env["id"], at, size))
                await asyncio.sleep(max(0.0, publish_started + (i + 1) * args.interval
                                        - time.monotonic()))  # fmt: skip
            deadline = time.monotonic() + args.converge_timeout
            while time.monotonic() < deadline and not all(
                event_id in w.seen for w in watchers.values() for _, event_id, _, _ in published
            ):
                await asyncio.sleep(0.2)
            converged = time.monotonic() - publish_started
            traffic = sum(bed.traffic().values()) - traffic_before
            idle_share = idle_rate * (time.monotonic() - publish_started)
            busy_rss = {host: rss_mb(api.process.pid) for host, api in apis.items()}  # type: ignore[union-attr]
        finally:
            for w in watchers.values():
                w.task.cancel()
            for api in apis.values():
                with contextlib.suppress(Exception):
                    await api.close()

    latencies, excess, limits, missing = [], [], [], 0
    by_hops: dict[int, list[float]] = {}
    for author, event_id, at, _ in published:
        limit = net.limit(author)
        for host in net.hosts:
            if host == author:
                continue
            seen = watchers[host].seen.get(event_id)
            if seen is None:
                missing += 1
                continue
            ms = (seen - at) * 1000
            physical, hops = limit[host]
            latencies.append(ms)
            limits.append(physical)
            excess.append(ms - physical)
            by_hops.setdefault(hops, []).append(ms)
    size = statistics.mean(s for *_, s in published)
    followers = len(net.hosts) - 1
    totals = [sum(r.values()) for r in busy_rss.values()]
    return {
        "nodes": len(net.hosts),
        "follows": len(net.follows),
        "max_hops": max(hops for a in net.hosts for _, hops in net.limit(a).values()),
        "events": len(published),
        "deliveries": len(latencies),
        "missing": missing,
        "start_seconds": round(start_seconds, 1),
        "converged_seconds": round(converged, 1),
        "latency_ms": {
            "p50": round(percentile(latencies, 0.5)),
            "p99": round(percentile(latencies, 0.99)),
            "max": round(max(latencies)),
        },  # fmt: skip
        "physical_limit_ms": {
            "p50": round(percentile(limits, 0.5)),
            "p99": round(percentile(limits, 0.99)),
        },  # fmt: skip
        "above_limit_ms": {
            "p50": round(percentile(excess, 0.5)),
            "p99": round(percentile(excess, 0.99)),
        },  # fmt: skip
        "latency_p50_ms_by_hops": {
            h: round(percentile(v, 0.5)) for h, v in sorted(by_hops.items())
        },
        "event_bytes_mean": round(size),
        "wire_bytes_per_event_per_follower": round(traffic / len(published) / followers),
        "wire_bytes_per_event_per_follower_less_idle": round(
            (traffic - idle_share) / len(published) / followers
        ),
        "idle_wire_bytes_per_second_per_node": round(idle_rate / len(net.hosts)),
        "rss_mb_per_node": {
            "idle_median": round(statistics.median(sum(r.values()) for r in idle_rss.values()), 1),
            "median": round(statistics.median(totals), 1),
            "max": round(max(totals), 1),
            "python_median": round(statistics.median(r["python"] for r in busy_rss.values()), 1),
            "nats_server_median": round(
                statistics.median(r["nats_server"] for r in busy_rss.values()), 1
            ),
            "all_nodes_total": round(sum(totals)),
        },
    }


def _initiative(title: str) -> dict[str, Any]:
    return {
        "title": {"en": title},
        "summary": {"en": f"About {title}: a welcoming desk for newcomers, open on weekdays."},
        "category": "welcoming_rights",
        "status": "active",
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--nodes", type=int, default=30, help="the cities first, then movements")
    p.add_argument("--per-node", type=int, default=2, help="events each node publishes")
    p.add_argument("--interval", type=float, default=0.25, help="seconds between publishes")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--seed", type=int, default=23)
    p.add_argument("--idle-seconds", type=float, default=10, help="idle traffic measured first")
    p.add_argument("--start-timeout", type=float, default=600)
    p.add_argument("--converge-timeout", type=float, default=120)
    args = p.parse_args()
    for _ in range(args.runs):
        figures = asyncio.run(run(args))
        print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
