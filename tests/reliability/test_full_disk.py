"""A full disk, and a failing one, on every write path: refused clearly, nothing half-stored.

The node's home sits on a real 20 MiB tmpfs, filled by publishing; the paths a full disk is
hard to aim at are reached through `node.faults`, over the real SQLite file and nats-server.
After each fault the store's chain verifies, the acceptor's heads are the database's, and
the stream holds the store's chain.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import nats.errors
import pytest
import pytest_asyncio
from crashrun import async_wait_stream
from helpers import eventually, initiative, initiative_chain, new_node
from nats.js.errors import NotFoundError
from nodeproc import NodeProc, cm

from node.app import Node
from node.errors import StorageError, StorageFull
from node.net import subjects
from node.store import CursorMove, Store, faults
from node.store.diskspace import RESERVE
from protocol import SigningKey
from protocol.verify import verify_lines

#: Summaries near the longest a string may be, in two languages: events of about 30 KB.
BIG = 14_000
#: Bounds for a run: a 20 MiB disk holds about a hundred such events.
MAX_POSTS = 400
#: Written first, deleted to free space.
BALLAST = 6 * 1024 * 1024


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 20 MiB tmpfs, always unmounted again."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.fail(f"mounting a tmpfs failed (run as root): {done.stderr}", pytrace=False)
    try:
        yield mount
    finally:
        # Lazily if a process still holds a file there: the mount never outlives the test.
        if subprocess.run(["umount", str(mount)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], check=True)


def big_initiative(i: int) -> dict[str, Any]:
    text = "".join(chr(0x61 + (i * 7 + k * 13) % 26) for k in range(BIG))
    summary = {"en": text, "fr": text[::-1]}
    return {"kind": "initiative", "body": initiative(f"Large initiative {i}", summary=summary)}


async def store_chain(node: Node) -> list[str]:
    return [
        r[0]
        for r in await node.store.read(
            lambda c: c.execute(
                "SELECT id FROM events WHERE author = ? ORDER BY seq", (node.id,)
            ).fetchall()
        )
    ]


async def stream_chain(node: Node) -> list[str]:
    """The ids of the node's own events in its stream, in stream order."""
    assert node.transport.nc is not None
    jsm = node.transport.nc.jetstream()._jsm
    subject = subjects.event_subject(node.id)
    info = await jsm.stream_info(subjects.STREAM)
    ids = []
    for seq in range(info.state.first_seq, info.state.last_seq + 1):
        try:
            msg = await jsm.get_msg(subjects.STREAM, seq, direct=True)
        except NotFoundError:  # deleted
            continue
        if msg.subject == subject and msg.headers:
            ids.append(msg.headers["Nats-Msg-Id"])
    return ids


async def assert_consistent(node: Node) -> None:
    """The exported store verifies, the acceptor names no head the database lacks, and the
    stream holds the store's chain (once the outbox caught up)."""
    raws = await node.store.read(
        lambda c: [r[0] for r in c.execute("SELECT raw FROM events ORDER BY n")]
    )
    count, problems = verify_lines(raws)
    assert problems == [] and count == len(raws)
    acc = node.store._acceptor
    assert acc is not None
    cached = acc.heads.get(node.id)
    chain = await store_chain(node)
    if cached is not None:
        assert (cached.seq, cached.id) == (len(chain), chain[-1])

    async def stream_matches() -> bool:
        try:
            return await stream_chain(node) == await store_chain(node)
        except (nats.errors.Error, TimeoutError):  # a stalled server, being restarted
            return False

    await eventually(stream_matches, timeout=60, what="the stream holds the store's chain")


@pytest_asyncio.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as s:
        yield s


async def post(s: aiohttp.ClientSession, node: Node, payload: dict[str, Any]) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {node.token}"}
    async with s.post(node.http_url + "/api/v1/events", json=payload, headers=headers) as r:
        return r.status, await r.json(content_type=None)


Post = Callable[[dict[str, Any]], Awaitable[tuple[int, Any]]]


