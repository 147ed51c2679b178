"""The HTTP API over real nodes: view routes, errors, filters, pagination, SSE, metrics."""

from __future__ import annotations

import asyncio
import hmac
import inspect
import json
from typing import Any

import aiohttp
from helpers import eventually, initiative, view_has

from node.http import auth, stream
from protocol.errors import CODES

HOSTILE = ["'; DROP TABLE events; --", '"', "*", "NEAR(a b)", "a OR b", "^x", "title:x", '"""']


async def get(node: Any, path: str, *, headers: dict[str, str] | None = None, **params: Any):
    """GET a path of a node; returns (status, content type, decoded JSON or text)."""
    async with aiohttp.ClientSession() as session:
        async with session.get(
            node.http_url + path, params={k: str(v) for k, v in params.items()}, headers=headers
        ) as resp:
            text = await resp.text()
            body = json.loads(text) if "json" in resp.content_type else text
            return resp.status, resp.content_type, body


async def post(node: Any, path: str, data: bytes | dict[str, Any], token: str | None = "node"):
    headers = {"Content-Type": "application/json"}
    if token == "node":
        headers["Authorization"] = f"Bearer {node.token}"
    elif token is not None:
        headers["Authorization"] = token
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    async with aiohttp.ClientSession() as session:
        async with session.post(node.http_url + path, data=raw, headers=headers) as resp:
            return resp.status, resp.content_type, json.loads(await resp.text())


async def items(node: Any, view: str, **params: Any) -> list[dict[str, Any]]:
    status, _, body = await get(node, f"/api/v1/view/{view}", **params)
    assert status == 200, body
    return body["items"]


async def holds(event_id: str, *among: Any) -> bool:
    """True once every node in `among` has accepted the event."""
    for node in among:
        row = await node.store.read(
            lambda c: c.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone()
        )
        if row is None:
            return False
    return True


async def indexed(node: Any) -> bool:
    """True once the text indexer has caught up with every object (as the status says)."""
    status, _, body = await get(node, "/api/v1/status", heads=0)
    assert status == 200, body
    return body["text_index_complete"]


def assert_problem(status: int, ctype: str, body: dict[str, Any], want: int, code: str, path=None):
    assert status == want, body
    assert ctype == "application/problem+json"
    assert body["code"] == code and body["status"] == want
    assert body["type"] == f"urn:citymesh:problem:{code}"
    if path is not None:
        assert body["path"] == path


# -- views and federation -------------------------------------------------------------------


