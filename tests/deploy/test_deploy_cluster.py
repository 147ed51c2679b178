"""A node on a three-server JetStream cluster (R3) loses nothing when a server is killed.

The cluster's configs come from `citymesh deploy nats-config`, so this also checks that the
generated files form a working cluster with the same accounts on every member.
Budget: under 60 s (typically 10-20 s: cluster election and one leader failover).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import nats
import pytest
import pytest_asyncio
from helpers import eventually, free_port, initiative, sibling_home, view_has
from nats.js.api import StreamConfig

from node.app import Node, create_node
from node.cli import build_parser
from node.config import Config, Home, HttpConfig, NatsConfig
from node.errors import NotWriter
from node.net import subjects
from node.net.natsconf import node_nkey_seed
from node.net.natsserver import find_binary, wait_for_port

EVENTS = 60
KILL_AFTER = 20


@dataclass
class Member:
    name: str
    port: int
    conf: Path
    log: Path
    proc: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    async def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = await asyncio.create_subprocess_exec(
                find_binary(), "-c", str(self.conf), stdout=out, stderr=out,
                stdin=asyncio.subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        await wait_for_port("127.0.0.1", self.port)

    async def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc and self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, sig)
            await asyncio.wait_for(self.proc.wait(), 15)


async def cluster_ready(home: Home, urls: list[str]) -> bool:
    """True once the cluster can place an R3 stream (meta leader elected, all peers known)."""
    try:
        nc = await nats.connect(
            urls, nkeys_seed_str=node_nkey_seed(home.key()), connect_timeout=1,
            allow_reconnect=False,
        )  # fmt: skip
    except Exception:
        return False
    try:
        js = nc.jetstream(timeout=2)
        await js.add_stream(StreamConfig(name="PROBE", subjects=["probe"], num_replicas=3))
        await js.delete_stream("PROBE")
        return True
    except Exception:
        return False
    finally:
        await nc.close()


async def configured_cluster(tmp_path: Path) -> tuple[Home, list[Member]]:
    """A node home for three loopback servers, and the servers' configs (not started)."""
    members = [
        Member(f"n{i}", free_port(), tmp_path / f"n{i}.conf", tmp_path / f"n{i}.log")
        for i in (1, 2, 3)
    ]
    route_ports = [free_port() for _ in members]
    home = Home(tmp_path / "lisboa")
    config = Config(
        name="Lisboa",
        type="municipality",
        http=HttpConfig(port=free_port()),
        nats=NatsConfig(urls=[m.url for m in members], replicas=3),
    )
    await create_node(home, config, {"name": {"en": "Lisboa"}, "node_type": "municipality"})
    routes = [arg for p in route_ports for arg in ("--route", f"nats-route://127.0.0.1:{p}")]
    for member, route_port in zip(members, route_ports, strict=True):
        args = build_parser().parse_args(
            ["deploy", "nats-config", str(home.root), "--out", str(member.conf)]
            + ["--server-name", member.name, "--listen", f"127.0.0.1:{member.port}"]
            + ["--store-dir", str(tmp_path / f"{member.name}-store")]
            + ["--cluster-name", "lisboa", "--cluster-listen", f"127.0.0.1:{route_port}"]
            + routes
        )
        assert args.handler(args) == 0
    return home, members


@pytest_asyncio.fixture
async def cluster(tmp_path) -> AsyncIterator[tuple[Home, list[Member]]]:
    """A node home configured for three loopback servers, and the three servers, running."""
    home, members = await configured_cluster(tmp_path)
    try:
        await asyncio.gather(*(m.start() for m in members))
        urls = [m.url for m in members]
        await eventually(lambda: cluster_ready(home, urls), timeout=20, what="R3 cluster ready")
        yield home, members
    finally:
        for m in members:
            await m.stop()


async def stream_ids(urls: list[str], seed: str) -> list[str]:
    """Every message's Nats-Msg-Id in the node's stream, in stream order."""
    nc = await nats.connect(urls, nkeys_seed_str=seed, connect_timeout=1)
    try:
        js = nc.jetstream(timeout=3)
        info = await js.stream_info(subjects.STREAM)
        assert info.config.num_replicas == 3
        ids = []
        for seq in range(info.state.first_seq, info.state.last_seq + 1):
            msg = await js.get_msg(subjects.STREAM, seq=seq, direct=True)
            ids.append((msg.headers or {}).get("Nats-Msg-Id", ""))
        return ids
    finally:
        await nc.close()


async def stream_leader(members: list[Member], seed: str) -> str:
    nc = await nats.connect([m.url for m in members], nkeys_seed_str=seed, connect_timeout=1)
    try:
        info = await nc.jetstream(timeout=3).stream_info(subjects.STREAM)
        assert info.cluster is not None and info.cluster.leader
        return info.cluster.leader
    finally:
        await nc.close()


