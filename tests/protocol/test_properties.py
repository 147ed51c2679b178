"""Properties of signing and checking: round trips and tamper evidence."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from protocol_strategies import bodies, depth, texts

from protocol import (
    Envelope,
    Event,
    ProtocolError,
    SigningKey,
    body_json,
    build_event,
    decode_event,
    limits,
    sign_envelope,
    skeleton,
)
from protocol.canonical import canonical_bytes
from protocol.envelope import _check, _envelope_at_once, _envelope_step_by_step
from protocol.kinds import registry
from protocol.vectors import load
from protocol.verify import verify_lines

KEY = SigningKey(bytes([7]) * 32)
LANGS = st.sampled_from(["pt", "ca", "de", "ar", "pt-BR"])
KINDS = st.sampled_from(["org.example.test-kind", "city.lisboa.notice", "net.x9.a-b.c"])
EVENTS = [v["event"].encode() for v in load("valid.json")]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(body=bodies, kind=KINDS, lang=LANGS, seq=st.integers(1, limits.MAX_INT))
def test_unknown_kind_round_trip(body: dict[str, Any], kind: str, lang: str, seq: int) -> None:
    assume(depth(body) < limits.MAX_DEPTH)
    prev = None if seq == 1 else "ab" * 32
    event = build_event(
        KEY,
        seq=seq,
        prev=prev,
        kind=kind,
        body=body,
        lang=lang,
        created_at="2025-05-01T12:00:00.000Z",
    )
    again = decode_event(event.raw)
    assert again.envelope == event.envelope
    assert again.envelope.body == body
    assert again.payload is None
    assert json.loads(event.raw)["body"] == body


#: Members and texts that look like the envelope's own, inside a body.
LOOKALIKES = st.sampled_from(
    [
        *("id", "sig", "body", "salt", "body_digest", "created_at"),
        *(',"id":"', ',"sig":"', ',"salt":"', ',"created_at":"', ',"body":'),
    ]
)


@FAST
@given(
    body=st.dictionaries(LOOKALIKES, st.one_of(LOOKALIKES, bodies, st.just("ab" * 32))),
    seq=st.integers(1, 3),
)
def test_body_and_unsigned_bytes_are_cut_exactly(body: dict[str, Any], seq: int) -> None:
    assume(depth(body) < limits.MAX_DEPTH)
    event = build_event(
        KEY,
        seq=seq,
        prev=None if seq == 1 else "cd" * 32,
        kind="org.example.test-kind",
        body=body,
        lang="pt",
    )
    # decode_event hashes the unsigned bytes cut from the event's: a wrong cut is id_mismatch.
    assert decode_event(event.raw).envelope.id == event.envelope.id
    assert body_json(event.raw) == canonical_bytes(body)
    assert decode_event(skeleton(event)).envelope.id == event.envelope.id


@FAST
@given(title=texts.filter(bool), summary=texts.filter(bool), extra=bodies, lang=LANGS)
def test_core_kind_round_trip(title: str, summary: str, extra: dict[str, Any], lang: str) -> None:
    assume(depth(extra) < limits.MAX_DEPTH - 1)
    body = {
        "title": {lang: title},
        "summary": {lang: summary, "en": summary},
        "category": "migrant_participation",
        "status": "planned",
        "x-extra": extra,
    }
    event = build_event(KEY, seq=1, prev=None, kind="initiative", body=body, lang=lang)
    count, problems = verify_lines([event.raw])
    assert (count, problems) == (1, [])
    payload = decode_event(event.raw).payload
    assert payload is not None
    assert payload.title == {lang: title}  # type: ignore[attr-defined]


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_any_single_byte_change_is_rejected(data: st.DataObject) -> None:
    raw = data.draw(st.sampled_from(EVENTS))
    position = data.draw(st.integers(0, len(raw) - 1))
    byte = data.draw(st.integers(0, 255).filter(lambda b: b != raw[position]))
    changed = raw[:position] + bytes([byte]) + raw[position + 1 :]
    try:
        decode_event(changed)
    except ProtocolError:
        return
    raise AssertionError(f"accepted a change at byte {position}: {changed!r}")


def _step_by_step(raw: bytes) -> Envelope | str:
    try:
        return _envelope_step_by_step(raw)
    except ProtocolError as exc:
        return exc.code


def _outcome(check: Callable[[bytes], Event], raw: bytes) -> object:
    """What checking `raw` gives: the envelope's members and payload, or the error."""
    try:
        event = check(raw)
    except ProtocolError as exc:
        return (exc.code, exc.path)
    return msgspec.structs.asdict(event.envelope), event.payload


