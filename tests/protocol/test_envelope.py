"""Building and checking single events: the order of checks and the error paths."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
import pytest

from protocol import (
    CODES,
    Envelope,
    ProtocolError,
    SigningKey,
    build_event,
    decode_event,
    event_id,
    format_time,
    parse_time,
    rotation_statement,
    trusted_event,
)
from protocol.canonical import canonical_bytes

KEY = SigningKey(bytes([1]) * 32)
NEW = SigningKey(bytes([5]) * 32)
NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)
PROFILE = {"name": {"pt": "Lisboa"}, "node_type": "municipality"}


def _code(call: Any) -> str:
    with pytest.raises(ProtocolError) as caught:
        call()
    assert caught.value.code in CODES
    return caught.value.code


def test_build_event_signs_a_checked_event() -> None:
    event = build_event(
        KEY, seq=1, prev=None, kind="profile", body=PROFILE, lang="pt", created_at=NOW
    )
    env = event.envelope
    assert (env.v, env.seq, env.prev, env.kv, env.author) == (1, 1, None, 1, KEY.public_id)
    assert env.created_at == "2025-05-01T12:00:00.000Z"
    assert env.id == event_id(env.unsigned())
    assert event.raw == canonical_bytes(json.loads(event.raw))
    assert decode_event(event.raw, now=NOW) == event


def test_build_event_refuses_invalid_bodies() -> None:
    assert _code(
        lambda: build_event(KEY, seq=1, prev=None, kind="profile", body={}, lang="pt")
    ) == ("missing_field")
    bad_lang = {**PROFILE, "name": {"en": "Lisbon"}}
    assert (
        _code(lambda: build_event(KEY, seq=1, prev=None, kind="profile", body=bad_lang, lang="pt"))
        == "missing_language"
    )
    assert (
        _code(lambda: build_event(KEY, seq=1, prev=None, kind="Profile", body=PROFILE, lang="pt"))
        == "bad_kind_name"
    )


def test_error_paths_and_to_dict() -> None:
    bad = {**PROFILE, "node_type": "city"}
    with pytest.raises(ProtocolError) as caught:
        build_event(KEY, seq=1, prev=None, kind="profile", body=bad, lang="pt")
    assert caught.value.to_dict()["code"] == "bad_value"
    assert caught.value.to_dict()["path"] == "$.body.node_type"
    with pytest.raises(ProtocolError) as caught:
        build_event(KEY, seq=1, prev=None, kind="profile", body={"name": {"pt": "x"}}, lang="pt")
    assert caught.value.path == "$.body.node_type"


def test_clock_skew_only_when_a_clock_is_given() -> None:
    ahead = NOW + timedelta(seconds=601)
    event = build_event(
        KEY, seq=1, prev=None, kind="profile", body=PROFILE, lang="pt", created_at=ahead
    )
    assert decode_event(event.raw) == event
    assert decode_event(event.raw, now=NOW + timedelta(seconds=1)) == event
    assert _code(lambda: decode_event(event.raw, now=NOW)) == "clock_skew"
    past = NOW - timedelta(days=3650)
    old = build_event(
        KEY, seq=1, prev=None, kind="profile", body=PROFILE, lang="pt", created_at=past
    )
    assert decode_event(old.raw, now=NOW) == old


def test_verify_false_skips_only_the_signature() -> None:
    event = build_event(KEY, seq=1, prev=None, kind="profile", body=PROFILE, lang="pt")
    doc = json.loads(event.raw)
    forged = canonical_bytes({**doc, "sig": NEW.sign(bytes.fromhex(doc["id"]))})
    assert _code(lambda: decode_event(forged)) == "bad_signature"
    assert decode_event(forged, verify=False).envelope.id == event.envelope.id
    tampered = canonical_bytes({**doc, "created_at": "2025-01-01T00:00:00.000Z"})
    assert _code(lambda: decode_event(tampered, verify=False)) == "id_mismatch"


def test_checks_run_in_spec_order() -> None:
    """Oversize wins over everything, then JSON, then canonical form, then version, then schema."""
    event = build_event(KEY, seq=1, prev=None, kind="profile", body=PROFILE, lang="pt")
    doc = json.loads(event.raw)
    huge = json.dumps({**doc, "v": 2, "pad": "x" * 70000}).encode()
    assert _code(lambda: decode_event(huge)) == "too_large"
    assert _code(lambda: decode_event(json.dumps({**doc, "v": 2}).encode())) == "not_canonical"
    assert _code(lambda: decode_event(canonical_bytes({**doc, "v": 2, "seq": "x"}))) == (
        "unsupported_version"
    )
    assert _code(lambda: decode_event(canonical_bytes({**doc, "kind": "x", "seq": "1"}))) == (
        "bad_field_type"
    )
    assert _code(lambda: decode_event(canonical_bytes({**doc, "kind": "X"}))) == "bad_kind_name"
    assert _code(lambda: decode_event(canonical_bytes({**doc, "body": {}}))) == "missing_field"
    assert _code(lambda: decode_event(canonical_bytes({**doc, "lang": "ca"}))) == "missing_language"


def test_unknown_kind_is_a_valid_envelope() -> None:
    body = {"anything": ["goes", 1, None, {"x": True}]}
    event = build_event(KEY, seq=1, prev=None, kind="org.example.thing", body=body, lang="pt")
    assert event.payload is None and event.envelope.kv == 1


def test_rotation_statement_and_check() -> None:
    prev = "ab" * 32
    statement = rotation_statement(KEY.public_id, NEW.public_id, prev)
    assert statement == f"citymesh key.rotation\n{KEY.public_id}\n{NEW.public_id}\n{prev}".encode()
    assert rotation_statement(KEY.public_id, NEW.public_id, None).endswith(b"\n")
    body = {"new_key": NEW.public_id, "new_key_sig": NEW.sign(statement)}
    event = build_event(KEY, seq=2, prev=prev, kind="key.rotation", body=body, lang="pt")
    assert event.payload is not None
    wrong_prev = {
        **body,
        "new_key_sig": NEW.sign(rotation_statement(KEY.public_id, NEW.public_id, None)),
    }
    assert (
        _code(
            lambda: build_event(
                KEY, seq=2, prev=prev, kind="key.rotation", body=wrong_prev, lang="pt"
            )
        )
        == "bad_rotation"
    )


def test_time_format() -> None:
    when = datetime(2025, 1, 2, 3, 4, 5, 678900, tzinfo=UTC)
    assert format_time(when) == "2025-01-02T03:04:05.678Z"
    assert parse_time("2025-01-02T03:04:05.678Z") == when.replace(microsecond=678000)
    berlin = when.astimezone(ZoneInfo("Europe/Berlin"))
    assert format_time(berlin) == "2025-01-02T03:04:05.678Z"


def test_trusted_event_rebuilds_an_accepted_event() -> None:
    event = build_event(KEY, seq=1, prev=None, kind="profile", body=PROFILE, lang="pt")
    again = trusted_event(event.raw)
    # An Envelope (of a subclass without the field constraints) with the same fields.
    assert isinstance(again.envelope, Envelope) and again.raw == event.raw
    assert msgspec.structs.asdict(again.envelope) == msgspec.structs.asdict(event.envelope)


def test_trusted_head_has_the_envelope_members_but_the_body() -> None:
    event = build_event(KEY, seq=2, prev="ab" * 32, kind="profile", body=PROFILE, lang="pt")
    head = trusted_event(event.raw).head
    members = msgspec.structs.asdict(event.envelope)
    del members["body"], members["salt"]
    assert {name: getattr(head, name) for name in members} == members
    assert not hasattr(head, "body") and not hasattr(head, "salt")