async def fill(post: Post, home: Path) -> tuple[list[str], int, str]:
    """Publish 30 KB initiatives until three are refused, each refusal a 507 storage_full
    that names the home and what to do. Returns the ids acknowledged, how many were before
    the first refusal, and its detail."""
    acked: list[str] = []
    refusals, fitted, detail = 0, 0, ""
    for i in range(MAX_POSTS):
        status, answer = await post(big_initiative(i))
        if status == 201:
            acked.append(answer["id"])
            continue
        assert (status, answer["code"]) == (507, "storage_full"), answer
        assert str(home) in answer["detail"] and "free space" in answer["detail"]
        if not refusals:
            fitted, detail = len(acked), answer["detail"]
        refusals += 1
        if refusals == 3:
            return acked, fitted, detail
    raise AssertionError(f"{MAX_POSTS} events of 30 KB fit on a 20 MiB disk")


@pytest.mark.slow
@pytest.mark.parametrize("reserve", ["kept", "none"])
async def test_full_disk_refuses_with_507_and_resumes_when_space_is_freed(
    small_disk: Path, session: aiohttp.ClientSession, reserve: str
) -> None:
    node = await new_node(small_disk, "A")
    restarted: Node | None = None
    try:
        if reserve == "none":  # the disk itself refuses: SQLite's and JetStream's errors
            node.store.space.reserve = 0
            node.transport.stall_seconds = 2.0  # a server that met the full disk: restarted
        ballast = small_disk / "ballast"
        ballast.write_bytes(bytes(BALLAST))
        acked, fitted, detail = await fill(lambda p: post(session, node, p), node.home.root)
        held = set(await store_chain(node))
        assert set(acked) <= held, "an acknowledged event is not in the store"

        ballast.unlink()
        # The reserve back: without it the waiting text index takes the freed space again,
        # and the stream's store has none left for the events it has yet to take.
        node.store.space.reserve = RESERVE
        freed = time.monotonic()
        status, answer = await post(session, node, big_initiative(MAX_POSTS))
        assert status == 201, answer
        print(
            f"\n{fitted} events acknowledged before the first refusal (reserve {reserve});"
            f" 201 {time.monotonic() - freed:.3f} s after space was freed; refusal: {detail}"
        )
        await assert_consistent(node)
        home = node.home
        await node.stop()

        restarted = Node(home)
        await restarted.start()
        status, answer = await post(session, restarted, big_initiative(MAX_POSTS + 1))
        assert status == 201, answer
        await assert_consistent(restarted)
    finally:
        await node.stop()
        if restarted is not None:
            await restarted.stop()


# -- fault points ----------------------------------------------------------------------------

ERRORS = {"full": faults.disk_full, "io": faults.io_error, "enospc": faults.no_space}
#: Each step of a store transaction; at COMMIT, with SQLite still in it or rolled back.
STORE_FAULTS = pytest.mark.parametrize(
    "point, rollback",
    [
        ("store.begin", False),
        ("store.body", False),
        ("store.commit", False),
        ("store.commit", True),
    ],
)


@pytest_asyncio.fixture
async def node(tmp_path: Path) -> AsyncIterator[Node]:
    n = await new_node(tmp_path, "A")
    try:
        yield n
    finally:
        faults.disarm()
        await n.stop()


@STORE_FAULTS
@pytest.mark.parametrize("error", sorted(ERRORS))
async def test_publish_fails_whole_at_each_store_step(
    node: Node, point: str, rollback: bool, error: str
) -> None:
    await node.publish("initiative", initiative("Before"))
    faults.arm(point, ERRORS[error](), rollback=rollback)
    with pytest.raises(StorageError) as raised:
        await node.publish("initiative", initiative("Refused"))
    assert isinstance(raised.value, StorageFull) == (error != "io")
    assert len(await store_chain(node)) == 2
    await node.publish("initiative", initiative("After"))
    assert len(await store_chain(node)) == 3
    await assert_consistent(node)


@pytest.mark.parametrize(
    "point, error",
    [
        ("stream.publish_own", TimeoutError()),
        ("stream.publish_own", faults.no_space()),
        ("store.mark_published", faults.disk_full()),
    ],
)
async def test_a_stream_or_outbox_failure_is_retried_without_conflict(
    node: Node, point: str, error: BaseException
) -> None:
    with faults.armed(point, error, times=3):
        event = await node.publish("initiative", initiative("Stored, published later"))
    assert event.envelope.id in await store_chain(node)  # acknowledged: it is stored
    await node.publish("initiative", initiative("The next one"))
    assert not node.transport.conflict
    await assert_consistent(node)
    await eventually(lambda: drained(node), what="the outbox is empty")


