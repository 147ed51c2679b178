"""Crash campaigns: kill -9 the node process and its nats-server across a burst of publishes."""

from __future__ import annotations

import subprocess

from crashrun import async_wait_stream, check_chain, run_campaign
from helpers import eventually, new_node
from nodeproc import NodeProc, nats_server_pids, pid_alive, wait_until

from node.net.natsserver import find_binary


async def test_acknowledged_publishes_survive_kill9_of_node_and_nats_server(tmp_path):
    a = NodeProc(tmp_path, "A")
    a.start()
    follower = await new_node(tmp_path, "F")  # follows from the beginning, through the crashes
    try:
        await follower.follow(a.url)
        figures = await run_campaign(a, publishes=1000, points=10, clients=4, seed=7)
        assert len(figures["kills"]) == 10
        assert {k["what"] for k in figures["kills"]} == {"node", "nats"}

        chain = check_chain(a, figures["acked"])
        assert chain["lost"] == 0 and chain["acked"] >= 1000
        # The outbox re-publishes what the stream missed; its dedup window absorbs repeats.
        assert await async_wait_stream(a, chain["stored"]) == chain["stored"]

        async def follower_complete() -> bool:
            held = await follower.store.read(
                lambda c: {
                    r[0] for r in c.execute("SELECT id FROM events WHERE author = ?", (a.id,))
                }
            )
            return held == chain["ids"]

        await eventually(follower_complete, timeout=30, what="the follower holds every event")
        assert (await follower.store.digest(a.id))["events"] == chain["stored"]
    finally:
        await follower.stop()
        a.stop()


def test_restart_reaps_a_stale_nats_server_left_on_the_port(tmp_path):
    a = NodeProc(tmp_path, "A")
    a.start()
    a.stop()
    # A server left running from a killed node (same config, same port, same JetStream store).
    stale = subprocess.Popen(
        [find_binary(), "-c", str(a.nats_conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until(lambda: nats_server_pids(a.nats_conf), 10, "the stale server runs")
        a.start()
        assert stale.wait(10) is not None  # the restart stopped it
        assert [p for p in nats_server_pids(a.nats_conf) if p == stale.pid] == []
        status, answer = a.post("/api/v1/events", {"kind": "initiative", "body": _body()})
        assert status == 201, answer
    finally:
        a.stop()
        if stale.poll() is None:
            stale.kill()


def test_node_killed_with_9_does_not_leave_its_nats_server_behind(tmp_path):
    a = NodeProc(tmp_path, "A")
    a.start()
    try:
        [server] = nats_server_pids(a.nats_conf)
        a.kill9()
        wait_until(lambda: not pid_alive(server), 10, "the orphaned nats-server goes away")
    finally:
        a.stop()


def _body() -> dict:
    return {
        "title": {"en": "After the stale server"},
        "summary": {"en": "Published once the stale server was stopped"},
        "category": "welcoming_rights",
        "status": "active",
    }
