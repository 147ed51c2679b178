"""Secrets: node.key and admin.token are 0600, never logged, never served, never in errors."""

from __future__ import annotations

import asyncio
import json
import stat
import urllib.error
import urllib.request

from helpers import initiative
from nodeproc import NodeProc, cm

from node.natsconf import node_nkey_seed
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