def _rule_by_rule(raw: bytes, verify: bool = True) -> Event:
    """`decode_event` without its one pass: every rule checked in the order SPEC.md gives."""
    return _check(_envelope_step_by_step(raw), raw, None, registry, verify)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_one_pass_decides_as_checking_rule_by_rule(data: st.DataObject) -> None:
    """Changed bytes get the same envelope, or fail with the same rule at the same path,
    whether or not the one pass took them: it may only leave naming a failure to later."""
    raw = data.draw(st.sampled_from(EVENTS))
    position = data.draw(st.integers(0, len(raw) - 1))
    changed = raw[:position] + data.draw(st.binary(max_size=3)) + raw[position + 1 :]
    assert _outcome(decode_event, changed) == _outcome(_rule_by_rule, changed)


def test_one_pass_takes_every_valid_vector() -> None:
    for raw in EVENTS:
        at_once = _envelope_at_once(raw)
        assert at_once is not None
        reference = _rule_by_rule(raw).envelope
        assert msgspec.structs.asdict(at_once) == msgspec.structs.asdict(reference)


@pytest.mark.parametrize(
    "member, value",
    [
        ("id", "E850F404398667EA9160C9223F0A624D9FB41F3C676C0263E26D07435AB100D3"),
        ("id", "e850f404"),
        ("prev", "E850F404398667EA9160C9223F0A624D9FB41F3C676C0263E26D07435AB100D3"),
        ("sig", "+/" * 43),  # 86 characters, but base64, not base64url
        ("created_at", "2025-03-01T09:37:00Z"),
        ("author", "did:key:z6MkIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIII"),
        ("lang", "PT"),
        ("kind", ""),
        ("seq", 0),
        ("kv", limits.MAX_INT + 1),
        ("v", 2),
        ("salt", "AAAAAAAAAAAAAAAAAAAAAB"),  # unused bits set
        ("salt", "AAAAAAAAAAAAAAAAAAAAA"),
    ],
)
def test_a_member_breaking_its_type_is_named_as_rule_by_rule(member: str, value: object) -> None:
    # An extension kind has no schema here: the member's type is the only rule broken.
    unsigned = {
        "v": 1,
        "author": KEY.public_id,
        "seq": 2,
        "prev": "ab" * 32,
        "kind": "org.example.test-kind",
        "kv": 1,
        "created_at": "2025-03-01T09:37:00.007Z",
        "lang": "pt",
        "body": {"n": 1},
        "salt": "AAAAAAAAAAAAAAAAAAAAAA",
    }
    signed = sign_envelope(KEY, unsigned)
    assert isinstance(decode_event(canonical_bytes(signed)), Event)
    if member in ("id", "sig"):
        signed[member] = value
    else:
        unsigned[member] = value
        signed = sign_envelope(KEY, unsigned)
    raw = canonical_bytes(signed)
    for verify in (True, False):
        code, path = _outcome(partial(decode_event, verify=verify), raw)
        assert (code, path) == _outcome(partial(_rule_by_rule, verify=verify), raw)
        assert path is not None and path.startswith(f"$.{member}")


def test_one_pass_leaves_an_overlong_language_tag_to_the_limits() -> None:
    # The tag's pattern allows any length; the string limit does not.
    lang = "pt" + "-abcdefgh" * (limits.MAX_STRING_CHARS // 9 + 1)
    doc = json.loads(EVENTS[0])
    raw = canonical_bytes({**doc, "lang": lang})
    assert _envelope_at_once(raw) is None
    assert _step_by_step(raw) == "string_too_long"