async def drained(node: Node) -> bool:
    return not await node.store.unpublished(1)


@pytest.mark.parametrize("before_reconnect_callback", [False, True])
async def test_an_acknowledged_event_the_stream_lost_is_published_again(
    node: Node, before_reconnect_callback: bool
) -> None:
    """A nats-server whose store met a full disk can lose a message it acknowledged: the
    next publish puts the store's event back, instead of a writer conflict for ever; also
    when it comes before the reconnection's callback, with the head known before."""
    lost = await node.publish("initiative", initiative("Acknowledged, then lost"))
    await eventually(lambda: drained(node), what="published")
    assert node.transport.nc is not None
    js = node.transport.nc.jetstream()
    info = await js.stream_info(subjects.STREAM)
    await js.delete_msg(subjects.STREAM, info.state.last_seq)  # as if never written
    known = node.transport._head
    # Restarted, the server forgets the lost message's id (its duplicate window is rebuilt
    # from what it stored), as after a full disk.
    assert node.server is not None and node.server.proc is not None
    old = node.server.proc
    old.terminate()
    await eventually(lambda: node.server.proc is not old and node.transport.connected, 20)
    if before_reconnect_callback:
        # The callback runs as a task of its own: a publish can come first, busy or not.
        await eventually(lambda: node.transport._head is None, what="reconnect callback")
        node.transport._head = known
    await node.publish("initiative", initiative("The next one"))
    assert not node.transport.conflict
    await assert_consistent(node)
    assert lost.envelope.id in await stream_chain(node)


# -- ingest ----------------------------------------------------------------------------------

PEER, FILTER = "nats://peer", "*"


@pytest_asyncio.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "ingest.db")
    await s.execute(
        "INSERT INTO subscriptions (peer, filter, cursor) VALUES (?, ?, 0)", (PEER, FILTER)
    )
    try:
        yield s
    finally:
        faults.disarm()
        await s.close()


async def cursor(store: Store) -> int:
    row = await store.read(
        lambda c: c.execute("SELECT cursor FROM subscriptions WHERE peer = ?", (PEER,)).fetchone()
    )
    return int(row[0])


@STORE_FAULTS
@pytest.mark.parametrize("error", sorted(ERRORS))
async def test_ingest_while_the_disk_fails_stores_nothing_and_keeps_the_cursor(
    store: Store, point: str, rollback: bool, error: str
) -> None:
    key = SigningKey.generate()
    chain = initiative_chain(key, [f"Peer item {i}" for i in range(6)])
    first = CursorMove(PEER, FILTER, [1, 2, 3], live=False)
    await store.ingest(list(chain[:3]), first)
    faults.arm(point, ERRORS[error](), rollback=rollback)
    second = CursorMove(PEER, FILTER, [4, 5, 6], live=False)
    with pytest.raises(StorageError):
        await store.ingest(list(chain[3:]), second)
    assert await cursor(store) == 3
    assert (await store.own_head(key.public_id))[0] == 3
    # Read again later: nothing lost, nothing skipped.
    results, accepted, moved = await store.ingest(list(chain[3:]), second)
    assert results == ["accepted"] * 3 and moved == 6 and len(accepted) == 3
    assert (await store.own_head(key.public_id))[0] == 6


@STORE_FAULTS
async def test_a_large_catch_ups_open_transaction_fails_whole_and_keeps_the_cursor(
    store: Store, point: str, rollback: bool
) -> None:
    """A large catch-up's batches share a transaction (`hold`): when a later batch or the
    commit fails, the earlier batches go with it and the cursor stays; read again, all of
    them are stored and told once."""
    store.HOLD_BYTES, store.HOLD_SECONDS = 10**9, 3600.0
    key = SigningKey.generate()
    chain = initiative_chain(key, [f"Peer item {i}" for i in range(6)])
    await store.ingest(list(chain[:3]), CursorMove(PEER, FILTER, [1, 2, 3], live=False), hold=True)
    faults.arm(point, faults.disk_full(), rollback=rollback)
    with pytest.raises(StorageError):
        await store.ingest(
            list(chain[3:]), CursorMove(PEER, FILTER, [4, 5, 6], live=False), hold=True
        )
        await store.settle(PEER, FILTER)  # the commit
    assert await store.settle(PEER, FILTER) == ([], None)  # nothing committed, nothing told
    assert await cursor(store) == 0
    assert (await store.own_head(key.public_id))[0] == 0
    every = CursorMove(PEER, FILTER, [1, 2, 3, 4, 5, 6], live=False)
    results, _, _ = await store.ingest(list(chain), every, hold=True)
    told, moved = await store.settle(PEER, FILTER)
    assert results == ["accepted"] * 6 and moved == 6 and len(told) == 6
    assert await cursor(store) == 6


