"""Bad input at every entry point, from the committed corpus: the right code, the node keeps
running, and the store and view are unchanged unless the case is valid."""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import socket
import subprocess
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import aiohttp
import nats
import pytest
from badinput import CORPUS, cases, event_case, http_body
from helpers import eventually, free_port, initiative, port_is_free
from nodeproc import EXE, NodeProc, cm, nats_server_pids, wait_until

from node.net import subjects
from node.net.natsconf import node_nkey_seed
from node.net.natsserver import find_binary
from node.store import Store
from node.store.accept import ACCEPTED
from protocol import SigningKey, decode_event, rotation_statement
from protocol.vectors import load

ROOT = Path(__file__).parents[2]


def test_corpus_has_every_entry_point_and_at_least_40_cases():
    assert len(CORPUS) >= 40
    assert {c["entry"] for c in CORPUS} >= {"http", "query", "cli", "config", "nats", "vectors"}


async def _healthy(node) -> None:
    async with aiohttp.ClientSession() as s, s.get(node.http_url + "/healthz") as r:
        assert r.status == 200


async def test_http_api_and_query_cases(nodes):
    a = await nodes("A")
    c = await nodes("C")
    await a.follow(c.http_url)
    foreign = await c.publish("initiative", initiative("Not yours"))
    await eventually(
        lambda: a.store.read(
            lambda conn: conn.execute(
                "SELECT 1 FROM events WHERE id = ?", (foreign.envelope.id,)
            ).fetchone()
        )
    )
    head = await a.store.own_head(a.id)
    new_key = SigningKey.generate().public_id
    fills = {
        "{{FOREIGN_ID}}": foreign.envelope.id,
        "{{NEW_KEY}}": new_key,
        # Signed by the old key: the new key has not vouched for the rotation.
        "{{OLD_KEY_SIG}}": a.key.sign(rotation_statement(a.id, new_key, head[1])),
    }
    auth = {
        "none": {},
        "wrong": {"Authorization": "Bearer not-the-token"},
        "basic": {"Authorization": f"Basic {a.token}"},
    }
    async with aiohttp.ClientSession() as session:
        for case in cases("http", "query"):
            inp = case["input"]
            before = await a.store.digest()
            if case["entry"] == "http":
                data = http_body(inp["gen"]) if "gen" in inp else inp["body"].encode()
                for k, v in fills.items():
                    data = data.replace(k.encode(), v.encode())
                headers = auth.get(inp.get("auth", ""), {"Authorization": f"Bearer {a.token}"})
                request = session.post(
                    a.http_url + inp.get("path", "/api/v1/events"), data=data, headers=headers
                )
            else:
                request = session.get(a.http_url + inp["path"], headers=inp.get("headers", {}))
            async with request as resp:
                body = await resp.read()
                ctype = resp.headers.get("Content-Type", "")
            assert resp.status == case["status"], (case["name"], body[:300])
            after = await a.store.digest()
            if "code" in case:
                assert ctype.startswith("application/problem+json"), case["name"]
                problem = json.loads(body)
                assert problem["code"] == case["code"], (case["name"], problem)
                assert problem.get("path") == case.get("path", problem.get("path")), problem
                assert a.token not in body.decode(errors="replace")
            if case.get("valid"):
                assert after != before, case["name"]
                event = json.loads(body)
                if "verbatim" in case:  # stored as text, returned verbatim inside JSON
                    async with session.get(a.http_url + f"/api/v1/events/{event['id']}") as r:
                        assert r.content_type == "application/json"
                        stored = json.loads(await r.read())
                    assert stored["body"]["title"]["en"] == case["verbatim"]
            else:
                assert after == before, case["name"]
            if case.get("empty"):
                assert json.loads(body)["events"] == []
            await _healthy(a)


async def _wait_counter(read, expected_before: int, what: str) -> None:
    await eventually(lambda: read() > expected_before, timeout=5, what=what)


