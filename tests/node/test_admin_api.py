"""The admin routes for people publishing, on a real node: the token check at sign-in, every
problem of a body at once, and a batch (and `citymesh publish` of JSON Lines) all or nothing."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp
from helpers import initiative

from protocol import explain

EXE = str(Path(sys.executable).parent / "citymesh")


async def call(node: Any, method: str, path: str, token: str | None, **kw: Any):
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    async with aiohttp.ClientSession() as http:
        async with http.request(method, node.http_url + path, headers=headers, **kw) as r:
            return r.status, r.content_type, await r.read()


async def head(node: Any) -> int:
    status = await node.status(heads=True)
    return status["heads"][node.id]


async def test_session_accepts_the_token_and_refuses_others_naming_the_file(nodes):
    a = await nodes("Madrid", lang="es")
    assert (await call(a, "GET", "/api/v1/admin/session", a.token))[0] == 204
    for token in (None, "wrong", ""):
        status, ctype, raw = await call(a, "GET", "/api/v1/admin/session", token)
        assert (status, ctype) == (401, "application/problem+json")
        problem = json.loads(raw)
        assert problem["code"] == "unauthorized"
        assert "admin.token" in problem["detail"] and "citymesh token" in problem["detail"]
        assert a.token not in problem["detail"]


async def test_check_names_every_problem_of_a_body_without_publishing(nodes):
    a = await nodes("Sevilla", lang="es")
    before = await head(a)
    wrong = {
        "title": {"en": "Welcome office"},  # no Spanish text
        "category": "welcome",  # not a category
        "start": "2026-13",  # no month 13
        "places": [{"geo": {"lat": 37.38, "lon": "-5.98"}}],  # a number, not text
        "progress": 130,  # over 100
    }  # and the summary and the status are missing: seven problems
    status, _, raw = await call(
        a, "POST", "/api/v1/admin/check", a.token, json={"kind": "initiative", "body": wrong}
    )
    assert status == 200, raw
    problems = json.loads(raw)["problems"]
    by_path = {p["path"]: p for p in problems}
    assert sorted(by_path) == sorted(
        [
            "$.body.title",
            "$.body.summary",
            "$.body.status",
            "$.body.category",
            "$.body.start",
            "$.body.places[0].geo.lat",
            "$.body.progress",
        ]
    )
    assert by_path["$.body.title"]["code"] == "missing_language"
    assert by_path["$.body.title"]["copy_from"] == "en"
    assert by_path["$.body.places[0].geo.lat"]["code"] == "number_as_text"
    assert by_path["$.body.start"]["format"] == "partial_date"
    assert "welcoming_rights" in by_path["$.body.category"]["allowed"]
    for p in problems:
        assert p["expected"] and "^" not in p["expected"] and "\\d" not in p["expected"]
    assert await head(a) == before

    right = initiative("Oficina de acogida", lang="es")
    status, _, raw = await call(
        a, "POST", "/api/v1/admin/check", a.token, json={"kind": "initiative", "body": right}
    )
    assert (status, json.loads(raw)["problems"]) == (200, [])
    assert (await call(a, "POST", "/api/v1/admin/check", "wrong", json={}))[0] == 401
    # Hostile bodies are answered, bounded: nested too deeply, or thousands of mistakes.
    deep = b'{"kind": "initiative", "body": ' + b"[" * 120_000 + b"]" * 120_000 + b"}"
    status, _, raw = await call(a, "POST", "/api/v1/admin/check", a.token, data=deep)
    assert (status, json.loads(raw)["code"]) == (400, "too_deep")
    many = {**right, "places": [{"geo": {"lat": 1.5, "lon": 2.5}}] * 200}
    status, _, raw = await call(
        a, "POST", "/api/v1/admin/check", a.token, json={"kind": "initiative", "body": many}
    )
    assert status == 200 and len(json.loads(raw)["problems"]) == explain.MAX_PROBLEMS


async def test_publish_answers_every_problem_in_an_errors_array(nodes):
    a = await nodes("Girona", lang="ca")
    body = {"title": {"ca": "Acollida"}, "summary": {"ca": "x"}, "category": 3, "status": "?"}
    status, ctype, raw = await call(
        a, "POST", "/api/v1/events", a.token, json={"kind": "initiative", "body": body}
    )
    assert (status, ctype) == (422, "application/problem+json")
    problem = json.loads(raw)
    assert [(e["path"], e["code"]) for e in problem["errors"]] == [
        ("$.body.category", "not_allowed"),
        ("$.body.status", "not_allowed"),
    ]
    assert (problem["code"], problem["path"]) == ("bad_value", "$.body.category")


async def test_batch_publishes_all_or_nothing(nodes):
    a = await nodes("Bilbao", lang="es")
    before = await head(a)
    good = {"kind": "initiative", "body": initiative("Uno", lang="es")}
    bad = {"kind": "retraction", "body": {"event": "f" * 64, "reason": "duplicate"}}
    status, _, raw = await call(
        a, "POST", "/api/v1/events/batch", a.token, json={"events": [good, good, bad]}
    )
    assert status == 422, raw
    errors = json.loads(raw)["errors"]
    assert [(e["index"], e["path"], e["code"]) for e in errors] == [
        (2, "$.body.event", "bad_reference")
    ]
    assert await head(a) == before

    status, _, raw = await call(
        a, "POST", "/api/v1/events/batch", a.token, json={"events": [good, good]}
    )
    assert status == 201, raw
    assert len(json.loads(raw)["ids"]) == 2 and await head(a) == before + 2


def cm(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=60)


async def test_json_lines_with_line_3_refused_by_the_chain_publish_nothing(nodes, tmp_path):
    a = await nodes("Cadiz", lang="es")
    ids = [
        (await a.publish("initiative", initiative(f"Plan {i}", lang="es"))).envelope.id
        for i in range(3)
    ]
    before = await head(a)
    lines = [{"event": ids[0], "reason": "duplicate"}, {"event": ids[1], "reason": "duplicate"}]
    unknown = {"event": "e" * 64, "reason": "duplicate"}  # valid in form, names no event
    file = tmp_path / "retractions.jsonl"
    file.write_text("\n".join(json.dumps(x) for x in [*lines, unknown]) + "\n")
    out = await asyncio.to_thread(cm, "publish", str(a.home.root), "retraction", str(file))
    assert out.returncode == 1 and out.stdout == "", out.stderr
    assert f"{file}: line 3: $.body.event:" in out.stderr and "bad_reference" in out.stderr
    assert "nothing was published" in out.stderr and "Traceback" not in out.stderr
    assert await head(a) == before  # lines 1 and 2 were not published either

    file.write_text("\n".join(json.dumps(x) for x in [*lines, {**unknown, "event": ids[2]}]) + "\n")
    out = await asyncio.to_thread(cm, "publish", str(a.home.root), "retraction", str(file))
    assert out.returncode == 0, out.stderr
    assert len(out.stdout.split()) == 3 and await head(a) == before + 3  # each line once
