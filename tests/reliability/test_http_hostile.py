"""Hostile HTTP clients: bad input that once raised 500s, and slow clients that once held memory,
connections and file descriptors until the node stopped answering."""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import threading
import time

import aiohttp
import pytest
from helpers import eventually, initiative
from httpfuzz import Request, send
from nodeproc import NodeProc
from slowclients import (
    half_open,
    half_open_flood,
    publish_many,
    start_with_file_limit,
    stream_client,
    stream_flood,
)

from node.feeds import rows
from node.http import limits, quiet, server, stream

#: SQLite counting, one row at a time, far longer than any budget here.
COUNT_FOR_MINUTES = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000)"
    " SELECT count(*) FROM c"
)

# -- finding 4: bad input answered as problems, never 500 ---------------------------------------


def _cursor(order: str, value: int) -> str:
    return base64.urlsafe_b64encode(f"{order}:{value}".encode()).decode().rstrip("=")


BAD_INPUT: list[tuple[Request, int | None, str, str | None]] = [
    # Integers past 2**63: cursors, page numbers, event numbers.
    (
        Request("GET", b"/api/v1/view/initiatives?after=" + _cursor("n", 2**63).encode()),
        400,
        "bad_parameter",
        "after",
    ),
    (
        Request("GET", b"/api/v1/view/initiatives?q=x&after=" + _cursor("r", 2**64).encode()),
        400,
        "bad_parameter",
        "after",
    ),
    (Request("GET", b"/api/v1/events?after=9223372036854775808"), 400, "bad_parameter", "after"),
    (Request("GET", b"/api/v1/events?limit=99999999999999999999"), 400, "bad_parameter", "limit"),
    (Request("GET", b"/feeds/outbox?page=9223372036854775808"), 400, "bad_parameter", "page"),
    (Request("GET", b"/feeds/outbox?page=4611686018427387904"), 400, "bad_parameter", "page"),
    (Request("GET", b"/api/v1/stream?after=18446744073709551616"), 400, "bad_parameter", "after"),
    (
        Request("GET", b"/api/v1/stream", [(b"Last-Event-ID", b"99999999999999999999")]),
        400,
        "bad_parameter",
        "Last-Event-ID",
    ),
    # A NUL in a text query (FTS5 read it as the end of the query: an open quote).
    (Request("GET", b"/api/v1/view/initiatives?q=a%00b"), 400, "bad_parameter", "q"),
    (Request("GET", b"/api/v1/view/initiatives?q=" + b"x" * 600), 400, "bad_parameter", "q"),
    # Bytes that are not text in a header the token check reads.
    (
        Request("POST", b"/api/v1/events", [(b"Authorization", b"Bearer \xff\xfe")], b"{}"),
        400,
        "bad_header",
        "Authorization",
    ),
    (
        Request("GET", b"/api/v1/events", [(b"X-Anything", b"\xc3\x28")]),
        400,
        "bad_header",
        "X-Anything",
    ),
    # NUL and odd bytes elsewhere in the query, the path and the body.
    (Request("GET", b"/api/v1/events?author=%00"), 400, "bad_parameter", "author"),
    (Request("GET", b"/api/v1/events/%FF%00"), 404, "not_found", "id"),
    (Request("GET", b"/api/v1/view/digest?author=" + b"a" * 300), 400, "bad_parameter", "author"),
    (
        Request("GET", b"/api/v1/events?" + b"&".join(b"p%d=1" % i for i in range(40))),
        400,
        "bad_parameter",
        None,
    ),
    (Request("GET", b"/api/v1/events?a=" + b"b" * 5000), 414, "query_too_long", None),
    (Request("GET", b"/api/v1/events/" + b"y" * 9000), 400, "line_too_long", None),
    (Request("GET", b"/admin", [(b"Range", b"bytes=999999-")]), None, "", None),
    (
        Request("POST", b"/api/v1/admin/follow", [], b'{"url": "http://[::1"}'),
        401,
        "unauthorized",
        None,
    ),
]


