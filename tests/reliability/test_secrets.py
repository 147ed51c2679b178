"""Secrets: node.key and admin.token are 0600, never logged, never served, never in errors."""

from __future__ import annotations

import asyncio
import json
import socket
import stat
import urllib.error
import urllib.request

import aiohttp
import pytest
from helpers import initiative
from nodeproc import NodeProc, cm

from node.config import Home
from node.net.natsconf import node_nkey_seed
from protocol import SigningKey


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read(4 * 1024 * 1024)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _crawl(node: NodeProc, event_id: str) -> dict[str, tuple[int, bytes]]:
    """Every GET route the node documents (OpenAPI) plus the well-known ones."""
    status, spec = _get(node.url + "/api/v1/openapi.json")
    paths = {"/", "/healthz", "/.well-known/citymesh", "/api/v1/status", "/metrics"}
    if status == 200:
        for path, ops in json.loads(spec)["paths"].items():
            if "get" in ops and "stream" not in path:
                paths.add(path)
    fills = {"{id}": event_id, "{kind}": "initiatives", "{name}": "app.js", "{view}": "nodes"}
    out = {}
    for path in sorted(paths):
        for k, v in fills.items():
            path = path.replace(k, v)
        out[path] = _get(node.url + path)
    return out


async def test_secrets_are_private_unlogged_unserved_and_absent_from_errors(nodes, tmp_path):
    peer = await nodes("Peer")
    await peer.publish("initiative", initiative("From the peer"))
    a = NodeProc(tmp_path, "A", log_level="DEBUG")
    seed_hex = (a.home / "node.key").read_text().strip()
    nkey_seed = node_nkey_seed(SigningKey(bytes.fromhex(seed_hex)))
    secrets = {"admin token": a.token, "key seed": seed_hex, "nkey seed": nkey_seed}
    for name in ("node.key", "admin.token"):
        assert stat.S_IMODE((a.home / name).stat().st_mode) == 0o600, name

    a.start()
    said: list[str] = []
    try:
        body = tmp_path / "body.json"
        body.write_text(json.dumps(initiative("Logged workflow")))
        for args in (
            ("publish", str(a.home), "initiative", str(body)),
            ("follow", str(a.home), peer.http_url),
            ("status", str(a.home)),
            ("publish", str(a.home), "initiative", str(tmp_path / "missing.json")),
            ("publish", str(a.home), "meeting", str(body)),  # 422 from the node
        ):
            out = await asyncio.to_thread(cm, *args)
            said.append(out.stdout + out.stderr)
        event_id = said[0].strip()
        # A 401 and a 422 over HTTP.
        status, answer = await asyncio.to_thread(
            NodeProc.post, _with_token(a, "wrong"), "/api/v1/events", {"kind": "x", "body": {}}
        )
        assert status == 401
        said.append(json.dumps(answer))
        status, answer = await asyncio.to_thread(
            a.post, "/api/v1/events", {"kind": "initiative", "body": {}}
        )
        assert status == 422
        said.append(json.dumps(answer))
        served = await asyncio.to_thread(_crawl, a, event_id)
        assert served["/api/v1/status"][0] == 200 and served["/.well-known/citymesh"][0] == 200
        assert len(served) >= 8
    finally:
        a.stop()

    logs = {
        "node log": a.log.read_text(errors="replace"),
        "nats log": (a.home / "nats" / "nats.log").read_text(errors="replace"),
    }
    assert "DEBUG" in logs["node log"] or len(logs["node log"]) > 0
    for what, secret in secrets.items():
        for where, text in logs.items():
            assert secret not in text, f"{what} in the {where}"
        for path, (_, data) in served.items():
            assert secret.encode() not in data, f"{what} served at {path}"
        for text in said:
            assert secret not in text, f"{what} in a CLI or error message"


def _with_token(node: NodeProc, token: str) -> NodeProc:
    other = object.__new__(NodeProc)
    other.__dict__.update(node.__dict__, token=token)
    return other


