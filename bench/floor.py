"""The latency floor: the hops of `latency.py`'s path with no citymesh work on them.

A client posts to process A (aiohttp), which publishes the body to nats-server 1; process B,
subscribed there, publishes it to nats-server 2; process C, subscribed there, writes it to the
client's open event stream. The same processes, servers and wakes as A -> B -> C, but nothing
checked, stored or made durable: what this machine's process wakes and loopback cost alone.

    python bench/floor.py [--events 1000] [--rate 100]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import subprocess
import sys
from collections.abc import Iterator

import aiohttp
import nats
from aiohttp import web

from harness import free_port, percentile, relay_times, report  # isort: skip
from node.net.natsserver import find_binary, wait_for_port  # noqa: E402  (harness: the checkout)


async def _serve_a(http_port: int, nats_url: str) -> None:
    nc = await nats.connect(nats_url)

    async def post(request: web.Request) -> web.Response:
        await nc.publish("floor.a", await request.read())
        return web.json_response({"ok": True})

    await _serve(web.post("/e", post), http_port)


async def _serve_b(from_url: str, to_url: str) -> None:
    into = await nats.connect(to_url)
    source = await nats.connect(from_url)

    async def relay(msg: nats.aio.msg.Msg) -> None:
        await into.publish("floor.b", msg.data)

    await source.subscribe("floor.a", cb=relay)
    await source.flush()
    print("ready", flush=True)
    await asyncio.Event().wait()


async def _serve_c(http_port: int, nats_url: str) -> None:
    nc = await nats.connect(nats_url)
    streams: list[web.StreamResponse] = []

    async def deliver(msg: nats.aio.msg.Msg) -> None:
        for resp in streams:
            await resp.write(b"data: " + msg.data + b"\n\n")

    async def stream(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        streams.append(resp)
        await asyncio.Event().wait()
        return resp

    await nc.subscribe("floor.b", cb=deliver)
    await nc.flush()
    await _serve(web.get("/stream", stream), http_port)


async def _serve(route: web.RouteDef, port: int) -> None:
    app = web.Application()
    app.router.add_routes([route])
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print("ready", flush=True)
    await asyncio.Event().wait()


@contextlib.contextmanager
def _processes() -> Iterator[tuple[str, str]]:
    """Two nats-servers and the three relay processes; the URLs of A and of C."""
    procs: list[subprocess.Popen[bytes]] = []
    try:
        urls = []
        for _ in range(2):
            port = free_port()
            procs.append(
                subprocess.Popen(
                    [find_binary(), "-a", "127.0.0.1", "-p", str(port)], stderr=subprocess.DEVNULL
                )
            )
            urls.append(f"nats://127.0.0.1:{port}")
            asyncio.run(wait_for_port("127.0.0.1", port))
        a_port, c_port = free_port(), free_port()
        roles = [["c", str(c_port), urls[1]], ["b", urls[0], urls[1]], ["a", str(a_port), urls[0]]]
        for role in roles:
            proc = subprocess.Popen(
                [sys.executable, __file__, "--role", *role], stdout=subprocess.PIPE
            )
            procs.append(proc)
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != b"ready":  # it connects, or it ends
                raise RuntimeError(f"the floor's process {role[0]} did not start")
        yield f"http://127.0.0.1:{a_port}", f"http://127.0.0.1:{c_port}"
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            proc.wait(10)


async def _measure(a_url: str, c_url: str, count: int, rate: float) -> list[float]:
    async def send(session: aiohttp.ClientSession, i: int) -> str:
        async with session.post(f"{a_url}/e", data=b"%d" % i) as resp:
            await resp.read()
        return str(i)

    return await relay_times(
        f"{c_url}/stream", send, lambda data: data.strip().decode(), count, rate
    )


def floor(count: int = 1000, rate: float = 100.0) -> dict[str, float]:
    """p50 and p99 in ms of `count` events through the bare path, at `rate` a second."""
    with _processes() as (a_url, c_url):
        ms = asyncio.run(_measure(a_url, c_url, count, rate))
    return {
        "p50_ms": round(statistics.median(ms), 2),
        "p99_ms": round(percentile(ms, 0.99), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--role", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role:
        role, first, second = args.role
        if role == "a":
            asyncio.run(_serve_a(int(first), second))
        elif role == "b":
            asyncio.run(_serve_b(first, second))
        else:
            asyncio.run(_serve_c(int(first), second))
        return
    figures = floor(args.events, args.rate)
    report(
        "floor",
        {"events": args.events, "rate_per_s": args.rate, **figures},
        f"latency floor (the same hops, no work): p50 {figures['p50_ms']} ms, "
        f"p99 {figures['p99_ms']} ms",
    )


if __name__ == "__main__":
    main()