async def test_bad_input_is_a_problem_naming_the_parameter_never_a_500(nodes):
    a = await nodes("A")
    await a.publish("initiative", initiative("One"))
    auth = (b"Authorization", b"Bearer " + a.token.encode())
    cases = [
        *BAD_INPUT,
        (
            Request("POST", b"/api/v1/admin/follow", [auth], b'{"url": "http://[::1"}'),
            422,
            "bad_url",
            "$.url",
        ),
        (
            Request("POST", b"/api/v1/events", [auth], b"{" + b" " * (300 * 1024) + b"}"),
            413,
            "too_large",
            None,
        ),
    ]
    for req, status, code, path in cases:
        answer = await asyncio.to_thread(send, a.http_url, req)
        shown = (req.method, req.target[:100], answer.status, answer.body[:300])
        assert answer.status < 500, shown
        if status is None:  # only: not a 5xx, and a whole answer
            assert answer.status in (200, 206), shown
            continue
        assert answer.status == status, shown
        assert answer.headers["content-type"].startswith("application/problem+json"), shown
        problem = json.loads(answer.body)
        assert problem["code"] == code, shown
        assert problem.get("path") == path, shown
        assert "Traceback" not in problem["detail"] and "^" not in problem["detail"], shown
    # Text queries with FTS5 syntax are plain words, never an error.
    async with aiohttp.ClientSession() as s:
        for q in ['"', '"open', "NEAR(a b)", "a OR", "*", "^x", "x:y", "(", "é\u4e2d", "a " * 200]:
            async with s.get(a.http_url + "/api/v1/view/initiatives", params={"q": q}) as r:
                assert r.status == 200, (q, await r.text())
        async with s.get(a.http_url + "/healthz") as r:
            assert r.status == 200


async def test_a_body_that_never_finishes_is_answered_408(nodes, monkeypatch):
    monkeypatch.setattr(limits, "BODY_SECONDS", 0.5)
    a = await nodes("A")
    reader, writer = await asyncio.open_connection("127.0.0.1", a.config.http.port)
    try:
        writer.write(
            b"POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + a.token.encode()
            + b'\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"kind"'
        )
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(4096), 10)
    finally:
        writer.close()
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert b'"code": "body_timeout"' in answer


async def test_a_read_past_its_time_budget_is_answered_503_with_retry_after(nodes, monkeypatch):
    a = await nodes("A")
    await a.publish("initiative", initiative("One"))
    url = a.http_url + "/api/v1/view/initiatives"
    monkeypatch.setattr(limits, "READ_SECONDS", 0.0)  # every read is past its budget
    async with aiohttp.ClientSession() as s:
        async with s.get(url) as r:
            assert r.status == 503
            assert r.content_type == "application/problem+json"
            assert r.headers["Retry-After"] == "5"
            body = await r.json(content_type=None)
            assert body["code"] == "read_timeout"
            assert "try again in 5 seconds" in body["detail"]
        monkeypatch.setattr(limits, "READ_SECONDS", 5.0)
        async with s.get(url) as r:
            assert r.status == 200
            assert [i["body"]["title"] for i in (await r.json())["items"]] == [{"en": "One"}]


async def test_the_digest_and_whole_feeds_are_not_cut_at_a_pages_budget(nodes, monkeypatch):
    """They read the whole view or a whole collection: at 1,000,000 events the digest takes
    7-13 s, and every author's head (in the status) 5 s while a catch-up has set their index
    aside, longer than a page's budget (bench/RESULTS.md, round 27)."""
    a = await nodes("A")
    await a.publish("initiative", initiative("One"))
    monkeypatch.setattr(limits, "READ_SECONDS", 0.0)
    async with aiohttp.ClientSession() as s:
        for path in (
            "/api/v1/view/digest",
            "/api/v1/status",
            "/feeds/initiatives.geojson",
            "/feeds/meetings.ics",
        ):
            async with s.get(a.http_url + path) as r:
                assert r.status == 200, path
        async with s.get(a.http_url + "/api/v1/view/initiatives") as r:
            assert r.status == 503