def _raw_request(port: int, auth_lines: list[bytes]) -> bytes:
    """Send a POST with these header lines, byte for byte (no client library tidies them)."""
    body = b'{"kind": "initiative", "body": {}}'
    request = (
        b"POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + b"".join(line + b"\r\n" for line in auth_lines)
        + b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
        + body
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    return answer


@pytest.mark.slow
def test_no_form_of_the_authorization_header_reaches_the_log(tmp_path):
    """Valid, malformed (control character, non-ASCII, overlong, doubled) Bearer headers at
    DEBUG: the token appears nowhere in the node's log or its nats-server's."""
    a = NodeProc(tmp_path, "A", log_level="DEBUG")
    token = a.token.encode()
    forms = {
        "valid": [b"Authorization: Bearer " + token],
        "control character": [b"Authorization: Bearer " + token + b"\x01"],
        "NUL": [b"Authorization: Bearer " + token + b"\x00x"],
        "non-ASCII": [b"Authorization: Bearer " + token + "é".encode()],
        "latin-1": [b"Authorization: Bearer " + token + b"\xff"],
        "overlong": [b"Authorization: Bearer " + token + b"A" * 10_000],
        "doubled": [b"Authorization: Bearer " + token] * 2,
        "doubled value": [b"Authorization: Bearer " + token + b" Bearer " + token],
        "line folding": [b"Authorization: Bearer", b" " + token],
        "no scheme": [b"Authorization: " + token],
        "bad name": [b"Authori\x01zation: Bearer " + token],
    }
    a.start()
    answers = {}
    try:
        for name, lines in forms.items():
            answers[name] = _raw_request(a.http_port, lines)
            assert answers[name].startswith(b"HTTP/1."), (name, answers[name][:100])
        assert answers["valid"].startswith(b"HTTP/1.1 422"), answers["valid"][:200]
        assert a.healthy()
    finally:
        a.stop()
    node_log = a.log.read_text(errors="replace")
    assert "Using selector" in node_log  # asyncio's DEBUG line: the level was DEBUG
    for where, text in (("node log", node_log), ("nats log", _nats_log(a))):
        assert a.token not in text, f"the admin token is in the {where}"
        assert "Authorization" not in text and "Bearer" not in text, where
    assert "bad request" in node_log  # the bad requests were seen, not their headers


def _nats_log(node: NodeProc) -> str:
    return (node.home / "nats" / "nats.log").read_text(errors="replace")


async def test_an_empty_token_never_authorizes(nodes):
    """Even a node whose token were empty refuses `Bearer ` (the start refuses such a token)."""
    a = await nodes("A")
    a.token = ""
    async with aiohttp.ClientSession() as session:
        for header in ("Bearer ", "Bearer", "Bearer  \t", "bearer ", ""):
            async with session.post(
                a.http_url + "/api/v1/events",
                json={"kind": "initiative", "body": initiative("Anyone")},
                headers={"Authorization": header} if header else {},
            ) as resp:
                assert resp.status == 401, (header, await resp.text())
    assert (await a.store.own_head(a.id))[0] == 1  # nothing published beyond the profile


@pytest.mark.slow
def test_token_command_replaces_a_refused_token_with_a_strong_private_one(tmp_path):
    """The fix the start names for a weak admin.token works, and prints no token."""
    a = NodeProc(tmp_path, "A")
    (a.home / "admin.token").write_text("\n")
    refused = cm("run", str(a.home))
    assert refused.returncode == 2 and f"citymesh token {a.home}" in refused.stderr
    out = cm("token", str(a.home))
    assert out.returncode == 0, out.stderr
    token = Home(a.home).token()  # passes the start's checks
    assert token != a.token and token not in out.stdout + out.stderr
    assert stat.S_IMODE((a.home / "admin.token").stat().st_mode) == 0o600