async def test_views_show_federated_objects_with_their_relations(nodes):
    a = await nodes("A")
    b = await nodes("B")
    await a.follow(b.http_url)
    await b.follow(a.http_url)

    plan = await a.publish("initiative", initiative("Welcome plan", start="2024-03"))
    report = await b.publish(
        "progress.report",
        {"about": plan.envelope.id, "date": "2024-06-01", "status": "on_track", "progress": 40},
    )
    meeting = await a.publish(
        "meeting",
        {
            "title": {"en": "Council"},
            "start": "2024-06-30T18:00",
            "timezone": "Europe/Lisbon",
            "status": "held",
        },
    )
    outcome = await a.publish(
        "meeting.outcome", {"meeting": meeting.envelope.id, "summary": {"en": "Adopted"}}
    )
    decl = await a.publish(
        "declaration", {"title": {"en": "Sanctuary"}, "text": {"en": "We welcome all"}}
    )
    endorse = await b.publish(
        "endorsement", {"event": decl.envelope.id, "stance": "sign", "statement": {"en": "Yes"}}
    )
    await eventually(lambda: view_has(a, endorse.envelope.id), what="B's endorsement at A")
    await eventually(lambda: view_has(a, report.envelope.id), what="B's report at A")

    (item,) = await items(a, "initiatives")
    assert item["id"] == plan.envelope.id and item["kind"] == "initiative"
    assert item["author"] == a.id and item["author_name"] == {"en": "A"}
    assert item["published_by"] == a.id and item["published_by_name"] == {"en": "A"}
    assert item["body"]["title"] == {"en": "Welcome plan"}
    assert item["version"] == 1 and item["version_id"] == plan.envelope.id
    assert item["retracted"] is None and item["verified"] is True
    assert item["event_url"] == f"/api/v1/events/{plan.envelope.id}"
    assert [(r["id"], r["author"], r["progress"]) for r in item["progress_reports"]] == [
        (report.envelope.id, b.id, 40)
    ]
    (m,) = await items(a, "meetings")
    assert [o["id"] for o in m["outcomes"]] == [outcome.envelope.id]
    (o,) = await items(a, "outcomes")
    assert o["meeting"] == {"id": meeting.envelope.id, "title": {"en": "Council"}}
    (d,) = await items(a, "declarations")
    assert d["endorsements"] == [
        {
            "id": endorse.envelope.id,
            "author": b.id,
            "author_name": {"en": "B"},
            "stance": "sign",
            "statement": {"en": "Yes"},
        }
    ]
    # The follow graph, from both sides.
    by_id = {n["id"]: n for n in await items(a, "nodes")}
    assert by_id[a.id]["follows"] == [b.id] and by_id[a.id]["followers"] == [b.id]
    assert by_id[b.id]["name"] == {"en": "B"} and by_id[b.id]["node_type"] == "municipality"
    assert by_id[a.id]["forked_at"] is None and by_id[a.id]["rotated_to"] is None

    # Filters: date range on start for meetings, created_at for declarations; author; lang.
    assert len(await items(a, "meetings", **{"from": "2024-06-30", "to": "2024-06-30"})) == 1
    assert await items(a, "meetings", **{"from": "2024-07"}) == []
    assert len(await items(a, "initiatives", **{"from": "2024-03-15", "to": "2024"})) == 1
    assert await items(a, "initiatives", to="2024-02") == []
    assert await items(a, "declarations", **{"from": "2999"}) == []
    assert [n["id"] for n in await items(a, "nodes", author=b.id)] == [b.id]
    assert await items(a, "initiatives", author=b.id) == []
    assert await items(a, "initiatives", status="planned") == []
    assert len(await items(a, "initiatives", status="active", category="welcoming_rights")) == 1

    # An update applies to the view; a retracted endorsement drops out.
    upd = await a.publish(
        "update",
        {"event": plan.envelope.id, "body": initiative("Welcome plan II", status="completed")},
    )
    await b.publish("retraction", {"event": endorse.envelope.id, "reason": "erroneous"})
    (item,) = await items(a, "initiatives", status="completed")
    assert item["version"] == 2 and item["version_id"] == upd.envelope.id
    assert item["body"]["title"] == {"en": "Welcome plan II"}

    async def endorsement_gone() -> bool:
        (d,) = await items(a, "declarations")
        return d["endorsements"] == []

    await eventually(endorsement_gone, what="retracted endorsement leaves the declaration")