async def test_a_stream_whose_replay_is_past_its_budget_ends_and_can_resume(
    nodes, monkeypatch, caplog
):
    a = await nodes("A")
    await a.publish("initiative", initiative("One"))
    monkeypatch.setattr(limits, "READ_SECONDS", 0.0)  # every read is past its budget
    async with aiohttp.ClientSession() as s:
        headers = {"Last-Event-ID": "0"}
        async with s.get(a.http_url + "/api/v1/stream", headers=headers) as r:
            assert r.status == 200
            # The stream ends where its replay could not read: the client resumes from the
            # last id it got, as after any end of the stream.
            assert await asyncio.wait_for(r.read(), 10) == b": citymesh event stream\n\n"
        monkeypatch.setattr(limits, "READ_SECONDS", 5.0)
        async with s.get(a.http_url + "/api/v1/stream", headers=headers) as r:
            first = await asyncio.wait_for(r.content.readuntil(b"\n\n"), 10)
            first = await asyncio.wait_for(r.content.readuntil(b"\n\n"), 10)
            assert first.startswith(b"id: 1\n"), first
    assert not [r for r in caplog.records if r.levelname == "ERROR"], caplog.text


async def test_exports_hold_one_reader_at_most_and_pages_still_answer(nodes, monkeypatch):
    a = await nodes("A")
    await a.publish("initiative", initiative("One"))
    monkeypatch.setattr(limits, "WHOLE_READ_SECONDS", 3.0)
    monkeypatch.setattr(limits, "READ_SECONDS", 1.0)
    reading = threading.Event()

    def slow_collection(c, *args, **kwargs):  # a collection far too large to read in time
        reading.set()
        c.execute(COUNT_FOR_MINUTES).fetchone()
        return []

    monkeypatch.setattr(rows, "object_pages", slow_collection)
    # Two clients, as the node tells them apart by address.
    one = aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=("127.0.0.1", 0)))
    two = aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=("127.0.0.2", 0)))
    async with one, two:

        async def get(s: aiohttp.ClientSession, path: str) -> tuple[int, dict]:
            async with s.get(a.http_url + path) as r:
                return r.status, await r.json(content_type=None)

        first = asyncio.create_task(get(one, "/feeds/initiatives.geojson"))
        await eventually(reading.is_set, what="an export reading")
        second = asyncio.create_task(get(one, "/feeds/meetings.ics"))
        app = a._runner.app
        await eventually(lambda: app[limits.WHOLE_READERS]["127.0.0.1"] == 2, what="two waiting")
        # Two whole reads at most per client: the first client's third is refused, while
        # another client's waits its turn.
        status, body = await get(one, "/api/v1/view/digest")
        assert (status, body["code"]) == (429, "too_many_reads")
        other = asyncio.create_task(get(two, "/api/v1/view/digest"))
        # Exports running and waiting, and a reader thread is still free for the page's list.
        status, _ = await get(one, "/api/v1/view/nodes")
        assert status == 200
        for status, body in await asyncio.gather(first, second):
            assert (status, body["code"]) == (503, "read_timeout")
        # Its turn came once they ended: answered, or out of time, never refused.
        status, _ = await other
        assert status in (200, 503)
        # Its read answered, the first client may ask for a whole read again.
        monkeypatch.undo()
        status, _ = await get(one, "/api/v1/view/digest")
        assert status == 200