async def test_r3_cluster_keeps_every_event_when_a_server_is_killed_mid_publish(cluster, nodes):
    home, members = cluster
    node = Node(home)
    await node.start()
    seed = node_nkey_seed(node.key)
    try:
        follower = await nodes("Bologna")  # its own embedded server
        await follower.follow(node.http_url)

        published: list[str] = []
        killed: Member | None = None
        acked_before: list[str] = []

        async def outbox_empty() -> bool:
            return not await node.store.unpublished()

        for i in range(EVENTS):
            if i == KILL_AFTER:
                await eventually(outbox_empty, timeout=10, what="first events acknowledged")
                acked_before = await stream_ids([m.url for m in members], seed)
                # The stream's leader holds the acknowledged writes: the hard case.
                leader = await stream_leader(members, seed)
                killed = next(m for m in members if m.name == leader)
                await killed.stop(signal.SIGKILL)
            event = await node.publish("initiative", initiative(f"Programme {i}"))
            published.append(event.envelope.id)
        assert killed is not None and killed.proc and killed.proc.returncode == -signal.SIGKILL
        assert len(acked_before) == KILL_AFTER + 1

        await eventually(outbox_empty, timeout=30, what="every event acknowledged by JetStream")
        survivors = [m.url for m in members if m is not killed]
        stored = await node.store.read(
            lambda c: [r[0] for r in c.execute("SELECT id FROM events ORDER BY n").fetchall()]
        )
        assert set(published) <= set(stored) and len(stored) == EVENTS + 1  # + profile
        in_stream = await stream_ids(survivors, seed)
        assert sorted(in_stream) == sorted(stored)  # nothing lost, nothing twice
        assert in_stream[: len(acked_before)] == acked_before
        assert await stream_leader(members, seed) != killed.name  # a survivor took over

        async def follower_complete() -> bool:
            return await follower.store.digest(node.id) == await node.store.digest(node.id)

        await eventually(follower_complete, timeout=20, what="follower replicated everything")
        assert (await follower.store.digest(node.id))["events"] == EVENTS + 1
    finally:
        await node.stop()


async def test_one_writer_and_a_reader_of_one_organisation_on_the_cluster(cluster, tmp_path):
    """Read scale-out on the R3 cluster: both processes serve the same view; the reader and a
    misconfigured second writer are refused, and the chain in the stream never forks."""
    home, _members = cluster
    writer = Node(home)
    await writer.start()
    started = [writer]
    try:
        for i in range(3):
            await writer.publish("initiative", initiative(f"Programme {i}"))
        reader = Node(sibling_home(home, tmp_path / "reader", "reader"))
        await reader.start()
        started.append(reader)
        await eventually(
            lambda: _same_digest(writer, reader), timeout=10, what="reader serves the same view"
        )
        with pytest.raises(NotWriter) as refused:
            await reader.publish("initiative", initiative("From the reader"))
        assert refused.value.code == "not_writer"

        rogue = Node(sibling_home(home, tmp_path / "rogue", "writer"))
        await rogue.start()
        started.append(rogue)
        with pytest.raises(NotWriter) as conflict:
            await rogue.publish("initiative", initiative("Fork attempt"))
        assert conflict.value.code == "writer_conflict"

        last = await writer.publish("initiative", initiative("Programme 3"))
        await eventually(lambda: view_has(reader, last.envelope.id), timeout=10)
        seqs = await reader.store.read(
            lambda c: [
                r[0]
                for r in c.execute(
                    "SELECT seq FROM events WHERE author = ? ORDER BY seq", (writer.id,)
                )
            ]
        )
        assert seqs == [1, 2, 3, 4, 5]
        assert sum(reader.ingest.rejected.values()) == 0
        assert await _same_digest(writer, reader)
    finally:
        for node in reversed(started):
            await node.stop()


async def _same_digest(a: Node, b: Node) -> bool:
    return await a.store.digest(a.id) == await b.store.digest(a.id)


async def test_a_node_started_before_the_cluster_has_quorum_waits_for_it(tmp_path):
    """One server of three cannot place an R3 stream; the node retries until the others join."""
    home, members = await configured_cluster(tmp_path)
    node = Node(home)
    try:
        await members[0].start()
        assert not await cluster_ready(home, [members[0].url])  # no quorum yet
        starting = asyncio.create_task(node.start())
        await eventually(
            lambda: (
                getattr(node, "transport", None) is not None and node.transport.stream_retries > 0
            ),
            timeout=20,
            what="the node retries its stream",
        )
        assert not starting.done()
        await asyncio.gather(*(m.start() for m in members[1:]))
        async with asyncio.timeout(40):
            await starting
        event = await node.publish("initiative", initiative("After the quorum"))
        ids = await stream_ids([m.url for m in members], node_nkey_seed(home.key()))
        assert event.envelope.id in ids
    finally:
        await node.stop()
        for m in members:
            await m.stop()