async def test_a_large_catch_ups_open_transaction_refused_below_the_reserve_is_not_kept(
    store: Store,
) -> None:
    store.HOLD_BYTES, store.HOLD_SECONDS = 10**9, 3600.0
    key = SigningKey.generate()
    chain = initiative_chain(key, ["One", "Two", "Three"])
    await store.ingest(list(chain[:2]), CursorMove(PEER, FILTER, [1, 2], live=False), hold=True)
    store.space.reserve = store.space.free() + 1024**3  # the disk seen as full
    with pytest.raises(StorageFull):
        await store.ingest([chain[2]], CursorMove(PEER, FILTER, [3], live=False), hold=True)
    store.space.reserve = 0
    # The refused batch's transaction, and the batches it held, were rolled back.
    assert await store.settle(PEER, FILTER) == ([], None)
    assert await cursor(store) == 0


async def test_ingest_while_below_the_reserve_is_refused_until_space_returns(
    store: Store,
) -> None:
    key = SigningKey.generate()
    chain = initiative_chain(key, ["One", "Two"])
    store.space.reserve = store.space.free() + 1024**3  # the disk seen as full
    move = CursorMove(PEER, FILTER, [1, 2], live=False)
    with pytest.raises(StorageFull):
        await store.ingest(list(chain), move)
    assert await cursor(store) == 0
    store.space.reserve = 0
    _, accepted, moved = await store.ingest(list(chain), move)
    assert moved == 2 and len(accepted) == 2


async def test_a_follower_with_a_full_disk_reads_the_peer_again_once_space_returns(nodes):
    a, b = await nodes("A"), await nodes("B")
    await b.follow(a.http_url)
    await eventually(lambda: holds(b, a.id, 1), what="B holds A's profile")
    b.store.space.reserve = b.store.space.free() + 1024**3  # B's disk seen as full
    sent = [await a.publish("initiative", initiative(f"While B is full {i}")) for i in range(3)]
    await eventually(lambda: b.store.space.full, what="B tried to store A's events")

    async def cursors() -> list[int]:
        return [
            r[0]
            for r in await b.store.read(
                lambda c: c.execute("SELECT cursor FROM subscriptions").fetchall()
            )
        ]

    before = await cursors()
    assert not await holds(b, a.id, 2)
    assert await cursors() == before  # the cursor did not move past what was not stored
    b.store.space.reserve = 0  # space freed

    await eventually(
        lambda: holds(b, a.id, 1 + len(sent)),
        timeout=20,
        what="B stores A's events once space returns",
    )
    assert (await b.store.digest(a.id))["digest"] == (await a.store.digest(a.id))["digest"]


async def holds(node: Node, author: str, seq: int) -> bool:
    """`node` holds `author`'s chain up to `seq`."""
    return (await node.store.own_head(author))[0] >= seq


async def test_a_stream_that_stopped_storing_gets_its_server_restarted(node: Node) -> None:
    """As a nats-server whose JetStream store met a full disk: publishes time out, connected."""
    node.transport.stall_seconds = 0.3
    assert node.server is not None
    old = node.server.proc
    with faults.armed("stream.publish_own", TimeoutError(), times=1000):
        await node.publish("initiative", initiative("Waiting for the stream"))
        await eventually(lambda: node.server.proc is not old, what="the server was restarted")
    await assert_consistent(node)