async def test_an_export_its_client_does_not_take_counts_against_it_until_dropped(
    nodes, monkeypatch
):
    """Past its read, a large export waits in a temporary file for its client: that counts
    against the client (two whole reads at most) until it is sent, or the client, taking
    nothing for WRITE_SECONDS, is dropped and the file goes."""
    from node.http import spool

    a = await nodes("A")
    # 5.6 MB of CSV: more than loopback's buffers hold (about 2 MB here), so it must wait.
    summary = {"en": "x" * 14_000}
    await a.publish_many(
        [("initiative", initiative(f"Row {i}", summary=summary)) for i in range(400)]
    )
    monkeypatch.setattr(spool, "MEMORY", 1000)
    monkeypatch.setattr(spool, "SLICE", 4096)
    monkeypatch.setattr(spool, "WRITE_SECONDS", 1.0)
    readers = a._runner.app[limits.WHOLE_READERS]
    port = int(a.http_url.rsplit(":", 1)[1])
    client = socket.socket()
    # A client that reads nothing, with a small window.
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
    client.connect(("127.0.0.1", port))
    try:
        client.sendall(b"GET /feeds/initiatives.csv HTTP/1.1\r\nHost: node\r\n\r\n")
        await eventually(lambda: readers["127.0.0.1"] == 1, what="the export counted")
        # Its read is over: another client's whole read runs, while the first still counts.
        async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(local_addr=("127.0.0.2", 0))
        ) as other:
            async with other.get(a.http_url + "/api/v1/view/digest") as r:
                assert r.status == 200
        assert readers["127.0.0.1"] == 1
        await eventually(lambda: "127.0.0.1" not in readers, timeout=10, what="dropped")
        await eventually(lambda: _closed_by_peer(client), what="its connection closed")
    finally:
        client.close()


# -- finding 7: slow clients ------------------------------------------------------------------


def _closed_by_peer(s: socket.socket) -> bool:
    """What the peer sent is read: True once it closed the connection."""
    s.setblocking(False)
    try:
        while s.recv(65536):
            pass
        return True
    except BlockingIOError:
        return False
    except ConnectionResetError:
        return True


async def test_connections_that_never_finish_their_head_are_closed(nodes, monkeypatch):
    monkeypatch.setattr(limits, "HEADER_SECONDS", 1.0)
    a = await nodes("A")
    socks = half_open(a.config.http.port, 100)
    started = time.monotonic()
    try:
        await eventually(
            lambda: all(_closed_by_peer(s) for s in socks),
            timeout=10,
            what="every half-open connection closed by the node",
        )
        took = time.monotonic() - started
        print("slowloris figures", json.dumps({"connections": 100, "closed_after_s": took}))
        assert took < 5
    finally:
        for s in socks:
            s.close()


@pytest.mark.slow
def test_1100_half_open_connections_under_a_1024_file_limit(tmp_path):
    node = NodeProc(tmp_path, "S")
    start_with_file_limit(node, 1024)
    try:
        stats = half_open_flood(node, 1100)
    finally:
        node.stop()
    print("half-open flood figures", json.dumps(stats))
    assert stats["publish_status"] == 201, stats
    assert stats["failures"] == 0 and stats["slowest"] < 1.0, stats
    assert stats["vm_hwm_mib"] < 300, stats
    log = node.log.read_text(errors="replace")
    assert "Too many open files" not in log, log[-2000:]
    assert stats["log_growth_bytes"] < 10_000, log[-2000:]


@pytest.mark.slow
def test_50stream_clients_that_never_read_hold_bounded_memory(tmp_path):
    node = NodeProc(tmp_path, "E")
    asyncio.run(publish_many(node.home, 520, 6000))
    node.start()
    try:
        stats = stream_flood(node, 50)  # ten per address: within the per-client bound
    finally:
        node.stop()
    print("stream flood figures", json.dumps(stats))
    assert stats["failures"] == 0 and stats["slowest"] < 1.0, stats
    assert stats["rss_growth_mib"] < 40, stats  # was about 3.5 MiB per client
    assert stats["vm_hwm_mib"] < 300, stats


async def test_live_streams_are_bounded_per_client_with_a_503_problem(nodes):
    a = await nodes("A")
    await a.publish("initiative", initiative("One"))
    port = a.config.http.port
    socks = [
        await asyncio.to_thread(stream_client, port, "127.0.0.1")
        for _ in range(limits.STREAMS_PER_CLIENT)
    ]
    try:
        extra = await asyncio.to_thread(
            send, a.http_url, Request("GET", b"/api/v1/stream", [(b"Last-Event-ID", b"0")])
        )
        assert extra.status == 503, extra
        assert json.loads(extra.body)["code"] == "too_many_streams"
        other = await asyncio.to_thread(stream_client, port, "127.0.0.2")  # another client
        other.close()
    finally:
        for s in socks:
            s.close()


