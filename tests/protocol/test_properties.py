"""Properties of signing and checking: round trips and tamper evidence."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from protocol_strategies import bodies, depth, texts

from protocol import (
    Envelope,
    ProtocolError,
    SigningKey,
    body_json,
    build_event,
    decode_event,
    limits,
)
from protocol.canonical import canonical_bytes
from protocol.envelope import _envelope_at_once, _envelope_step_by_step
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
    ["id", "sig", "body", "created_at", ',"id":"', ',"sig":"', ',"created_at":"', ',"body":']
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


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_one_pass_envelope_is_the_step_by_step_one(data: st.DataObject) -> None:
    """Where the one typed pass accepts bytes, checking rule by rule accepts the same
    envelope: the pass may only leave the naming of a failure to the slower path."""
    raw = data.draw(st.sampled_from(EVENTS))
    position = data.draw(st.integers(0, len(raw) - 1))
    changed = raw[:position] + data.draw(st.binary(max_size=3)) + raw[position + 1 :]
    at_once = _envelope_at_once(changed)
    if at_once is not None:
        assert _step_by_step(changed) == at_once


def test_one_pass_takes_every_valid_vector() -> None:
    for raw in EVENTS:
        at_once = _envelope_at_once(raw)
        assert at_once is not None and at_once == _step_by_step(raw)


def test_one_pass_leaves_an_overlong_language_tag_to_the_limits() -> None:
    # The tag's pattern allows any length; the string limit does not.
    lang = "pt" + "-abcdefgh" * (limits.MAX_STRING_CHARS // 9 + 1)
    doc = json.loads(EVENTS[0])
    raw = canonical_bytes({**doc, "lang": lang})
    assert _envelope_at_once(raw) is None
    assert _step_by_step(raw) == "string_too_long"