async def test_partnership_status_follows_the_answers_of_the_named_partners(nodes):
    a = await nodes("A")
    b = await nodes("B")
    c = await nodes("C")
    for follower, followed in ((a, b), (a, c), (b, a), (c, a)):
        await follower.follow(followed.http_url)
    proposal = await a.publish(
        "partnership",
        {"partners": [b.id, c.id], "type": "joint_program", "title": {"en": "Shelter"}},
    )
    pid = proposal.envelope.id
    await eventually(lambda: holds(pid, b, c), what="proposal at B and C")

    async def state() -> tuple[str, dict[str, str]]:
        (p,) = await items(a, "partnerships")
        return p["status"], p["answers"]

    assert await state() == ("proposed", {b.id: "pending", c.id: "pending"})
    await b.publish("partnership.accept", {"proposal": pid})
    await eventually(
        lambda: _is(state, ("proposed", {b.id: "accepted", c.id: "pending"})), what="B accepted"
    )
    await c.publish("partnership.accept", {"proposal": pid})
    await eventually(lambda: _is(state, ("active", {b.id: "accepted", c.id: "accepted"})))
    assert [p["id"] for p in await items(a, "partnerships", status="active")] == [pid]
    assert await items(a, "partnerships", status="proposed") == []

    # An update makes the earlier accepts stale: they named the old version.
    update = await a.publish(
        "update",
        {
            "event": pid,
            "body": {"partners": [b.id, c.id], "type": "mou", "title": {"en": "Shelter v2"}},
        },
    )
    assert await state() == ("proposed", {b.id: "pending", c.id: "pending"})
    await eventually(lambda: holds(update.envelope.id, b, c), what="update at B and C")
    await b.publish("partnership.accept", {"proposal": update.envelope.id})
    await c.publish("partnership.accept", {"proposal": update.envelope.id})
    await eventually(lambda: _is(state, ("active", {b.id: "accepted", c.id: "accepted"})))

    # Answers from anyone but the named partners do not count; an end by a partner does.
    await b.publish("partnership.end", {"proposal": pid})
    await eventually(lambda: _is(state, ("ended", {b.id: "ended", c.id: "accepted"})))
    assert [p["id"] for p in await items(a, "partnerships", status="ended")] == [pid]

    # A second proposal: a decline of the current version declines it; retraction withdraws.
    second = await a.publish(
        "partnership", {"partners": [c.id], "type": "funding", "title": {"en": "Fund"}}
    )
    sid = second.envelope.id
    await eventually(lambda: holds(sid, c))
    await b.publish("partnership.accept", {"proposal": sid})  # B is not a partner of it
    await c.publish("partnership.decline", {"proposal": sid})

    async def second_state() -> tuple[str, dict[str, str]]:
        (p,) = [p for p in await items(a, "partnerships") if p["id"] == sid]
        return p["status"], p["answers"]

    await eventually(lambda: _is(second_state, ("declined", {c.id: "declined"})))
    await a.publish("retraction", {"event": sid, "reason": "withdrawn"})
    await eventually(lambda: _is(second_state, ("withdrawn", {c.id: "declined"})))


async def _is(fn: Any, want: Any) -> bool:
    return await fn() == want


# -- errors ---------------------------------------------------------------------------------


BAD_PARAMETERS = [
    ("initiatives", "limit", "0"),
    ("initiatives", "limit", "201"),
    ("initiatives", "limit", "ten"),
    ("initiatives", "author", "bob"),
    ("initiatives", "lang", "Portuguese"),
    ("initiatives", "from", "yesterday"),
    ("meetings", "to", "2024-6-1"),
    ("initiatives", "after", "not-a-cursor"),
    ("initiatives", "category", "everything"),
    ("initiatives", "status", "held"),
    ("meetings", "category", "welcoming_rights"),
    ("partnerships", "status", "maybe"),
    ("nodes", "status", "active"),
    ("outcomes", "q", "x" * 501),
]


async def test_bad_view_parameter_is_a_400_naming_it(nodes):
    a = await nodes("A")
    for view, param, value in BAD_PARAMETERS:
        status, ctype, body = await get(a, f"/api/v1/view/{view}", **{param: value})
        assert_problem(status, ctype, body, 400, "bad_parameter", param)


async def test_error_shapes_and_the_token_rule(nodes):
    a = await nodes("A")
    good = {"kind": "initiative", "body": initiative("Fine")}
    # 401: no header, wrong token, wrong scheme; compared in constant time.
    for token in (None, "Bearer nope", f"Basic {a.token}", a.token):
        assert_problem(*await post(a, "/api/v1/events", good, token), 401, "unauthorized")
    assert "hmac.compare_digest" in inspect.getsource(auth.require_admin)
    assert hmac.compare_digest(a.token.encode(), a.token.encode())
    status, _, event = await post(a, "/api/v1/events", good, f"bearer  {a.token} ")
    assert status == 201 and event["kind"] == "initiative"

    missing = {"kind": "initiative", "body": {k: v for k, v in good["body"].items()}}
    del missing["body"]["summary"]
    assert_problem(
        *await post(a, "/api/v1/events", missing), 422, "missing_field", "$.body.summary"
    )
    assert_problem(*await post(a, "/api/v1/events", b'{"kind": "initiative",'), 400, "bad_json")
    dup = b'{"kind": "initiative", "kind": "meeting", "body": {}}'
    assert_problem(*await post(a, "/api/v1/events", dup), 400, "duplicate_key")
    assert_problem(*await post(a, "/api/v1/events", {"kind": "x"}), 422, "missing_field")

    assert_problem(*await get(a, "/api/v1/events/" + "0" * 64), 404, "not_found")
    assert_problem(*await get(a, "/api/v1/nothing-here"), 404, "not_found")
    async with aiohttp.ClientSession() as session:
        async with session.put(a.http_url + "/api/v1/events") as resp:
            body = json.loads(await resp.text())
            assert_problem(resp.status, resp.content_type, body, 405, "method_not_allowed")
    assert_problem(*await get(a, "/api/v1/events", limit="x"), 400, "bad_parameter", "limit")


