"""Requests to other servers go only to public addresses, and are bounded in time and size."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from aiohttp import web
from helpers import free_port

from node.fediverse.fetch import MAX_DOCUMENT, Refused, SafeClient


@pytest_asyncio.fixture
async def server() -> AsyncIterator[str]:
    """A loopback server: a large document, one that never answers, and a redirect."""

    async def large(request: web.Request) -> web.Response:
        return web.Response(body=b"[" + b"0," * MAX_DOCUMENT + b"0]")

    async def hangs(request: web.Request) -> web.Response:
        await asyncio.sleep(30)
        return web.Response()

    async def moved(request: web.Request) -> web.Response:
        raise web.HTTPFound("http://127.0.0.1:1/elsewhere")

    app = web.Application()
    app.router.add_get("/large", large)
    app.router.add_get("/hangs", hangs)
    app.router.add_get("/moved", moved)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


@pytest.mark.parametrize(
    "url,code",
    [
        ("https://127.0.0.1/actor", "private_address"),
        ("https://10.1.2.3/actor", "private_address"),
        ("https://169.254.169.254/latest/meta-data", "private_address"),
        ("https://[::1]/actor", "private_address"),
        ("https://[::ffff:192.168.1.1]/actor", "private_address"),
        ("http://social.example.org/actor", "bad_url"),
        ("file:///etc/passwd", "bad_url"),
        ("https://user:pw@social.example.org/", "bad_url"),
    ],
)
async def test_private_and_non_https_addresses_are_refused_before_connecting(url, code):
    client = SafeClient(allow_private=False, timeout=5)
    try:
        with pytest.raises(Refused) as refused:
            await client.get_json(url, {})
        assert refused.value.code == code
    finally:
        await client.close()


async def test_a_name_that_resolves_to_loopback_is_refused(server):
    port = server.rsplit(":", 1)[1]
    client = SafeClient(allow_private=False, timeout=5)
    try:
        with pytest.raises(Refused) as refused:
            await client.get_json(f"https://localhost:{port}/large", {})
        assert refused.value.code == "private_address"
    finally:
        await client.close()


async def test_size_time_and_redirects_are_bounded(server):
    client = SafeClient(allow_private=True, timeout=0.5)
    try:
        with pytest.raises(Refused) as too_large:
            await client.get_json(f"{server}/large", {})
        assert too_large.value.code == "too_large"
        start = time.monotonic()
        with pytest.raises(Refused) as slow:
            await client.get_json(f"{server}/hangs", {})
        assert slow.value.code == "unreachable" and time.monotonic() - start < 2
        with pytest.raises(Refused) as moved:
            await client.get_json(f"{server}/moved", {})
        assert moved.value.code == "remote_status"
    finally:
        await client.close()
