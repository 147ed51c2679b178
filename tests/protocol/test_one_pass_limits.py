"""The one pass of `decode_event` checks the limits as it decodes (a typed decoder, then
member names): it must take exactly the bodies that walking them takes, at every limit."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from protocol_strategies import bodies, depth

from protocol import SigningKey, decode_event, limits, sign_envelope
from protocol.canonical import _check_at, canonical_bytes, limited_object, names_printable
from protocol.envelope import _ONE_PASS_DEPTH, _check, _envelope_at_once, _envelope_step_by_step
from protocol.errors import ProtocolError
from protocol.kinds import registry

KEY = SigningKey(bytes([9]) * 32)
BODY = msgspec.json.Decoder(limited_object(1))
SHALLOW = msgspec.json.Decoder(limited_object(1, _ONE_PASS_DEPTH))
S, L, N, MAX = (
    limits.MAX_STRING_CHARS,
    limits.MAX_LIST_ITEMS,
    limits.MAX_MEMBER_NAME,
    limits.MAX_INT,
)


def _nested(levels: int, leaf: Any) -> dict[str, Any]:
    """A body whose innermost value, `leaf`, sits `levels` objects below the body."""
    value = leaf
    for _ in range(levels):
        value = {"k": value}
    return {"k": value}


#: Bodies at each limit and one step past it, and whether they keep the limits (the body
#: itself is at depth 1).
BOUNDARIES: list[tuple[dict[str, Any], bool]] = [
    ({"s": "x" * S}, True),
    ({"s": "x" * (S + 1)}, False),
    ({"s": "é" * S}, True),
    ({"s": "é" * (S + 1)}, False),
    ({"s": "\U0001f30d" * (S // 2)}, True),
    ({"l": [[["x" * S]]]}, True),
    ({"l": [["x" * (S + 1)]]}, False),
    ({"l": [None] * L}, True),
    ({"l": [None] * (L + 1)}, False),
    ({"l": [[0] * L]}, True),
    ({"l": [[0] * (L + 1)]}, False),
    ({"n": [MAX, -MAX, 0, True, False, None]}, True),
    ({"n": MAX + 1}, False),
    ({"n": -MAX - 1}, False),
    ({"n": [{"m": MAX + 1}]}, False),
    ({"x" * N: 1}, True),
    ({"x" * (N + 1): 1}, False),
    ({"": 1}, False),
    ({"a": {"": 1}}, False),
    ({" ~!": {"\"'\\": 1}}, True),
    ({"tab\t": 1}, False),
    ({"del\x7f": 1}, False),
    ({"nul\x00": 1}, False),
    ({"ação": 1}, False),
    ({"a": [{"ok": 1}, {"é": 1}]}, False),
    ({"a": [[{"new\n": 1}]]}, False),
    ({"\u2028": 1}, False),
    # Depth: a value at depth 12 is allowed, at 13 not; at 12 a container only if empty.
    (_nested(10, "leaf"), True),
    (_nested(11, "leaf"), False),
    (_nested(10, {}), True),
    (_nested(10, []), True),
    (_nested(10, {"k": 1}), False),
    (_nested(10, [1]), False),
    (_nested(9, [[1]]), False),
    (_nested(9, [[]]), True),
    (_nested(9, [{}]), True),
    (_nested(9, [[[]]]), False),
]


def _id(case: Any) -> str:
    return ascii(canonical_bytes(case)[:40]) if isinstance(case, dict) else str(case)


def _walk_takes(body: dict[str, Any]) -> bool:
    """The limits as the rule-by-rule check walks them (it remembers no member names)."""
    try:
        _check_at(body, "$.body", 1)
    except ProtocolError:
        return False
    return True


def _one_pass_takes(body: dict[str, Any], decoder: msgspec.json.Decoder[Any] = BODY) -> bool:
    try:
        decoded = decoder.decode(canonical_bytes(body))
    except msgspec.ValidationError:
        return False
    assert decoded == body
    return names_printable(decoded)


@pytest.mark.parametrize(("body", "ok"), BOUNDARIES, ids=_id)
def test_one_pass_takes_the_bodies_within_the_limits_exactly(
    body: dict[str, Any], ok: bool
) -> None:
    assert _one_pass_takes(body) == _walk_takes(body) == ok


def test_string_limit_counts_characters() -> None:
    # Not UTF-8 bytes, not UTF-16 units: a character beyond the BMP counts once.
    assert _one_pass_takes({"s": "\U0001f30d" * S})
    assert not _one_pass_takes({"s": "\U0001f30d" * (S + 1)})


@settings(max_examples=150, deadline=None)
@given(body=bodies)
def test_one_pass_decides_limits_as_the_walk_does(body: dict[str, Any]) -> None:
    assert _one_pass_takes(body) == _walk_takes(body)
    # The one pass's decoder stops short of the deepest values, and leaves those to the walk.
    shallow = _one_pass_takes(body, SHALLOW)
    assert _walk_takes(body) if shallow else depth(body) >= _ONE_PASS_DEPTH or not _walk_takes(body)


@pytest.mark.parametrize(("body", "ok"), BOUNDARIES, ids=_id)
def test_the_shallow_decoder_takes_no_body_beyond_the_limits(
    body: dict[str, Any], ok: bool
) -> None:
    shallow = _one_pass_takes(body, SHALLOW)
    assert ok if shallow else depth(body) >= _ONE_PASS_DEPTH or not ok


def test_integers_beyond_64_bits_are_left_to_the_rules() -> None:
    for text in (b"18446744073709551616", b"-9223372036854775809", b"1" * 400):
        with pytest.raises(msgspec.ValidationError):
            BODY.decode(b'{"n":' + text + b"}")


def _event(body: dict[str, Any]) -> bytes:
    unsigned = {
        "v": 1,
        "author": KEY.public_id,
        "seq": 1,
        "prev": None,
        "kind": "org.example.test-kind",
        "kv": 1,
        "created_at": "2025-03-01T09:37:00.007Z",
        "lang": "pt",
        "body": body,
        "salt": "AAAAAAAAAAAAAAAAAAAAAA",
    }
    return canonical_bytes(sign_envelope(KEY, unsigned))


def _outcome(raw: bytes, rule_by_rule: bool) -> object:
    try:
        if rule_by_rule:
            event = _check(_envelope_step_by_step(raw), raw, None, registry, True)
        else:
            event = decode_event(raw)
    except ProtocolError as exc:
        return (type(exc).__name__, exc.code, exc.path, exc.detail)
    return msgspec.structs.asdict(event.envelope)


@pytest.mark.parametrize(("body", "ok"), BOUNDARIES, ids=_id)
def test_an_event_at_a_limit_is_decided_as_rule_by_rule(body: dict[str, Any], ok: bool) -> None:
    raw = _event(body)
    outcome = _outcome(raw, rule_by_rule=False)
    assert outcome == _outcome(raw, rule_by_rule=True)
    # The one pass takes the event exactly when every rule does.
    assert (_envelope_at_once(raw) is not None) == isinstance(outcome, dict)
    assert isinstance(outcome, dict) == ok
