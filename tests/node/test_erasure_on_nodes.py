"""Erasure on the node (SPEC.md §6.4): an erased body leaves every file and answer of every
node that held it, the chains stay verifiable, and a node that joins later converges."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import eventually, initiative

from node.app import Node
from node.errors import StorageError
from node.feeds import csvs
from node.net import replication
from node.store import faults, queries
from node.store.accept import DUPLICATE

EXE = str(Path(sys.executable).parent / "citymesh")
#: A made-up name standing for personal data written by mistake into an outcome.
NAME = "Zuleika Okonkwo-Brandão"
#: Searched for case-insensitively in raw bytes: it also finds the full-text index's tokens.
NEEDLE = b"zuleika"

pytestmark = pytest.mark.slow


async def _outcome_with_name(a: Node) -> str:
    meeting = await a.publish(
        "meeting",
        {
            "title": {"en": "Welcome committee"},
            "start": "2026-05-04T18:00:00",
            "timezone": "Europe/Lisbon",
            "status": "held",
        },
    )
    outcome = await a.publish(
        "meeting.outcome",
        {
            "meeting": meeting.envelope.id,
            "summary": {"en": "Housing support agreed"},
            "action_items": [{"text": {"en": f"Call {NAME} about her residence permit"}}],
        },
    )
    await a.publish("initiative", initiative("After the outcome"))
    return outcome.envelope.id


def _files_with_name(node: Node) -> list[str]:
    """Every file under the node's home whose raw bytes hold the name (any case)."""
    found = []
    for path in Path(node.home.root).rglob("*"):
        if path.is_file():
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if NEEDLE in data.lower():
                found.append(str(path))
    return found


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return bytes(resp.read())


def _status_etag(url: str, etag: str | None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"If-None-Match": etag} if etag else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, resp.headers["ETag"]
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["ETag"]


async def _answers(node: Node, event_id: str) -> dict[str, bytes]:
    """What the node's HTTP API, view, feeds and event stream replay serve."""
    base = node.http_url
    paths = [
        "/api/v1/events?limit=500",
        f"/api/v1/events/{event_id}",
        "/api/v1/view/outcomes",
        "/api/v1/view/meetings",
        "/feeds/outcomes.csv",
        "/feeds/outbox?page=1",
        "/feeds/meetings.ics",
    ]
    out = {}
    for path in paths:
        out[path] = await asyncio.to_thread(_get, base + path)
    out["/api/v1/stream?after=0"] = await _replay(base)
    return out