async def test_a_checkpoint_that_fails_on_a_full_disk_leaves_the_write_to_its_check(
    store: Store,
) -> None:
    key = SigningKey.generate()
    chain = initiative_chain(key, ["One"])
    wal = store.space.wal_bytes()
    assert wal > 0
    # The log is two thirds of the space above the reserve: a checkpoint is tried first.
    store.space.reserve = store.space.free() - wal - wal // 2
    with faults.armed("store.checkpoint", faults.disk_full()):
        _, accepted, _ = await store.ingest(list(chain))
        assert faults.remaining("store.checkpoint") == 0
    assert len(accepted) == 1


async def test_text_indexing_on_a_full_disk_resumes_where_it_was(store: Store) -> None:
    key = SigningKey.generate()
    await store.ingest(list(initiative_chain(key, ["Harbour", "Library"])))
    with faults.armed("store.text", faults.disk_full(), rollback=True):
        with pytest.raises(StorageFull):
            await store.index_text()
    while await store.index_text():
        pass
    assert await store.text_index_complete()


async def test_relaying_while_the_stream_fails_is_retried(nodes) -> None:
    a, b = await nodes("A"), await nodes("B")
    await b.follow(a.http_url)
    with faults.armed("stream.publish", faults.no_space(), times=3):
        event = await a.publish("initiative", initiative("Relayed once the stream takes it"))
        await eventually(lambda: holds(b, a.id, event.envelope.seq), what="B holds it")
        await eventually(lambda: faults.remaining("stream.publish") == 0, what="3 failures")

    async def relayed() -> bool:
        return not await b.store.unpublished(10, exclude=b.id)

    await eventually(relayed, timeout=20, what="B's outbox relayed A's events")


@pytest.mark.slow
async def test_a_node_process_on_a_full_disk_refuses_then_resumes_and_restarts(
    small_disk: Path,
) -> None:
    """The finding as it was found: `citymesh run` on a 20 MiB disk, HTTP, export | verify."""
    a = NodeProc(small_disk, "A")
    a.start()
    try:
        ballast = small_disk / "ballast"
        ballast.write_bytes(bytes(BALLAST))

        async def post_(payload: dict[str, Any]) -> tuple[int, Any]:
            return await asyncio.to_thread(a.post, "/api/v1/events", payload)

        acked, _, _ = await fill(post_, a.home)
        ballast.unlink()
        status, answer = await post_(big_initiative(MAX_POSTS))
        assert status == 201, answer
        acked.append(answer["id"])
        await asyncio.to_thread(a.stop)
        exported = cm("export", str(a.home))
        assert exported.returncode == 0, exported.stderr
        checked = cm("verify", "-", input=exported.stdout)
        assert checked.returncode == 0, checked.stdout[-2000:] + checked.stderr[-2000:]
        ids = [json.loads(line)["id"] for line in exported.stdout.splitlines()]
        assert set(acked) <= set(ids)

        await asyncio.to_thread(a.start)
        status, answer = await post_(big_initiative(MAX_POSTS + 1))
        assert status == 201, answer  # not writer_conflict
        assert await async_wait_stream(a, len(ids) + 1) == len(ids) + 1
    finally:
        await asyncio.to_thread(a.stop)


async def test_an_export_whose_temporary_file_finds_the_disk_full_is_refused_with_507(
    nodes, small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from node.http import spool

    a = await nodes("A")
    for i in range(3):
        await a.publish("initiative", initiative(f"Exported {i}"))
    monkeypatch.setattr(tempfile, "tempdir", str(small_disk))
    monkeypatch.setattr(spool, "MEMORY", 100)  # every export goes to a file
    filler = small_disk / "filler"
    with filler.open("wb") as f, pytest.raises(OSError):
        for _ in range(64):  # a 20 MiB disk
            f.write(b"\0" * 1024 * 1024)
            f.flush()
    async with aiohttp.ClientSession() as http:
        async with http.get(a.http_url + "/feeds/initiatives.csv") as r:
            problem = await r.json(content_type=None)
            assert r.status == 507 and problem["code"] == "storage_full"
            assert str(small_disk) in problem["detail"] and "free space" in problem["detail"]
        filler.unlink()
        async with http.get(a.http_url + "/feeds/initiatives.csv") as r:
            text = await r.text()
            assert r.status == 200 and text.count("\r\n") == 4 and "Exported 2" in text