async def test_nats_ingress_cases_and_protocol_vectors(nodes):
    p = await nodes("P")
    f = await nodes("F")
    await f.follow(p.http_url, everything=True)
    nc = await nats.connect(p.nats_urls, nkeys_seed_str=node_nkey_seed(p.key))
    js = nc.jetstream()

    async def held(author: str) -> int:
        row = await f.store.read(
            lambda c: c.execute(
                "SELECT COUNT(*) FROM events WHERE author = ?", (author,)
            ).fetchone()
        )
        return int(row[0])

    def counter(code: str):
        if code == "duplicate":
            return lambda: f.ingest.duplicates
        if code == "accepted":
            return lambda: f.ingest.accepted
        return lambda: f.ingest.rejected[code]

    async def holds_p() -> bool:
        return await held(p.id) >= 1

    # P's profile first: arriving during the vectors, it would change F's digest.
    await eventually(holds_p, what="F holds P's profile")
    try:
        # Every protocol vector that stands alone, straight onto the peer's stream subjects.
        for vector in [v for v in load("invalid.json") if "context" not in v]:
            raw = vector["event"].encode()
            read = counter(vector["code"])
            before_n, before = read(), await f.store.digest()
            if len(raw) > 60_000:  # the stream refuses it; the live subject does not
                with pytest.raises(nats.js.errors.APIError):
                    await js.publish(subjects.event_subject("z6Mkjunk"), raw)
                cursor = f.replicator.status()[0]["follows"][0]["cursor"]
                await nc.publish(
                    subjects.live_subject("z6Mkjunk"),
                    raw,
                    headers={"Nats-Sequence": str(cursor + 1), "Nats-Last-Sequence": "0"},
                )
            else:
                await js.publish(subjects.event_subject("z6Mkjunk"), raw)
            await _wait_counter(read, before_n, vector["comment"])
            assert await f.store.digest() == before, vector["comment"]

        for case in cases("nats", "nats_live"):
            key, ctx, raw = event_case(case["input"]["gen"])
            subject = subjects.event_subject(key.public_id)
            for c in ctx:
                await js.publish(subject, c)
            author, count = key.public_id, len(ctx)
            await eventually(lambda: _eq(held(author), count), what=case["name"])  # noqa: B023
            before = await f.store.digest()
            read = counter(case["code"])
            before_n = read()
            if case["entry"] == "nats_live":
                cursor = f.replicator.status()[0]["follows"][0]["cursor"]
                await nc.publish(
                    subjects.live_subject(key.public_id),
                    raw,
                    headers={"Nats-Sequence": str(cursor + 1), "Nats-Last-Sequence": "0"},
                )
            else:
                await js.publish(subject, raw)
            if case["code"] == "pending":  # held in the buffer: the cursor waits before it
                await eventually(
                    lambda: (
                        (s := f.replicator.status()[0]["follows"][0])["lag"] > 0
                        and s["peer_last"] > 0
                    ),
                    what="the gap is seen and waited on",
                )
                assert await held(key.public_id) == 1
            else:
                await _wait_counter(read, before_n, case["name"])
            after = await f.store.digest()
            if case.get("freezes"):
                forked = await f.store.read(
                    lambda c, k=key.public_id: c.execute(
                        "SELECT forked_at FROM authors WHERE author = ?", (k,)
                    ).fetchone()
                )
                assert forked == (2,), case["name"]
            elif case.get("valid") and case["code"] == "accepted":
                assert after != before
            else:
                assert after == before, case["name"]
            await _healthy(f)
    finally:
        await nc.close()


async def _eq(value, expected) -> bool:
    return await value == expected


async def test_chained_protocol_vectors_through_acceptance(tmp_path):
    for i, vector in enumerate(v for v in load("invalid.json") if "context" in v):
        store = await Store.open(tmp_path / f"v{i}.db")
        try:
            ctx = [decode_event(c.encode()) for c in vector["context"]]
            results = (await store.ingest(ctx))[0]
            assert results == [ACCEPTED] * len(ctx), vector["comment"]
            before = await store.digest()
            try:
                event = decode_event(vector["event"].encode())
            except Exception as exc:  # some fail alone once their context is known
                assert getattr(exc, "code", None) == vector["code"], vector["comment"]
                continue
            [result] = (await store.ingest([event]))[0]
            # A node holds a gap (pending) rather than rejecting it: the gap may fill later.
            expected = "pending" if vector["code"] == "chain_gap" else vector["code"]
            assert getattr(result, "code", result) == expected, vector["comment"]
            if vector["code"] != "fork":
                assert await store.digest() == before, vector["comment"]
        finally:
            await store.close()


