"""NATS over WebSocket on the node's HTTP port: a follower needs only that port (on loopback).

The namespaced version, through TLS with the NATS ports out of reach, is in test_bed.py.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import nats
import pytest
from helpers import eventually, free_port, initiative, new_node, view_has

from node import subjects
from node.app import Node
from node.config import Home


async def _node_with_dead_nats_port(root: Path) -> Node:
    """A node whose card's NATS URL leads nowhere: only its HTTP port serves peers."""
    made = await new_node(root, "A", start=False)
    home = Home(made.home.root)
    config = home.load()
    config.nats.advertise = [f"nats://127.0.0.1:{free_port()}"]
    home.save(config)
    node = Node(home)
    await node.start()
    return node


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