# -- existing routes ------------------------------------------------------------------------


async def test_event_card_health_status_and_digest_routes(nodes):
    a = await nodes("A")
    b = await nodes("B")
    status, ctype, body = await post(
        a, "/api/v1/admin/follow", {"url": b.http_url}, f"Bearer {a.token}"
    )
    assert status == 201 and body["peer"] == b.id and body["added"] is True
    event = await a.publish("initiative", initiative("Route check"))
    eid = event.envelope.id

    status, ctype, got = await get(a, f"/api/v1/events/{eid}")
    assert (status, ctype, got["id"], got["sig"]) == (200, "application/json", eid, got["sig"])
    status, _, page = await get(a, "/api/v1/events", author=a.id, kind="initiative")
    assert [e["id"] for e in page["events"]] == [eid] and page["next"] is None
    status, _, card = await get(a, "/.well-known/citymesh")
    assert card["id"] == a.id and card["profile"]["kind"] == "profile"
    assert (await get(a, "/healthz"))[2] == {"status": "ok", "nats": True, "id": a.id}
    status, _, st = await get(a, "/api/v1/status")
    assert st["id"] == a.id and st["peers"][0]["node"] == b.id
    status, _, dg = await get(a, "/api/v1/view/digest", author=a.id)
    assert dg == await a.store.digest(a.id)

    status, _, body = await post(a, "/api/v1/admin/unfollow", {"author": b.id})
    assert status == 200 and body == {"author": b.id, "stopped": 1}


# -- full text ------------------------------------------------------------------------------


