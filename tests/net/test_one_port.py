"""NATS over WebSocket on the node's HTTP port: a follower needs only that port (on loopback).

The namespaced version, through TLS with the NATS ports out of reach, is in test_bed.py.
"""

from __future__ import annotations

import contextlib
import json
import ssl
import time
from pathlib import Path
from typing import Any

import aiohttp
import nats
import pytest
from helpers import eventually, free_port, initiative, new_node, view_has
from netnodes import make_ca

from node.app import Node
from node.config import Config, ConfigError, Home, NatsConfig, check
from node.http import natsws
from node.net import subjects


async def _node_with(root: Path, **nats_settings: Any) -> Node:
    """A started node "A" with these [nats] settings (the caller stops it)."""
    made = await new_node(root, "A", start=False)
    home = Home(made.home.root)
    config = home.load()
    for name, value in nats_settings.items():
        setattr(config.nats, name, value)
    home.save(config)
    node = Node(home)
    await node.start()
    return node


async def _node_with_dead_nats_port(root: Path) -> Node:
    """A node whose card's NATS URL leads nowhere: only its HTTP port serves peers."""
    return await _node_with(root, advertise=[f"nats://127.0.0.1:{free_port()}"])


async def test_follower_reaches_a_node_through_its_http_port_only(tmp_path: Path, nodes: Any):
    a = await _node_with_dead_nats_port(tmp_path)
    try:
        card = await a.card()
        ws_url = a.http_url.replace("http://", "ws://") + "/nats"
        assert card["nats"]["urls"][-1] == ws_url
        b = await nodes("B")
        await b.follow(a.http_url)
        link = b.replicator.links[a.http_url]
        await eventually(lambda: link.nc is not None and link.nc.is_connected, what="connected")
        assert link.nc is not None and link.nc.connected_url is not None
        assert link.nc.connected_url.geturl() == ws_url
        event = await a.publish("initiative", initiative("Over one port"))
        await eventually(lambda: view_has(b, event.envelope.id), what="event followed")
    finally:
        await a.stop()


async def test_websocket_path_keeps_the_peer_user_read_only(nodes: Any):
    a = await nodes("A")
    card = await a.card()
    ws_url = card["nats"]["urls"][-1]
    assert ws_url.startswith("ws://")
    with pytest.raises(nats.errors.Error):  # a wrong password is refused by nats-server
        await nats.connect(
            ws_url, user="peer", password="wrong", allow_reconnect=False, connect_timeout=3
        )
    errors: list[str] = []

    async def on_error(exc: Exception) -> None:
        errors.append(str(exc).lower())

    peer = await nats.connect(
        ws_url,
        user=card["nats"]["user"],
        password=card["nats"]["password"],
        allow_reconnect=False,
        error_cb=on_error,
        inbox_prefix=subjects.PEER_INBOX_PREFIX,
    )
    try:
        await peer.publish(subjects.event_subject(a.id), b"{}")
        await peer.flush()
        await eventually(
            lambda: any("permissions violation for publish" in e for e in errors),
            what="publish denied through the proxy",
        )
    finally:
        with contextlib.suppress(Exception):
            await peer.close()


async def _greeted(session: aiohttp.ClientSession, url: str) -> aiohttp.ClientWebSocketResponse:
    ws = await session.ws_connect(url)
    first = await ws.receive(timeout=5)
    assert first.type == aiohttp.WSMsgType.BINARY and first.data.startswith(b"INFO")
    return ws


async def test_relay_closes_a_connection_that_sends_an_oversized_frame(nodes: Any):
    a = await nodes("A")
    async with aiohttp.ClientSession() as session:
        ws = await _greeted(session, a.http_url + natsws.PATH)
        await ws.send_bytes(b"PING\r\n" + b" " * natsws.MAX_FRAME_BYTES)
        closing = await ws.receive(timeout=5)
        assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        assert ws.close_code == aiohttp.WSCloseCode.MESSAGE_TOO_BIG


async def test_relay_refuses_connections_over_its_limit(nodes: Any, monkeypatch: Any):
    monkeypatch.setattr(natsws, "MAX_CONNECTIONS", 2)
    a = await nodes("A")
    url = a.http_url + natsws.PATH
    async with aiohttp.ClientSession() as session:
        held = [await _greeted(session, url) for _ in range(2)]
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(url)
        assert refused.value.status == 503
        await held[0].close()
        await eventually(lambda: _opens(session, url), what="a place is free again")
        for ws in held:
            await ws.close()


async def _opens(session: aiohttp.ClientSession, url: str) -> bool:
    try:
        ws = await _greeted(session, url)
    except aiohttp.WSServerHandshakeError:
        return False
    await ws.close()
    return True


async def test_relay_closes_an_idle_connection(nodes: Any, monkeypatch: Any):
    monkeypatch.setattr(natsws, "IDLE_SECONDS", 0.5)
    a = await nodes("A")
    card = await a.card()
    login = {"user": "peer", "pass": card["nats"]["password"], "verbose": False}
    async with aiohttp.ClientSession() as session:
        ws = await _greeted(session, a.http_url + natsws.PATH)
        await ws.send_bytes(b"CONNECT " + json.dumps(login).encode() + b"\r\nPING\r\n")
        pong = await ws.receive(timeout=5)
        assert pong.data.startswith(b"PONG"), pong  # logged in: nats-server would wait 2 min
        started = time.monotonic()
        gone = await ws.receive(timeout=10)
        assert gone.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        assert time.monotonic() - started < 5


async def test_peers_reach_the_embedded_servers_nats_port_over_tls(
    tmp_path: Path, nodes: Any, monkeypatch: Any
):
    ca, cert, key = make_ca(tmp_path, "127.0.0.1")
    a = await _node_with(tmp_path, tls_cert=str(cert), tls_key=str(key))
    try:
        card = await a.card()
        tls_url = card["nats"]["urls"][0]
        assert tls_url == f"tls://127.0.0.1:{a.config.nats.port}"
        login = {"user": card["nats"]["user"], "password": card["nats"]["password"]}
        with pytest.raises(ssl.SSLCertVerificationError):  # TLS verified: an unknown CA
            await nats.connect(tls_url, allow_reconnect=False, connect_timeout=3, **login)
        monkeypatch.setenv("SSL_CERT_FILE", str(ca))
        b = await nodes("B")
        await b.follow(a.http_url)
        link = b.replicator.links[a.http_url]
        await eventually(lambda: link.nc is not None and link.nc.is_connected, what="connected")
        assert link.nc is not None and link.nc.connected_url is not None
        assert link.nc.connected_url.scheme == "tls"
        event = await a.publish("initiative", initiative("Over TLS"))
        await eventually(lambda: view_has(b, event.envelope.id), what="event followed")
    finally:
        await a.stop()


def test_nats_tls_needs_both_certificate_and_key():
    config = Config(name="A", type="municipality", nats=NatsConfig(tls_cert="/etc/c.pem"))
    with pytest.raises(ConfigError, match=r"nats\.tls_key: is missing.*set both"):
        check(config, "citymesh.toml")
