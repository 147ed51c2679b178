"""Builders for the bad-input corpus: HTTP bodies and signed events made at run time."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from protocol import SigningKey, build_event, canonical_bytes, new_salt, sign_envelope

CORPUS = json.loads((Path(__file__).parent / "corpus" / "cases.json").read_text("utf-8"))


def cases(*entries: str) -> list[dict[str, Any]]:
    return [c for c in CORPUS if c["entry"] in entries]


def _title(text: str) -> dict[str, Any]:
    return {
        "title": {"en": text},
        "summary": {"en": "s"},
        "status": "active",
        "category": "welcoming_rights",
    }


def http_body(gen: str) -> bytes:
    """The request bodies too big or too odd to write into the corpus file."""
    if gen == "non_utf8":
        return b'{"kind": "initiative", "body": {"title": {"en": "\xff\xfe"}}}'
    if gen == "big_int":
        return b'{"kind": "initiative", "body": {"progress": 9007199254740993}}'
    if gen == "deep":
        return b'{"kind": "initiative", "body": {"x": ' + b"[" * 200 + b"]" * 200 + b"}}"
    if gen == "huge_string":
        return json.dumps({"kind": "initiative", "body": _title("t" * 20_000)}).encode()
    if gen == "huge_array":
        body = {**_title("many"), "target_groups": ["migrants_any_status"] * 300}
        return json.dumps({"kind": "initiative", "body": body}).encode()
    if gen == "oversized":
        return json.dumps({"kind": "initiative", "body": _title("x" * 300_000)}).encode()
    if gen == "event_too_large":
        body = {**_title("big"), "places": [{"name": {"en": "p" * 8000}}] * 13}
        return json.dumps({"kind": "initiative", "body": body}).encode()
    raise KeyError(gen)


def sign(unsigned: dict[str, Any], key: SigningKey) -> bytes:
    return canonical_bytes(sign_envelope(key, unsigned))


def unsigned(key: SigningKey, seq: int, prev: str | None, **over: Any) -> dict[str, Any]:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return {
        "v": 1,
        "author": key.public_id,
        "seq": seq,
        "prev": prev,
        "kind": "initiative",
        "kv": 1,
        "created_at": now,
        "lang": "en",
        "body": _title(f"event {seq}"),
        "salt": new_salt(),
        **over,
    }


def event_case(gen: str) -> tuple[SigningKey, list[bytes], bytes]:
    """(author key, context events to accept first, the case's event) for an event case."""
    key = SigningKey.generate()
    first = build_event(key, seq=1, prev=None, kind="initiative", body=_title("one"), lang="en")
    ctx, prev = [first.raw], first.envelope.id
    if gen == "forged_signature":
        return key, ctx, sign(unsigned(key, 2, prev), SigningKey.generate())
    if gen == "id_mismatch":
        good = json.loads(sign(unsigned(key, 2, prev), key))
        good["id"] = hashlib.sha256(b"another").hexdigest()
        return key, ctx, canonical_bytes(good)
    if gen == "replay":
        return key, ctx, first.raw
    if gen == "wrong_prev":
        return key, ctx, sign(unsigned(key, 2, "ab" * 32), key)
    if gen == "future":
        return key, ctx, sign(unsigned(key, 2, prev, created_at="2999-01-01T00:00:00.000Z"), key)
    if gen == "version_2":
        return key, ctx, sign(unsigned(key, 2, prev, v=2), key)
    if gen == "unknown_kind":
        return key, ctx, sign(unsigned(key, 2, prev, kind="org.example.thing", body={"n": 1}), key)
    if gen == "fork":
        second = sign(unsigned(key, 2, prev), key)
        return key, [*ctx, second], sign(unsigned(key, 2, prev, body=_title("other two")), key)
    if gen == "gap":
        return key, ctx, sign(unsigned(key, 3, "cd" * 32), key)
    if gen == "live_junk":
        return key, ctx, b'{"v":1,"author":' + b"9" * 100
    raise KeyError(gen)