async def _replay(base: str) -> bytes:
    """The SSE replay from the first event, read until it goes quiet."""
    reader, writer = await asyncio.open_connection(*base.removeprefix("http://").split(":"))
    writer.write(b"GET /api/v1/stream?after=0 HTTP/1.1\r\nHost: x\r\n\r\n")
    data = b""
    try:
        while True:
            try:
                async with asyncio.timeout(0.3):
                    chunk = await reader.read(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            data += chunk
    finally:
        writer.close()
    assert b"event: event" in data
    return data


async def _name_served(node: Node, event_id: str) -> list[str]:
    return [
        path for path, body in (await _answers(node, event_id)).items() if NEEDLE in body.lower()
    ]


async def _export_verifies(node: Node) -> None:
    export = await asyncio.create_subprocess_exec(
        EXE, "export", str(node.home.root), stdout=asyncio.subprocess.PIPE
    )
    lines, _ = await export.communicate()
    assert export.returncode == 0
    verify = await asyncio.create_subprocess_exec(
        EXE, "verify", "-", stdin=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    _, err = await verify.communicate(lines)
    assert verify.returncode == 0, err.decode()


async def _raw(node: Node, event_id: str) -> bytes | None:
    row = await node.store.read(
        lambda c: c.execute("SELECT raw FROM events WHERE id = ?", (event_id,)).fetchone()
    )
    return row[0] if row else None


async def _where(nodes: list[Node], event_id: str) -> list[str]:
    """Every file and answer of these nodes that still holds the name."""
    out = []
    for node in nodes:
        out += _files_with_name(node) + await _name_served(node, event_id)
    return out


def _no_file_has_name(nodes: list[Node]) -> bool:
    return not any(_files_with_name(node) for node in nodes)


async def _digest(node: Node, author: str) -> str:
    return (await node.store.digest(author))["digest"]


async def _late_follower(nodes, a: Node) -> Node:  # type: ignore[no-untyped-def]
    """A fourth node that follows A after the erasure: it converges to A's digest, and no
    file of it ever holds the name."""
    d = await nodes("D")
    await d.follow(a.http_url)
    digest = await _digest(a, a.id)

    async def converged() -> bool:
        return await _digest(d, a.id) == digest

    await eventually(converged, timeout=20, what="D converges to A's digest")
    assert not _files_with_name(d)
    return d


async def test_author_erasure_leaves_no_copy_on_any_node_and_a_late_follower_converges(nodes):
    a, b, c = await nodes("A"), await nodes("B"), await nodes("C")
    await b.follow(a.http_url)
    await c.follow(b.http_url, author=a.id)  # C hears A only through B
    outcome = await _outcome_with_name(a)
    head = await a.store.own_head(a.id)

    async def everywhere() -> bool:
        return all([await n.store.own_head(a.id) == head for n in (b, c)])

    await eventually(everywhere, what="A's events on B and C")
    assert all(_files_with_name(n) for n in (a, b, c)), "the name is stored before erasure"

    erasure = await a.publish("erasure", {"events": [outcome], "reason": "personal_data"})
    with contextlib.suppress(AssertionError):
        await eventually(lambda: _no_file_has_name([a, b, c]), timeout=2.0)
    assert await _where([a, b, c], outcome) == []  # files (within 2 s) and answers
    for node in (a, b, c):
        assert b'"body_digest"' in (await _raw(node, outcome) or b"")
        assert await _raw(node, erasure.envelope.id)
        outcomes = await asyncio.to_thread(_get, node.http_url + "/api/v1/view/outcomes")
        assert b"erased on" in outcomes and b"personal data" in outcomes
        await _export_verifies(node)
    assert await _digest(a, a.id) == await _digest(b, a.id) == await _digest(c, a.id)

    d = await _late_follower(nodes, a)
    assert not await _name_served(d, outcome)
    # It received the skeleton before the erasure: the placeholder says why all the same.
    outcomes = await asyncio.to_thread(_get, d.http_url + "/api/v1/view/outcomes")
    assert b"erased on" in outcomes and b"personal data" in outcomes


async def test_operator_erasure_holds_on_that_node_only(nodes):
    a, b = await nodes("A"), await nodes("B")
    await b.follow(a.http_url)
    outcome = await _outcome_with_name(a)
    head = await a.store.own_head(a.id)
    await eventually(lambda: _head_is(b, a.id, head), what="A's events on B")
    full = await _raw(a, outcome)
    assert full and NEEDLE in full.lower()
    feed = b.http_url + "/feeds/outcomes.csv"
    etag = (await asyncio.to_thread(_status_etag, feed, None))[1]
    assert (await asyncio.to_thread(_status_etag, feed, etag))[0] == 304

    proc = await asyncio.create_subprocess_exec(
        EXE, "erase", str(b.home.root), outcome, "--reason", "legal_order",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    with contextlib.suppress(AssertionError):
        await eventually(lambda: _no_file_has_name([b]), timeout=2.0)
    assert await _where([b], outcome) == []
    assert await _raw(a, outcome) == full  # A is unchanged
    outcomes = await asyncio.to_thread(_get, b.http_url + "/api/v1/view/outcomes")
    assert b"erased by this node's operator" in outcomes
    await _export_verifies(b)
    # A client holding the feed as it was gets the new one, not "304 Not Modified".
    assert (await asyncio.to_thread(_status_etag, feed, etag))[0] == 200
    logged = await b.store.read(
        lambda c: c.execute("SELECT reason FROM erasures WHERE id = ?", (outcome,)).fetchall()
    )
    assert logged == [("legal_order",)]

    # The full event offered again (by a peer that has not erased it) stays a duplicate.
    assert (await b.ingest.receive([full]))[0] == [DUPLICATE]
    assert b'"body_digest"' in (await _raw(b, outcome) or b"")

    # B's stream now serves the skeleton: a node following A through B gets no body.
    d = await nodes("D")
    await d.follow(b.http_url, author=a.id)

    async def d_has_all() -> bool:
        return await _head_is(d, a.id, head)

    await eventually(d_has_all, timeout=20, what="D holds A's chain from B")
    assert await _digest(d, a.id) == await _digest(b, a.id) != await _digest(a, a.id)
    assert not _files_with_name(d)


async def _head_is(node: Node, author: str, head: tuple[int, str | None]) -> bool:
    return await node.store.own_head(author) == head


async def test_a_late_follower_reads_past_the_gap_an_erasure_leaves_in_the_stream(
    nodes, monkeypatch
):
    """Also when the stream's erasure fails between the deletion of the full copy and the
    publication of the skeleton: it is tried again, and the skeleton is published."""
    # The skeleton goes into the stream after the events that follow it in the chain: with
    # small batches, the catch-up meets the gap batches before the skeleton that fills it.
    monkeypatch.setattr(replication, "BATCH", 4)
    a = await nodes("A")
    outcome = await _outcome_with_name(a)
    for i in range(10):
        await a.publish("initiative", initiative(f"Later {i}"))
    faults.arm("stream.erase", TimeoutError())
    await a.publish("erasure", {"events": [outcome], "reason": "published_in_error"})

    async def stream_erased() -> bool:
        left = await a.store.read(
            lambda c: c.execute("SELECT COUNT(*) FROM stream_erasures").fetchone()[0]
        )
        return left == 0 and not _files_with_name(a)

    await eventually(stream_erased, timeout=5, what="A's stream holds the skeleton")
    assert faults.remaining("stream.erase") == 0
    # The node's own chain goes on in its stream after the skeleton.
    last = await a.publish("initiative", initiative("After the erasure"))
    assert await _raw(a, last.envelope.id) and not a.transport.conflict
    await eventually(_outbox_empty(a), timeout=5, what="A's last event in its stream")

    d = await _late_follower(nodes, a)
    assert b'"body_digest"' in (await _raw(d, outcome) or b"")


def _outbox_empty(node: Node):  # type: ignore[no-untyped-def]
    async def check() -> bool:
        return not await node.store.unpublished(1)

    return check


async def test_operator_erasure_of_an_own_event_publishes_an_erasure_and_refusals_say_why(nodes):
    from test_http_api import post

    a = await nodes("A")
    outcome = await _outcome_with_name(a)
    status, _, answer = await post(
        a, "/api/v1/admin/erase", {"event": outcome, "reason": "personal_data"}
    )
    assert status == 201, answer
    erasure = await _raw(a, answer["erasure"])
    assert erasure and b'"kind":"erasure"' in erasure
    assert b'"body_digest"' in (await _raw(a, outcome) or b"")

    for request, code in [
        ({"event": answer["erasure"], "reason": "legal_order"}, "bad_reference"),
        ({"event": "0" * 64, "reason": "legal_order"}, "not_found"),
        ({"event": outcome, "reason": "because"}, "bad_value"),
    ]:
        status, _, problem = await post(a, "/api/v1/admin/erase", request)
        assert status in (404, 422) and problem["code"] == code, problem
    status, _, problem = await post(
        a, "/api/v1/admin/erase", {"event": outcome, "reason": "legal_order"}, token=None
    )
    assert status == 401


async def test_every_view_and_feed_shows_erased_events_with_a_placeholder(nodes):
    """Erased objects of each kind, and events that point at them, keep their places in
    every view and feed; an erased event updated later shows the update's content."""
    a = await nodes("A")
    place = {"name": {"en": "Town hall"}, "geo": {"lat": "38.7223", "lon": "-9.1393"}}
    plan = await a.publish("initiative", initiative("Welcome plan", places=[place]))
    meeting_body = {
        "title": {"en": "Council"},
        "start": "2030-06-30T18:00",
        "timezone": "Europe/Lisbon",
        "status": "confirmed",
        "place": place,
    }
    meeting = await a.publish("meeting", meeting_body)
    moved = {**meeting_body, "title": {"en": "Council, moved"}}
    await a.publish("update", {"event": meeting.envelope.id, "body": moved})
    outcome = await a.publish(
        "meeting.outcome", {"meeting": meeting.envelope.id, "summary": {"en": "Adopted"}}
    )
    declaration = await a.publish(
        "declaration", {"title": {"en": "Declaration"}, "text": {"en": "We welcome"}}
    )
    endorsement = await a.publish("endorsement", {"event": plan.envelope.id, "stance": "support"})
    report = await a.publish(
        "progress.report", {"about": plan.envelope.id, "date": "2030-01-10", "status": "on_track"}
    )
    for event in (plan, meeting, outcome, declaration):
        await a.store.erase(event.envelope.id, "personal_data")
    paths = [f"/api/v1/view/{v}" for v in queries.VIEWS] + [
        "/feeds/meetings.ics",
        "/feeds/initiatives.atom",
        "/feeds/initiatives.geojson",
        "/feeds/outbox",
        "/feeds/outbox?page=1",
        *(f"/feeds/{t}.csv" for t in csvs.TABLES),
        "/feeds/meetings.geojson",
        "/",
        "/map",
        "/calendar?view=list",
        *(f"/items/{e.envelope.id}" for e in (plan, meeting, outcome, declaration, report)),
    ]
    answers = {p: await asyncio.to_thread(_get, a.http_url + p) for p in paths}
    assert b"erased on" in answers[f"/items/{plan.envelope.id}"]
    assert b"erased by this node's operator" in answers["/api/v1/view/initiatives"]
    assert b"Council, moved" in answers["/api/v1/view/meetings"]  # its update's content
    assert endorsement.envelope.id.encode() in answers["/feeds/endorsements.csv"]
    assert report.envelope.id.encode() in answers["/feeds/outbox?page=1"]


async def test_the_stream_learns_of_an_erasure_only_once_it_is_committed(nodes):
    # The transport reads `stream_erasures` when the mark moves: moved before the commit, it
    # could read no rows there yet, take the mark as done, and leave the full copy in the
    # stream until the next erasure.
    a = await nodes("A")
    outcome = await _outcome_with_name(a)
    before = a.store.stream_erasures
    with faults.armed("store.commit", faults.disk_full()), pytest.raises(StorageError):
        await a.publish("erasure", {"events": [outcome], "reason": "published_in_error"})
    assert a.store.stream_erasures == before
    await a.publish("erasure", {"events": [outcome], "reason": "published_in_error"})
    assert a.store.stream_erasures > before