async def test_astream_client_that_stops_reading_is_dropped(nodes, monkeypatch):
    monkeypatch.setattr(limits, "WRITE_SECONDS", 0.5)
    a = await nodes("A")
    big = {lang: "s" * 15_000 for lang in ("en", "pt", "es")}
    for i in range(150):  # 6 MB: more than the kernel buffers of both ends hold
        await a.publish("initiative", initiative(f"Event {i}", summary=big))
    gate = a._runner.app[stream._GATE]
    s = await asyncio.to_thread(stream_client, a.config.http.port, "127.0.0.3")
    try:
        assert gate.open["127.0.0.3"] == 1
        await eventually(lambda: not gate.open, timeout=10, what="the stalled stream dropped")
    finally:
        s.close()


async def test_a_client_that_never_reads_its_answer_is_dropped(nodes, monkeypatch):
    monkeypatch.setattr(limits, "WRITE_SECONDS", 0.5)
    a = await nodes("A")
    big = {lang: "s" * 15_000 for lang in ("en", "pt", "es")}
    for i in range(150):  # a 6 MB answer: more than the kernel buffers of both ends hold
        await a.publish("initiative", initiative(f"Event {i}", summary=big))
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", a.config.http.port))
    try:
        s.sendall(b"GET /api/v1/events?limit=500 HTTP/1.1\r\nHost: x\r\n\r\n")
        head = await asyncio.to_thread(s.recv, 1024)
        assert head.startswith(b"HTTP/1.1 200"), head
        server = a._runner.server
        await eventually(
            lambda: not server.connections, timeout=10, what="the non-reading client dropped"
        )
    finally:
        s.close()


def test_the_aiohttp_hooks_this_node_relies_on_are_still_there():
    """Fails on an aiohttp upgrade that moves what `node.http.server` reaches into."""
    import inspect

    from aiohttp import web

    assert "_server" in web.BaseSite.__slots__
    params = list(inspect.signature(web.RequestHandler.handle_error).parameters)
    assert params == ["self", "request", "status", "exc", "message"], params
    handler_params = inspect.signature(web.RequestHandler.__init__).parameters
    assert set(server.HANDLER_ARGS) <= set(handler_params)
    assert isinstance(web.Server.connections, property)
    assert "_make_error_handler" in vars(web.RequestHandler)


def test_a_flood_of_os_errors_in_the_log_is_one_line_per_kind():
    import errno
    import logging

    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("asyncio")
    quiet.install()
    logger.addHandler(handler)
    try:
        for _ in range(1000):
            try:
                raise OSError(errno.EMFILE, "Too many open files")
            except OSError:
                logger.error("socket.accept() out of system resource", exc_info=True)
        try:
            raise ValueError("a bug")
        except ValueError:
            logger.error("Exception in callback", exc_info=True)
    finally:
        logger.removeHandler(handler)
    assert len(records) == 2, [r.getMessage() for r in records]
    assert records[0].exc_info is None and "Too many open files" in records[0].getMessage()
    assert records[1].exc_info is not None  # a bug keeps its traceback, once a minute


async def test_text_queries_with_nul_quotes_and_operators_never_break_fts5(nodes):
    from node.store import queries

    a = await nodes("A")
    await a.publish("initiative", initiative("Open doors"))
    await eventually(
        lambda: a.store.read(lambda c: queries.initiatives(c, queries.Filters(q="doors")).items)
    )
    for q in ["doors\x00", 'do"ors\x00"', "\x00", "NEAR(doors", "doors OR", "x" * 5000, "a " * 500]:
        page = await a.store.read(lambda c, q=q: queries.initiatives(c, queries.Filters(q=q)))
        assert isinstance(page.items, list), q
