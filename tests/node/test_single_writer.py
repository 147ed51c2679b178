"""One organisation, several node processes on one NATS: many readers, exactly one writer."""

from __future__ import annotations

import pytest
from helpers import eventually, free_port, initiative, sibling_home, view_has

from node.app import Node, create_node
from node.config import Config, Home, HttpConfig, NatsConfig
from node.errors import NotWriter
from node.net import natsconf
from node.net.natsserver import EmbeddedServer


@pytest.fixture
async def org(tmp_path):
    """An organisation's home (writer) and the nats-server it shares with its other processes."""
    port = free_port()
    home = Home(tmp_path / "writer")
    config = Config(
        name="Berlin",
        type="regional_gov",
        lang="de",
        http=HttpConfig(port=free_port()),
        nats=NatsConfig(urls=[f"nats://127.0.0.1:{port}"]),
    )
    await create_node(home, config, {"name": {"de": "Berlin"}, "node_type": "regional_gov"})
    conf = tmp_path / "nats.conf"
    conf.write_text(
        natsconf.render(
            home.key(),
            listen=f"127.0.0.1:{port}",
            store_dir=tmp_path / "js",
            peer_password=home.load().nats.peer_password,
            server_name="org",
        )
    )
    server = EmbeddedServer(conf, "127.0.0.1", port, tmp_path / "nats.log")
    await server.start()
    started: list[Node] = []

    async def process(role: str, name: str) -> Node:
        """Another process of the same organisation: same key and config, its own database."""
        node = Node(home if name == "writer" else sibling_home(home, tmp_path / name, role))
        await node.start()
        started.append(node)
        return node

    yield process
    for node in started:
        await node.stop()
    await server.stop()


async def test_readers_serve_the_same_view_and_refuse_to_publish(org):
    writer = await org("writer", "writer")
    events = [
        await writer.publish("initiative", initiative(f"Programm {i}", "de")) for i in range(5)
    ]
    reader = await org("reader", "reader-1")
    await eventually(lambda: view_has(reader, events[-1].envelope.id), what="reader caught up")
    assert await reader.store.digest(writer.id) == await writer.store.digest(writer.id)

    later = await writer.publish("initiative", initiative("Live", "de"))
    await eventually(lambda: view_has(reader, later.envelope.id), timeout=3, what="live to reader")

    with pytest.raises(NotWriter) as refused:
        await reader.publish("initiative", initiative("Nicht hier", "de"))
    assert refused.value.code == "not_writer"
    assert await reader.store.digest(writer.id) == await writer.store.digest(writer.id)


async def test_a_second_writer_is_refused_without_forking_the_chain(org):
    writer = await org("writer", "writer")
    for i in range(3):
        await writer.publish("initiative", initiative(f"Programm {i}", "de"))
    # Misconfigured: a second process that also believes it is the writer.
    rogue = await org("writer", "rogue")
    with pytest.raises(NotWriter) as refused:
        await rogue.publish("initiative", initiative("Gabelung", "de"))
    assert refused.value.code == "writer_conflict"
    assert await rogue.store.own_head(rogue.id) == (0, None)  # nothing kept locally either

    # The real writer goes on; a reader sees one unbroken chain.
    last = await writer.publish("initiative", initiative("Programm 3", "de"))
    reader = await org("reader", "reader")
    await eventually(lambda: view_has(reader, last.envelope.id))
    rows = await reader.store.read(
        lambda c: c.execute(
            "SELECT seq FROM events WHERE author = ? ORDER BY seq", (writer.id,)
        ).fetchall()
    )
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
    assert sum(reader.ingest.rejected.values()) == 0  # no fork ever reached the stream
    assert await reader.store.digest(writer.id) == await writer.store.digest(writer.id)
