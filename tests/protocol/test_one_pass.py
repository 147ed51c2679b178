"""The one pass of `decode_event` checks the limits as it decodes (a typed decoder, then
member names), and the members of fixed form with one match: it must take exactly what
checking each rule on its own takes."""

from __future__ import annotations

import re
from typing import Any

import msgspec
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from protocol_strategies import bodies, depth

from protocol import SigningKey, decode_event, limits, sign_envelope, skeleton
from protocol.canonical import _check_at, canonical_bytes, limited_object, names_printable
from protocol.envelope import (
    _ONE_PASS_DEPTH,
    Digest,
    Salt,
    Signature,
    Timestamp,
    _check,
    _Checked,
    _envelope_at_once,
    _envelope_step_by_step,
    _members_keep_their_types,
    _unsigned,
    _unsigned_bytes,
)
from protocol.errors import ProtocolError
from protocol.kinds import registry
from protocol.kinds.types import EventId
from protocol.vectors import load

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


def _matches(annotated: Any, text: object) -> bool:
    pattern = annotated.__metadata__[0].pattern
    return isinstance(text, str) and re.search(pattern, text) is not None


SALT, SIG = "AAAAAAAAAAAAAAAAAAAAAg", "A" * 85 + "w"
TIME, ID = "2024-02-29T23:59:59.999Z", "0123456789abcdef" * 4
#: Values of each member of fixed form: valid ones, one character off, and texts that hold
#: another member's value after a space (as if the parts of one match could shift).
FIXED_TEXTS = st.sampled_from(
    [
        SALT,
        SIG,
        TIME,
        ID,
        "",
        " ",
        SALT[:-1] + "B",
        SIG + "\n",
        TIME.replace("29", "30"),
        ID.upper(),
        f"{SIG} {TIME}",
        f"{TIME} {ID}",
        f"{SALT} {SIG}",
        f"{ID} {SIG}",
    ]
) | st.text(alphabet="Aw0f9 -:.TZ\n", max_size=90)


def _mostly(valid: Any) -> st.SearchStrategy[Any]:
    """`valid` five times in six, else any of `FIXED_TEXTS`."""
    return st.integers(0, 5).flatmap(lambda i: FIXED_TEXTS if i == 0 else st.just(valid))


def _decided(body: Any, salt: Any, digest: Any, sig: str, created_at: str, prev: Any) -> bool:
    """What the one pass decides on these members (all others valid), asserting that it is
    what checking them one by one decides."""
    env = _Checked(
        v=1,
        author=KEY.public_id,
        seq=1,
        prev=prev,
        kind="org.example.test-kind",
        kv=1,
        created_at=created_at,
        lang="pt",
        body=body,
        salt=salt,
        body_digest=digest,
        id=ID,
        sig=sig,
    )
    one_by_one = (
        (_matches(Salt, salt) and digest is msgspec.UNSET)
        if body is not msgspec.UNSET
        else (salt is msgspec.UNSET and _matches(Digest, digest))
    ) and (
        _matches(Signature, sig)
        and _matches(Timestamp, created_at)
        and (prev is None or _matches(EventId, prev))
    )
    assert _members_keep_their_types(env) == one_by_one
    return one_by_one


@settings(max_examples=500, deadline=None)
@given(data=st.data(), full=st.booleans())
def test_members_of_fixed_form_are_matched_as_one_by_one(data: st.DataObject, full: bool) -> None:
    unset = st.just(msgspec.UNSET)
    body = {"n": 1} if full else msgspec.UNSET
    salt = data.draw(_mostly(SALT) if full else _mostly(msgspec.UNSET))
    digest = data.draw(_mostly(msgspec.UNSET) | unset if full else _mostly(ID))
    sig, created_at = data.draw(_mostly(SIG)), data.draw(_mostly(TIME))
    prev = data.draw(st.none() | _mostly(ID))
    event(f"taken: {_decided(body, salt, digest, sig, created_at, prev)}")


FULL, SKELETON = {"n": 1}, msgspec.UNSET


@pytest.mark.parametrize(
    ("members", "ok"),
    [
        ((FULL, SALT, SKELETON, SIG, TIME, None), True),
        ((FULL, SALT, SKELETON, SIG, TIME, ID), True),
        ((SKELETON, SKELETON, ID, SIG, TIME, None), True),
        # A member that holds the next one after a space, the last one shifted into prev.
        ((FULL, SALT, SKELETON, f"{SIG} {TIME}", ID, None), False),
        ((FULL, f"{SALT} {SIG}", SKELETON, TIME, ID, None), False),
        ((SKELETON, SKELETON, f"{ID} {SIG}", TIME, ID, None), False),
        ((FULL, SALT, SKELETON, SIG, f"{TIME} {ID}", None), False),
        ((FULL, SALT, SKELETON, SIG, TIME, ""), False),
    ],
)
def test_members_of_fixed_form_are_not_taken_for_one_another(
    members: tuple[Any, ...], ok: bool
) -> None:
    assert _decided(*members) == ok


def test_unsigned_bytes_are_encoded_as_they_are_cut() -> None:
    # The id is checked over bytes encoded from the checked members: those cut from the
    # event's own bytes, in both forms.
    for vector in load("valid.json"):
        raw = vector["event"].encode()
        for form in (raw, skeleton(decode_event(raw))):
            env = _envelope_at_once(form)
            assert env is not None
            assert _unsigned(env, form) == _unsigned_bytes(form)