async def test_full_text_in_any_language_and_hostile_queries_are_inert(nodes):
    a = await nodes("A")
    await a.publish(
        "initiative",
        initiative("Reception", summary={"en": "Reception", "pt": "Centro de acolhimento"}),
    )
    await a.publish(
        "initiative", initiative("Housing", summary={"en": "Homes", "de": "Für Geflüchtete"})
    )
    await eventually(lambda: indexed(a), what="text index caught up")

    assert [i["body"]["title"]["en"] for i in await items(a, "initiatives", q="acolhimento")] == [
        "Reception"
    ]
    for q in ("Geflüchtete", "gefluchtete", "GEFLÜCHTETE"):
        assert [i["body"]["title"]["en"] for i in await items(a, "initiatives", q=q)] == ["Housing"]
    assert await items(a, "initiatives", q="acolhimento Homes") == []  # every word must match
    assert [i["lang"] for i in await items(a, "initiatives", lang="de")] == ["en"]
    assert len(await items(a, "initiatives", lang="pt-BR")) == 0
    assert len(await items(a, "initiatives", lang="pt")) == 1

    before = await a.store.digest()
    for view in ("initiatives", "nodes", "partnerships"):
        for q in HOSTILE:
            status, _, body = await get(a, f"/api/v1/view/{view}", q=q)
            assert status == 200, (q, body)
            assert isinstance(body["items"], list)
    assert await a.store.digest() == before
    tables = await a.store.read(
        lambda c: {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    )
    assert {"events", "objects", "search"} <= tables


async def test_an_updated_object_is_found_by_its_new_words_only(nodes):
    a = await nodes("A")
    for i in range(30):  # objects below and above the one that changes
        await a.publish("initiative", initiative(f"Filler {i}"))
    first = await a.publish("initiative", initiative("Language cafe"))
    await a.publish("initiative", initiative("Legal clinic"))
    await eventually(lambda: indexed(a), what="text index caught up")
    assert len(await items(a, "initiatives", q="cafe")) == 1

    await a.publish("update", {"event": first.envelope.id, "body": initiative("Tandem evenings")})
    await eventually(lambda: indexed(a), what="text index caught up after the update")
    assert [i["id"] for i in await items(a, "initiatives", q="tandem")] == [first.envelope.id]
    assert await items(a, "initiatives", q="cafe") == []
    assert len(await items(a, "initiatives", q="filler")) == 30


# -- pagination -----------------------------------------------------------------------------


async def test_pages_return_every_item_once_in_a_stable_order(nodes):
    a = await nodes("A")
    published = [
        (await a.publish("initiative", initiative(f"Common word {i}"))).envelope.id
        for i in range(23)
    ]
    await eventually(lambda: indexed(a), what="text index caught up")
    for params in ({}, {"q": "common word"}):
        seen: list[str] = []
        after = None
        pages = 0
        while True:
            query = {"limit": 5, **params, **({"after": after} if after else {})}
            status, _, body = await get(a, "/api/v1/view/initiatives", **query)
            assert status == 200 and len(body["items"]) <= 5
            seen += [i["id"] for i in body["items"]]
            pages += 1
            # A new event between pages does not shift or repeat anything.
            if pages == 2:
                await a.publish("meeting.outcome", {"meeting": "0" * 64, "summary": {"en": "x"}})
            after = body["next"]
            if after is None:
                break
        assert pages == 5
        assert seen == list(reversed(published))  # newest first, none twice, none missing
    # A text-query cursor is not a listing cursor.
    _, _, first = await get(a, "/api/v1/view/initiatives", q="common", limit=2)
    assert_problem(
        *await get(a, "/api/v1/view/initiatives", after=first["next"]), 400, "bad_parameter"
    )


# -- live stream ----------------------------------------------------------------------------


async def read_events(resp: aiohttp.ClientResponse, count: int, timeout: float = 10.0):
    """Read `count` SSE events (id, event, data) within `timeout` seconds."""
    out: list[tuple[int, str, dict[str, Any]]] = []
    fields: dict[str, str] = {}
    async with asyncio.timeout(timeout):
        while len(out) < count:
            line = (await resp.content.readline()).decode().rstrip("\n")
            if line == "":
                if "data" in fields:
                    out.append((int(fields["id"]), fields["event"], json.loads(fields["data"])))
                fields = {}
            elif not line.startswith(":"):
                name, _, value = line.partition(": ")
                fields[name] = value
    return out


async def test_stream_sends_live_events_and_resumes_after_last_event_id(nodes):
    a = await nodes("A")
    async with aiohttp.ClientSession() as session:
        async with session.get(
            a.http_url + "/api/v1/stream", params={"kind": "initiative"}
        ) as resp:
            assert resp.status == 200 and resp.content_type == "text/event-stream"
            await eventually(lambda: a.listeners, what="stream listening")
            live = await a.publish("initiative", initiative("Live one"))
            await a.publish("meeting.outcome", {"meeting": "0" * 64, "summary": {"en": "x"}})
            second = await a.publish("initiative", initiative("Live two"))
            got = await read_events(resp, 2)
        assert [(e, d["id"]) for _, e, d in got] == [
            ("event", live.envelope.id),
            ("event", second.envelope.id),
        ]
        last_id = got[0][0]
        await eventually(lambda: not a.listeners, what="listener removed on disconnect")

        missed = [(await a.publish("initiative", initiative(f"Missed {i}"))) for i in range(3)]
        async with session.get(
            a.http_url + "/api/v1/stream",
            params={"kind": "initiative"},
            headers={"Last-Event-ID": str(last_id)},
        ) as resp:
            got = await read_events(resp, 4)
            assert [d["id"] for _, _, d in got] == [
                second.envelope.id,
                *(m.envelope.id for m in missed),
            ]
            assert all(n > last_id for n, _, _ in got)
            after = await a.publish("initiative", initiative("After resume"))
            (tail,) = await read_events(resp, 1)
            assert tail[2]["id"] == after.envelope.id and tail[2]["sig"]

    for header in ("abc", "-1", "1e3"):
        status, ctype, body = await get(a, "/api/v1/stream", headers={"Last-Event-ID": header})
        assert_problem(status, ctype, body, 400, "bad_parameter", "Last-Event-ID")


async def test_a_stream_that_falls_behind_ends_and_its_client_resumes_without_a_gap(
    nodes, monkeypatch
):
    a = await nodes("A")
    monkeypatch.setattr(stream, "QUEUE_SIZE", 2)
    async with aiohttp.ClientSession() as session:
        async with session.get(a.http_url + "/api/v1/stream") as resp:
            await eventually(lambda: a.listeners, what="stream listening")
            # Once the client has an event, the stream has read what was stored before it
            # opened: the burst reaches it live, not from the database.
            before = await a.publish("initiative", initiative("Before"))
            ((last, _, first),) = await read_events(resp, 1)
            assert first["id"] == before.envelope.id
            # One batch of three is more than the stream may hold waiting.
            burst = await a.publish_many(
                [("initiative", initiative(f"Burst {i}")) for i in range(3)]
            )
            async with asyncio.timeout(10):
                rest = await resp.content.read()  # the stream ends instead of dropping events
        assert b"event: event" not in rest
        async with session.get(
            a.http_url + "/api/v1/stream", headers={"Last-Event-ID": str(last)}
        ) as resp:
            got = await read_events(resp, 3)
    assert [d["id"] for _, _, d in got] == [e.envelope.id for e in burst]


async def test_an_open_stream_ends_at_once_when_the_node_stops(nodes, monkeypatch):
    a = await nodes("A")
    # The handler's periodic check would end it after this long: the stop must not wait.
    monkeypatch.setattr(stream, "GONE_CHECK", 3600.0)
    async with aiohttp.ClientSession() as session:
        async with session.get(a.http_url + "/api/v1/stream") as resp:
            await eventually(lambda: a.listeners, what="stream listening")
            stopping = asyncio.create_task(a.stop())
            async with asyncio.timeout(8):  # below the HTTP server's own 10 s bound
                await resp.content.read()
            await stopping


# -- metrics --------------------------------------------------------------------------------


async def test_metrics_count_rejections_by_code_and_report_peers(nodes):
    a = await nodes("A")
    b = await nodes("B")
    await a.follow(b.http_url)
    genuine = await b.publish("initiative", initiative("Signed"))
    tampered = genuine.raw.replace(genuine.envelope.sig.encode(), b"A" * 86)
    await a.ingest.receive([b"{not json", tampered])

    async def settled() -> bool:  # the genuine one arrives too: counted before /metrics is read
        return await a.store.own_event_at(b.id, genuine.head.seq) is not None

    await eventually(settled, what="A holds B's initiative")

    status, ctype, text = await get(a, "/metrics")
    assert status == 200 and ctype == "text/plain"
    lines = set(text.splitlines())
    assert 'citymesh_events_rejected_total{code="bad_json"} 1' in lines
    assert 'citymesh_events_rejected_total{code="bad_signature"} 1' in lines
    for code in CODES:
        assert any(
            line.startswith(f'citymesh_events_rejected_total{{code="{code}"}}') for line in lines
        )
    assert "citymesh_nats_connected 1" in lines
    assert f'citymesh_peer_connected{{peer="{b.http_url}"}} 1' in lines
    assert any(
        line.startswith(f'citymesh_peer_lag{{peer="{b.http_url}",filter="{b.id}"}}')
        for line in lines
    )
    assert 'citymesh_view_objects{kind="profile"}' in {line.rsplit(" ", 1)[0] for line in lines}
    assert "# TYPE citymesh_events_accepted_total counter" in lines
    accepted = int(
        next(x for x in lines if x.startswith("citymesh_events_accepted_total ")).split()[1]
    )
    assert accepted == a.ingest.accepted >= 2