@pytest.fixture(scope="module")
def cli_homes(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    (tmp / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (tmp / "invalid.json").write_text('{"title": {"en": "no category"}}')
    running = NodeProc(tmp, "Running")
    running.start()
    stopped = NodeProc(tmp, "Stopped")
    yield tmp, running, stopped
    running.stop()


@pytest.mark.parametrize("case", cases("cli"), ids=lambda c: c["name"])
def test_cli_case(case, cli_homes):
    tmp, running, stopped = cli_homes
    home = stopped.home if "status" in case["input"]["args"] else running.home
    args = [a.format(home=home, tmp=tmp) for a in case["input"]["args"]]
    out = cm(*args)
    said = out.stdout + out.stderr
    assert out.returncode == case["exit"], said
    assert case["message"] in said, said
    assert "Traceback" not in said
    if out.returncode == 2:
        assert len(out.stderr.strip().splitlines()) == 1, out.stderr  # one clean line
    assert running.token not in said
    assert running.healthy()


@pytest.fixture(scope="module")
def occupants(tmp_path_factory):
    """What a wrong setting may point at: a port another program holds, a listener that never
    speaks, and a plain nats-server on one port (another node's, or a one-server "cluster")."""
    tmp = tmp_path_factory.mktemp("occupants")
    busy = socket.create_server(("127.0.0.1", free_port()))
    silent = socket.create_server(("127.0.0.1", free_port()))
    nats_port = free_port()
    server = subprocess.Popen(
        [find_binary(), "-js", "-a", "127.0.0.1", "-p", str(nats_port), "-sd", str(tmp / "js")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: not port_is_free(nats_port), 10, "the plain nats-server listens")
        yield {
            "busy": busy.getsockname()[1],
            "silent": f"nats://127.0.0.1:{silent.getsockname()[1]}",
            "nats_port": nats_port,
            "nats": f"nats://127.0.0.1:{nats_port}",
            "silent_socket": silent,
        }
    finally:
        server.terminate()
        server.wait(10)
        busy.close()
        silent.close()


def _fill(value, places):
    if isinstance(value, list):
        return [_fill(v, places) for v in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return places[value[1:-1]]
    return value


def _toml(data) -> str:
    top = [f"{k} = {json.dumps(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for section, values in data.items():
        if isinstance(values, dict):
            top += [f"[{section}]", *(f"{k} = {json.dumps(v)}" for k, v in values.items())]
    return "\n".join(top) + "\n"


#: Every wrong start ends within this (a NATS server that never answers: connect_timeout).
START_BOUND = 15.0


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=pytest.mark.slow) if c.get("slow") else c for c in cases("config")],
    ids=lambda c: c["name"],
)
def test_config_case(case, cli_homes, occupants):
    """A wrong setting or secret: one line naming it and the fix, exit 2, soon, no traceback."""
    tmp, _, stopped = cli_homes
    home = tmp / f"conf-{abs(hash(case['name']))}"
    shutil.copytree(stopped.home, home)
    inp = case["input"]
    config = home / "citymesh.toml"
    if "toml" in inp or "toml_hex" in inp:
        data = bytes.fromhex(inp["toml_hex"]) if "toml_hex" in inp else inp["toml"].encode()
        config.write_bytes(data)
    if "set" in inp:
        settings = tomllib.loads(config.read_text())
        places = {**occupants, "http_port": settings["http"]["port"]}
        for dotted, value in inp["set"].items():
            where, _, key = dotted.rpartition(".")
            (settings[where] if where else settings)[key] = _fill(value, places)
        config.write_text(_toml(settings))
    for name, text in inp.get("file", {}).items():
        if (home / name).is_dir():
            shutil.rmtree(home / name)
        (home / name).write_text(text)
    if "remove" in inp:
        (home / inp["remove"]).unlink()
    if "dir" in inp:
        (home / inp["dir"]).unlink(missing_ok=True)
        (home / inp["dir"]).mkdir()
    started = time.monotonic()
    out = cm("run", str(home), timeout=START_BOUND + 15)
    took = time.monotonic() - started
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert "Traceback" not in out.stderr, out.stderr
    for part in case["message"]:
        assert part in out.stderr, (part, out.stderr)
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert out.stderr.startswith("citymesh: "), out.stderr
    assert took < START_BOUND, f"took {took:.1f} s"
    assert not nats_server_pids(home / "nats" / "nats.conf"), "a nats-server outlived the node"


def test_sigterm_stops_a_node_while_it_waits_for_nats(cli_homes, occupants):
    """A start that waits (a NATS server that never speaks) still ends on SIGTERM, at once."""
    tmp, _, stopped = cli_homes
    home = tmp / "waiting"
    shutil.copytree(stopped.home, home)
    settings = tomllib.loads((home / "citymesh.toml").read_text())
    settings["nats"].update(urls=[occupants["silent"]], connect_timeout=120)
    (home / "citymesh.toml").write_text(_toml(settings))
    listener = occupants["silent_socket"]
    listener.setblocking(False)
    with contextlib.suppress(BlockingIOError):
        while True:  # connections earlier cases left waiting
            listener.accept()[0].close()
    proc = subprocess.Popen(
        [EXE, "run", str(home)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        # The node is inside its start once it has connected to the silent listener.
        listener.settimeout(15)
        conn, _ = listener.accept()
        proc.send_signal(signal.SIGTERM)
        started = time.monotonic()
        _, err = proc.communicate(timeout=10)
        assert time.monotonic() - started < 5
        assert "Traceback" not in err, err
        conn.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)


def test_publish_to_a_node_that_dies_under_it(cli_homes, tmp_path):
    """The node closes the connection mid-request: one line with the URL and the fix."""
    _, _, stopped = cli_homes
    home = tmp_path / "dying"
    shutil.copytree(stopped.home, home)
    settings = tomllib.loads((home / "citymesh.toml").read_text())
    dying = socket.create_server(("127.0.0.1", free_port()))
    settings["http"]["port"] = dying.getsockname()[1]
    (home / "citymesh.toml").write_text(_toml(settings))
    body = tmp_path / "body.json"
    body.write_text(json.dumps(initiative("Never arrives")))

    def die() -> None:  # read the request, then go away without an answer
        conn, _ = dying.accept()
        conn.recv(65536)
        conn.close()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(die)
        out = cm("publish", str(home), "initiative", str(body), timeout=60)
    dying.close()
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert f"http://127.0.0.1:{settings['http']['port']}" in out.stderr
    assert "citymesh run" in out.stderr
