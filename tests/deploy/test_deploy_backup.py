"""`citymesh backup` of a running node and `citymesh restore` after its home is destroyed.

Budget: about 10 s (four node starts, three CLI processes).
"""

from __future__ import annotations

import asyncio
import shutil
import stat
import sys
from pathlib import Path

import nats
from helpers import eventually, initiative, view_has

from node.net import subjects
from node.net.natsconf import node_nkey_seed

CLI = [sys.executable, "-m", "node.cli"]


async def citymesh(*args: str) -> tuple[int, str]:
    """Run the real command line in its own process; (exit code, stdout + stderr)."""
    proc = await asyncio.create_subprocess_exec(
        *CLI, *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode or 0, out.decode()


async def stream_count(node) -> int:
    nc = await nats.connect(node.nats_urls, nkeys_seed_str=node_nkey_seed(node.key))
    try:
        return (await nc.jetstream().stream_info(subjects.STREAM)).state.messages
    finally:
        await nc.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_backup_online_destroy_restore_gives_the_same_digest_and_refills_the_stream(
    nodes, tmp_path
):
    a = await nodes("A")
    b = await nodes("B")
    await b.follow(a.http_url)
    for i in range(30):
        await a.publish("initiative", initiative(f"Programme {i}"))
    last = await a.publish("initiative", initiative("Last before the backup"))
    await eventually(lambda: view_has(b, last.envelope.id), what="B has A's events")
    before = await a.store.digest()
    events = before["events"]

    # Online: the node keeps running (and serving) while the backup is taken.
    code, out = await citymesh("backup", str(a.home.root), str(tmp_path / "bk"))
    assert code == 0, out
    assert a.transport.connected and before["digest"] in out
    backup = tmp_path / "bk"
    assert mode(backup / "node.key") == mode(a.home.key_file) == 0o600
    assert mode(backup / "admin.token") == 0o600
    assert len((backup / "events.jsonl").read_bytes().splitlines()) == events
    code, out = await citymesh("verify", str(backup / "events.jsonl"))
    assert code == 0, out

    await a.stop()
    shutil.rmtree(a.home.root)  # the disk is gone: database, keys, JetStream store
    code, out = await citymesh("restore", str(backup), str(a.home.root))
    assert code == 0, out
    code, out = await citymesh("restore", str(backup), str(a.home.root))
    assert code == 2 and "refusing to overwrite" in out

    a = await nodes.restart(a)
    assert await a.store.digest() == before
    assert mode(a.home.key_file) == 0o600

    async def refilled() -> bool:
        return not await a.store.unpublished() and await stream_count(a) == events

    await eventually(refilled, timeout=15, what="the fresh stream holds every event again")

    # An old follower goes on (same stream order), a new one replicates everything.
    after = await a.publish("initiative", initiative("First after the restore"))
    await eventually(lambda: view_has(b, after.envelope.id), what="old follower gets new event")
    c = await nodes("C")
    await c.follow(a.http_url)

    async def same(n) -> bool:
        return await n.store.digest(a.id) == await a.store.digest(a.id)

    await eventually(lambda: same(b), timeout=15, what="B converged with the restored A")
    await eventually(lambda: same(c), timeout=15, what="C replicated the restored A")


async def test_restore_from_a_peers_export_when_the_database_is_lost(nodes, tmp_path):
    a = await nodes("A")
    b = await nodes("B")
    await b.follow(a.http_url)
    for i in range(10):
        await a.publish("initiative", initiative(f"Programme {i}"))
    await b.publish("initiative", initiative("B's own"))  # not A's: left out on restore
    code, out = await citymesh("backup", str(a.home.root), str(tmp_path / "bk"))
    assert code == 0, out
    last = await a.publish("initiative", initiative("After the backup"))
    await eventually(lambda: view_has(b, last.envelope.id), what="B holds A's newest event")
    before = await a.store.digest(a.id)

    await a.stop()
    shutil.rmtree(a.home.root)
    (tmp_path / "bk" / "citymesh.db").unlink()  # only the keys and config survived
    code, export = await citymesh("export", str(b.home.root))
    assert code == 0
    (tmp_path / "peer.jsonl").write_text(export)
    code, out = await citymesh(
        "restore", str(tmp_path / "bk"), str(a.home.root), "--events", str(tmp_path / "peer.jsonl")
    )
    assert code == 0, out
    a = await nodes.restart(a)
    # Including the event published after the backup: the peer had it, signed.
    assert await a.store.digest() == before
    await eventually(lambda: view_has(a, last.envelope.id))
